/**
 * Request headers as node:http gives them. Pass `req.headersDistinct` (one array entry per header
 * line): `req.headers` joins repeated lines with `, `, which would merge two groups into one.
 */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Every value of the header named `lowerName` (matched case-insensitively), in order. Pure. */
export function headerValues(headers: RequestHeaders, lowerName: string): readonly string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== lowerName || v === undefined) continue;
    if (typeof v === 'string') out.push(v);
    else out.push(...v);
  }
  return out;
}
