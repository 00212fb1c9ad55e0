/**
 * Tokens of the label selector string syntax. Numbering follows upstream so that `Error`
 * is the zero value the special-symbol scanner tests against.
 */
export const Token = {
  Error: 0,
  EndOfString: 1,
  ClosedPar: 2,
  Comma: 3,
  DoesNotExist: 4,
  DoubleEquals: 5,
  Equals: 6,
  GreaterThan: 7,
  Identifier: 8,
  In: 9,
  LessThan: 10,
  NotEquals: 11,
  NotIn: 12,
  OpenPar: 13,
} as const;
export type Token = (typeof Token)[keyof typeof Token];

/** One lexed token and the text it came from. */
export interface ScannedItem {
  readonly tok: Token;
  readonly literal: string;
}

const literalTokens: ReadonlyMap<string, Token> = new Map<string, Token>([
  [')', Token.ClosedPar],
  [',', Token.Comma],
  ['!', Token.DoesNotExist],
  ['==', Token.DoubleEquals],
  ['=', Token.Equals],
  ['>', Token.GreaterThan],
  ['in', Token.In],
  ['<', Token.LessThan],
  ['!=', Token.NotEquals],
  ['notin', Token.NotIn],
  ['(', Token.OpenPar],
]);

// Code unit 0 doubles as "end of input", exactly as upstream's byte reader returns 0 at the end:
// a NUL inside the selector therefore ends an identifier, and a leading NUL ends the selector.
const END = 0;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function isSpecialSymbol(c: number): boolean {
  // = ! ( ) , > <
  return c === 0x3d || c === 0x21 || c === 0x28 || c === 0x29 || c === 0x2c || c === 0x3e || c === 0x3c;
}

/**
 * Splits a label selector into tokens, one `lex()` call at a time. Never throws: bad input
 * shows up as tokens the parser rejects. Works on UTF-16 code units; every separator is
 * ASCII, so tokens split where upstream's byte-wise lexer splits them.
 */
export class Lexer {
  private pos = 0;

  constructor(private readonly s: string) {}

  private read(): number {
    if (this.pos < this.s.length) return this.s.charCodeAt(this.pos++);
    return END;
  }

  private unread(): void {
    this.pos--;
  }

  private scanIdOrKeyword(): ScannedItem {
    const start = this.pos;
    let end = start;
    for (;;) {
      const c = this.read();
      if (c === END) {
        // A NUL inside the text is consumed; the true end leaves pos where it is.
        break;
      }
      if (isSpecialSymbol(c) || isWhitespace(c)) {
        this.unread();
        break;
      }
      end = this.pos;
    }
    const literal = this.s.slice(start, end);
    return { tok: literalTokens.get(literal) ?? Token.Identifier, literal };
  }

  private scanSpecialSymbol(): ScannedItem {
    let buffer = '';
    let last: ScannedItem = { tok: Token.Error, literal: '' };
    for (;;) {
      const c = this.read();
      if (c === END) break;
      if (!isSpecialSymbol(c)) {
        this.unread();
        break;
      }
      buffer += String.fromCharCode(c);
      const tok = literalTokens.get(buffer);
      if (tok !== undefined) {
        last = { tok, literal: buffer };
      } else if (last.tok !== Token.Error) {
        // The longest operator has been read; give the extra symbol back.
        this.unread();
        break;
      }
    }
    if (last.tok === Token.Error)
      return { tok: Token.Error, literal: `error expected: keyword found '${buffer}'` };
    return last;
  }

  /** The next token; `EndOfString` (literal '') once the input is used up, and forever after. */
  lex(): ScannedItem {
    let c = this.read();
    while (isWhitespace(c)) c = this.read();
    if (c === END) return { tok: Token.EndOfString, literal: '' };
    this.unread();
    if (isSpecialSymbol(c)) return this.scanSpecialSymbol();
    return this.scanIdOrKeyword();
  }
}

/** Every token of `s` up to and including the first `EndOfString`. Never throws. */
export function scanAll(s: string): ScannedItem[] {
  const lexer = new Lexer(s);
  const items: ScannedItem[] = [];
  for (;;) {
    const item = lexer.lex();
    items.push(item);
    if (item.tok === Token.EndOfString) return items;
  }
}
