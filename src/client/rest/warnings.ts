// RFC 7234 `Warning` headers, as the API server sends them (`299 - "text"`).

/**
 * The texts of the warnings in the raw header list of a response (`[name, value, name, value...]`),
 * in order. Values that are not `<code> <agent> "<text>"` are returned whole. Pure.
 */
export function warningsFromRawHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'warning') continue;
    out.push(...parseWarningHeader(raw[i + 1]!));
  }
  return out;
}

/** The texts of one `Warning` header value, which may hold several comma-separated warnings. */
export function parseWarningHeader(value: string): string[] {
  const out: string[] = [];
  const re = /\s*(\d{3})\s+(\S+)\s+"((?:[^"\\]|\\.)*)"(?:\s+"[^"]*")?\s*(?:,|$)/y;
  let pos = 0;
  while (pos < value.length) {
    re.lastIndex = pos;
    const m = re.exec(value);
    if (m === null) {
      const rest = value.slice(pos).trim();
      if (rest !== '') out.push(rest);
      break;
    }
    out.push(m[3]!.replace(/\\(.)/g, '$1'));
    pos = re.lastIndex;
  }
  return out;
}
