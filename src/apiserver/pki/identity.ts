import { PKIError } from './errors.js';

/** The user a client certificate authenticates as. */
export interface CertIdentity {
  readonly user: string;
  readonly groups: readonly string[];
}

/**
 * A certificate subject in either shape node gives it: the multi-line string of
 * `crypto.X509Certificate#subject` (`O=a\nCN=b`), or the object of `tls.TLSSocket#getPeerCertificate()`
 * (`{ CN: 'b', O: 'a' | ['a', 'c'] }`; entries that are not strings or string arrays are ignored).
 */
export type PeerSubject = string | object;

/**
 * Maps a verified client certificate to a user as kube-apiserver's x509 authenticator does: the
 * subject CN is the user name and every O, in order, a group. Returns undefined when the CN is
 * empty or absent (upstream then leaves the request to the other authenticators). Verifying the
 * chain is the TLS layer's job, not this function's. Pure; throws PKIError only for a subject
 * string that is not in node's format.
 */
export function certIdentity(peer: { readonly subject?: PeerSubject }): CertIdentity | undefined {
  // getPeerCertificate() returns an empty object when the client sent no certificate.
  if (peer.subject === undefined) return undefined;
  const attrs =
    typeof peer.subject === 'string' ? parseSubject(peer.subject) : objectAttributes(peer.subject);
  const cn = attrs.filter(([k]) => k === 'CN').map(([, v]) => v);
  // With several CNs Go's pkix.Name keeps the last one.
  const user = cn[cn.length - 1] ?? '';
  if (user === '') return undefined;
  return { user, groups: attrs.filter(([k]) => k === 'O').map(([, v]) => v) };
}

function objectAttributes(subject: object): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(subject)) {
    if (typeof v === 'string') out.push([k, v]);
    else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') out.push([k, item]);
  }
  return out;
}

/**
 * Parses node's one-line-per-RDN subject text into (attribute, value) pairs in order. Node prints
 * with RFC 2253 escaping (`\,` `\+` `\"` `\\` `\<` `\>` `\;` `\=`, `\#` and `\ ` at the ends) and
 * control bytes as `\XX` hex, and joins the values of a multi-valued RDN with ` + `.
 * Throws PKIError on a line without `=` or a dangling or unknown escape.
 */
export function parseSubject(text: string): [string, string][] {
  const out: [string, string][] = [];
  if (text === '') return out;
  for (const line of text.split('\n')) {
    for (const part of splitUnescaped(line, ' + ')) {
      const eq = part.indexOf('=');
      if (eq <= 0)
        throw new PKIError(`malformed certificate subject ${JSON.stringify(text)}: expected KEY=value`);
      out.push([part.slice(0, eq), unescapeValue(part.slice(eq + 1), text)]);
    }
  }
  return out;
}

function splitUnescaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s.startsWith(sep, i)) {
      parts.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

// A run of `\XX` hex escapes is one UTF-8 byte sequence; `\c` a special character; any other
// backslash is malformed.
const escapeRe = /((?:\\[0-9A-Fa-f]{2})+)|\\([,+"\\<>;=# ])|\\/g;

function unescapeValue(v: string, whole: string): string {
  if (!v.includes('\\')) return v;
  return v.replace(escapeRe, (_all: string, hex: string | undefined, special: string | undefined) => {
    if (hex !== undefined) {
      const bytes = Uint8Array.from(hex.match(/[0-9A-Fa-f]{2}/g) ?? [], (h) => Number.parseInt(h, 16));
      return new TextDecoder().decode(bytes);
    }
    if (special !== undefined) return special;
    throw new PKIError(
      `malformed certificate subject ${JSON.stringify(whole)}: bad escape in ${JSON.stringify(v)}`,
    );
  });
}
