/** What an `Authorization` header carries, as far as bearer-token authentication is concerned. */
export type BearerHeader =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  /** `Bearer  token` (two spaces): ignored, with a warning for the client. */
  | { kind: 'ignored'; warning: string };

/** The warning upstream returns when the token is preceded by an extra space. */
export const InvalidTokenWithSpaceWarning =
  'the provided Authorization header contains extra space before the bearer token, and is ignored';

/**
 * Reads a bearer token from an `Authorization` header value as upstream does: surrounding
 * whitespace trimmed, scheme `bearer` in any case, exactly one space before the token, the token
 * ends at the next space. Other schemes and a missing token mean no bearer credentials.
 * Pure; never throws.
 */
export function parseBearerHeader(value: string | undefined): BearerHeader {
  const auth = goTrimSpace(value ?? '');
  if (auth === '') return { kind: 'none' };
  const parts = splitN(auth, ' ', 3);
  const scheme = parts[0] ?? '';
  const token = parts[1];
  if (token === undefined || scheme.toLowerCase() !== 'bearer') return { kind: 'none' };
  if (token === '') {
    return parts.length === 3 ? { kind: 'ignored', warning: InvalidTokenWithSpaceWarning } : { kind: 'none' };
  }
  return { kind: 'token', token };
}

/** Go's strings.SplitN for n > 0. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

// Go's unicode.IsSpace set: ASCII \t \n \v \f \r and space, U+0085, U+00A0 and the Unicode Z* spaces.
const GO_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Go's strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE, '');
}
