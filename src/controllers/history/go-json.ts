// JSON text as Go's encoding/json writes a value decoded into map[string]interface{}: object
// members sorted by key at every depth, no whitespace, and `<`, `>`, `&`, U+2028 and U+2029 written
// as \u escapes. ControllerRevision data is built that way upstream (encode, decode into a map,
// encode again), so writing the same text here gives byte-identical revision data and hashes.

type Dict = Record<string, unknown>;

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

// Go sorts map keys by their UTF-8 bytes; for keys without astral characters that is the
// UTF-16 code-unit order, and for the rest comparing code points gives the byte order.
function compareKeys(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function write(v: unknown, inArray: boolean): string | undefined {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol')
    return inArray ? 'null' : undefined;
  if (v === null) return 'null';
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((e) => write(e, true)).join(',')}]`;
  const o = v as Dict;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort(compareKeys)) {
    const s = write(o[k], false);
    if (s !== undefined) parts.push(`${goString(k)}:${s}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * `value` as Go's json.Marshal writes a map[string]interface{} holding it (see the file comment).
 * Pure; the input must be acyclic. Undefined members are left out, as JSON has no such value.
 */
export function goJSON(value: unknown): string {
  return write(value, false) ?? 'null';
}
