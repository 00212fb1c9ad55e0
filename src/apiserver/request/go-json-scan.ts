import { goQuote } from '../../apimachinery/field/index.js';

/** A JSON value as scanned: numbers keep their literal text so that int64 stays exact. */
export type Scanned =
  | { readonly t: 'null' }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'number'; readonly text: string }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'array'; readonly items: Scanned[] }
  | { readonly t: 'object'; readonly entries: [string, Scanned][] };

/** Malformed JSON; the message is Go's `encoding/json` syntax error text. */
export class GoJSONSyntaxError extends Error {
  override readonly name = 'GoJSONSyntaxError';
}

const eof = 'unexpected end of JSON input';

// `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` → the byte they stand for.
const simpleEscapes: ReadonlyMap<number, number> = new Map([
  [0x22, 0x22],
  [0x5c, 0x5c],
  [0x2f, 0x2f],
  [0x62, 0x08],
  [0x66, 0x0c],
  [0x6e, 0x0a],
  [0x72, 0x0d],
  [0x74, 0x09],
]);

// Go quotes the offending byte as a character literal: 'x', '\'', '"', '\n', '\x00'.
function quoteChar(b: number): string {
  if (b === 0x27) return `'\\''`;
  if (b === 0x22) return `'"'`;
  const q = goQuote(String.fromCharCode(b));
  return `'${q.slice(1, -1)}'`;
}

/**
 * Scans JSON bytes as Go's `json.Unmarshal` checks them before decoding: the first syntax error
 * is thrown as GoJSONSyntaxError with Go's message (`invalid character 'x' looking for beginning
 * of value`, `unexpected end of JSON input`, ...). Strings are decoded as UTF-8 with invalid bytes
 * replaced by U+FFFD. Nesting is limited to 10000 levels, as Go's scanner does.
 */
export function scanGoJSON(bytes: Uint8Array): Scanned {
  let i = 0;
  let depth = 0;
  const n = bytes.length;
  const fail = (ctx: string): never => {
    if (i >= n) throw new GoJSONSyntaxError(eof);
    throw new GoJSONSyntaxError(`invalid character ${quoteChar(bytes[i]!)} ${ctx}`);
  };
  const ws = (): void => {
    while (i < n) {
      const b = bytes[i]!;
      if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) break;
      i++;
    }
  };
  const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;

  const literal = (word: string, value: Scanned): Scanned => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= n) fail('');
      if (bytes[i] !== word.charCodeAt(k))
        fail(`in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`);
    }
    i++;
    return value;
  };

  const number = (): Scanned => {
    const start = i;
    if (bytes[i] === 0x2d) {
      i++;
      if (!isDigit(bytes[i])) fail('in numeric literal');
    }
    if (bytes[i] === 0x30) i++;
    else while (isDigit(bytes[i])) i++;
    if (bytes[i] === 0x2e) {
      i++;
      if (!isDigit(bytes[i])) fail('after decimal point in numeric literal');
      while (isDigit(bytes[i])) i++;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (!isDigit(bytes[i])) fail('in exponent of numeric literal');
      while (isDigit(bytes[i])) i++;
    }
    return { t: 'number', text: new TextDecoder().decode(bytes.subarray(start, i)) };
  };

  const string = (): string => {
    i++; // opening quote
    const out: number[] = [];
    let units = '';
    const flush = (): void => {
      if (out.length > 0) units += new TextDecoder().decode(new Uint8Array(out));
      out.length = 0;
    };
    for (;;) {
      if (i >= n) fail('');
      const b = bytes[i]!;
      if (b === 0x22) {
        i++;
        flush();
        return units.replace(
          /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
          '\ufffd',
        );
      }
      if (b < 0x20) fail('in string literal');
      if (b !== 0x5c) {
        out.push(b);
        i++;
        continue;
      }
      i++;
      if (i >= n) fail('');
      const e = bytes[i]!;
      const simple = simpleEscapes.get(e);
      if (simple !== undefined) {
        out.push(simple);
        i++;
        continue;
      }
      if (e !== 0x75) fail('in string escape code');
      let cp = 0;
      for (let k = 0; k < 4; k++) {
        i++;
        if (i >= n) fail('');
        const h = String.fromCharCode(bytes[i]!);
        if (!/[0-9a-fA-F]/.test(h)) fail('in \\u hexadecimal character escape');
        cp = cp * 16 + Number.parseInt(h, 16);
      }
      i++;
      flush();
      // Go pairs surrogates itself and turns a lone one into U+FFFD.
      units += String.fromCharCode(cp);
    }
  };

  const value = (ctx: string): Scanned => {
    ws();
    if (i >= n) fail('');
    const b = bytes[i]!;
    if (b === 0x7b || b === 0x5b) {
      if (++depth > 10000) throw new GoJSONSyntaxError('exceeded max depth');
      const r = b === 0x7b ? object() : array();
      depth--;
      return r;
    }
    if (b === 0x22) return { t: 'string', v: string() };
    if (b === 0x2d || isDigit(b)) return number();
    if (b === 0x74) return literal('true', { t: 'bool', v: true });
    if (b === 0x66) return literal('false', { t: 'bool', v: false });
    if (b === 0x6e) return literal('null', { t: 'null' });
    return fail(ctx);
  };

  const object = (): Scanned => {
    i++;
    const entries: [string, Scanned][] = [];
    ws();
    if (bytes[i] === 0x7d) {
      i++;
      return { t: 'object', entries };
    }
    for (;;) {
      ws();
      if (bytes[i] !== 0x22) fail('looking for beginning of object key string');
      const key = string();
      ws();
      if (bytes[i] !== 0x3a) fail('after object key');
      i++;
      entries.push([key, value('looking for beginning of value')]);
      ws();
      if (bytes[i] === 0x2c) {
        i++;
        continue;
      }
      if (bytes[i] === 0x7d) {
        i++;
        return { t: 'object', entries };
      }
      fail('after object key:value pair');
    }
  };

  const array = (): Scanned => {
    i++;
    const items: Scanned[] = [];
    ws();
    if (bytes[i] === 0x5d) {
      i++;
      return { t: 'array', items };
    }
    for (;;) {
      items.push(value('looking for beginning of value'));
      ws();
      if (bytes[i] === 0x2c) {
        i++;
        continue;
      }
      if (bytes[i] === 0x5d) {
        i++;
        return { t: 'array', items };
      }
      fail('after array element');
    }
  };

  const v = value('looking for beginning of value');
  ws();
  if (i < n) fail('after top-level value');
  return v;
}
