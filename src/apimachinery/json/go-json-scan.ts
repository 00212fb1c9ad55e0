import { goQuote } from '../field/index.js';

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

/** Go's `encoding/json` nesting limit. */
export const GO_JSON_MAX_DEPTH = 10000;

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
 * replaced by U+FFFD. Nesting deeper than `maxDepth` (Go's 10000 by default) fails as Go's scanner
 * does: `invalid character '[' exceeded max depth`. Iterative: deep input cannot exhaust the stack.
 */
export function scanGoJSON(bytes: Uint8Array, maxDepth = GO_JSON_MAX_DEPTH): Scanned {
  let i = 0;
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

  type Frame =
    | { readonly t: 'array'; readonly items: Scanned[] }
    | { readonly t: 'object'; readonly entries: [string, Scanned][]; key: string };
  // Open collections, innermost last: the scan is iterative so that nesting costs heap, not stack.
  const stack: Frame[] = [];

  // Reads `"key" :` of an object member (the caller has skipped whitespace).
  const memberKey = (ctx: string): string => {
    if (bytes[i] !== 0x22) fail(ctx);
    const key = string();
    ws();
    if (bytes[i] !== 0x3a) fail('after object key');
    i++;
    return key;
  };

  for (;;) {
    // Scan one value; collections open a frame and go on with their first member.
    ws();
    if (i >= n) fail('');
    const b = bytes[i]!;
    let v: Scanned | undefined;
    if (b === 0x7b || b === 0x5b) {
      if (stack.length >= maxDepth) {
        throw new GoJSONSyntaxError(`invalid character ${quoteChar(b)} exceeded max depth`);
      }
      i++;
      ws();
      if (b === 0x5b) {
        if (bytes[i] === 0x5d) {
          i++;
          v = { t: 'array', items: [] };
        } else {
          stack.push({ t: 'array', items: [] });
          continue;
        }
      } else if (bytes[i] === 0x7d) {
        i++;
        v = { t: 'object', entries: [] };
      } else {
        stack.push({
          t: 'object',
          entries: [],
          key: memberKey('looking for beginning of object key string'),
        });
        continue;
      }
    } else if (b === 0x22) v = { t: 'string', v: string() };
    else if (b === 0x2d || isDigit(b)) v = number();
    else if (b === 0x74) v = literal('true', { t: 'bool', v: true });
    else if (b === 0x66) v = literal('false', { t: 'bool', v: false });
    else if (b === 0x6e) v = literal('null', { t: 'null' });
    else return fail('looking for beginning of value');

    // Hand the finished value to the open collections, closing those that end here.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        ws();
        if (i < n) fail('after top-level value');
        return v;
      }
      if (top.t === 'array') top.items.push(v);
      else top.entries.push([top.key, v]);
      ws();
      if (bytes[i] === 0x2c) {
        i++;
        if (top.t === 'object') {
          ws();
          top.key = memberKey('looking for beginning of object key string');
        }
        break;
      }
      if (top.t === 'array' ? bytes[i] === 0x5d : bytes[i] === 0x7d) {
        i++;
        stack.pop();
        v = top.t === 'array' ? { t: 'array', items: top.items } : { t: 'object', entries: top.entries };
        continue;
      }
      fail(top.t === 'array' ? 'after array element' : 'after object key:value pair');
    }
  }
}
