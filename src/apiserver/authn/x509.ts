import { createHash } from 'node:crypto';
import { CredentialIDKey, type UserInfo } from './user.js';

/**
 * The parts of node:tls `getPeerCertificate()` that identify a client. Node gives a repeated
 * attribute as an array; an absent certificate is an empty object.
 */
export interface PeerCertificate {
  subject?: Partial<Record<string, string | readonly string[]>>;
  /** DER bytes of the certificate. */
  raw?: Uint8Array;
  /** `AB:CD:...`, the SHA-256 of `raw`; used when `raw` is missing. */
  fingerprint256?: string;
}

function values(v: string | readonly string[] | undefined): readonly string[] {
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}

/**
 * The user a verified client certificate names, as upstream's common-name conversion does: the
 * subject CN is the user name (the last CN when repeated), each O is a group, and `user.extra`
 * records `X509SHA256=<hex of the DER digest>` as the credential id. A certificate without a CN
 * authenticates nobody (undefined), so that other credentials or anonymous access may apply.
 * The certificate chain must already be verified by TLS. `system:authenticated` is not added
 * here. Pure; never throws.
 */
export function userFromPeerCertificate(cert: PeerCertificate | undefined): UserInfo | undefined {
  const subject = cert?.subject;
  if (cert === undefined || subject === undefined) return undefined;
  const cns = values(subject.CN);
  const cn = cns[cns.length - 1] ?? '';
  if (cn === '') return undefined;
  const user: UserInfo = { name: cn, groups: [...values(subject.O)] };
  const id = credentialID(cert);
  if (id !== undefined) user.extra = { [CredentialIDKey]: [id] };
  return user;
}

function credentialID(cert: PeerCertificate): string | undefined {
  if (cert.raw !== undefined && cert.raw.length > 0) {
    return `X509SHA256=${createHash('sha256').update(cert.raw).digest('hex')}`;
  }
  const fp = cert.fingerprint256?.replaceAll(':', '').toLowerCase();
  if (fp !== undefined && /^[0-9a-f]{64}$/.test(fp)) return `X509SHA256=${fp}`;
  return undefined;
}
