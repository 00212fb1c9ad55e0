/**
 * A JSON value that keeps what JSON.parse loses: object members in text order including
 * duplicate keys, and number literals as written.
 */
export type JsonNode =
  | { readonly kind: 'object'; readonly members: ReadonlyArray<readonly [string, JsonNode]> }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly raw: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' };

/** Thrown by scanJson for text that is not one JSON value; `offset` is the character index. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * Nesting limit. Upstream's decoder allows 10000 levels; JavaScript's stack does not, and no
 * Kubernetes object comes near either, so input deeper than this is refused (scanJson) or not
 * inspected below this depth (toJsonNode).
 */
export const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Parses JSON text into a JsonNode tree. Pure; throws JsonSyntaxError (never anything else)
 * for malformed text, trailing data or nesting deeper than 10000.
 */
export function scanJson(text: string): JsonNode {
  let pos = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at offset ${pos}`, pos);
  };
  const ws = () => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      pos++;
    }
  };
  const str = (): string => {
    pos++;
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text[pos]!;
      if (c === '"') {
        pos++;
        return out;
      }
      if (c === '\\') {
        const e = text[pos + 1];
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid unicode escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 6;
          continue;
        }
        const mapped = e === undefined ? undefined : ESCAPES[e];
        if (mapped === undefined) fail('invalid escape');
        out += mapped;
        pos += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail('control character in string');
      out += c;
      pos++;
    }
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail('exceeded max depth');
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const members: [string, JsonNode][] = [];
      ws();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', members };
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail('expected object key');
        const key = str();
        ws();
        if (text[pos] !== ':') fail("expected ':'");
        pos++;
        members.push([key, value(depth + 1)]);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { kind: 'object', members };
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { kind: 'array', items };
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return { kind: 'string', value: str() };
    for (const [word, node] of LITERALS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return node;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m === null || m[0] === '') return fail('invalid character');
    pos += m[0].length;
    return { kind: 'number', raw: m[0] };
  };
  const root = value(0);
  ws();
  if (pos !== text.length) fail('invalid character after top-level value');
  return root;
}

const LITERALS: ReadonlyArray<readonly [string, JsonNode]> = [
  ['true', { kind: 'bool', value: true }],
  ['false', { kind: 'bool', value: false }],
  ['null', { kind: 'null' }],
];

/**
 * Converts an already parsed JSON value into a JsonNode (keys in property order, undefined
 * members dropped, non-finite numbers as null, as JSON.stringify would). Values nested deeper
 * than MAX_DEPTH become null. Pure; never throws (cycles are cut by the depth limit).
 */
export function toJsonNode(v: unknown, depth = 0): JsonNode {
  if (v === null || v === undefined || depth > MAX_DEPTH) return { kind: 'null' };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number')
    return Number.isFinite(v) ? { kind: 'number', raw: String(v) } : { kind: 'null' };
  if (Array.isArray(v)) return { kind: 'array', items: v.map((x) => toJsonNode(x, depth + 1)) };
  if (typeof v === 'object') {
    const members: [string, JsonNode][] = [];
    for (const [k, x] of Object.entries(v)) if (x !== undefined) members.push([k, toJsonNode(x, depth + 1)]);
    return { kind: 'object', members };
  }
  return { kind: 'null' };
}
