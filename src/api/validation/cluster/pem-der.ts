import { createPublicKey, verify } from 'node:crypto';

// Just enough PEM and DER to do what upstream does with certificate requests and issued
// certificates: find PEM blocks, walk the DER structure and check a request's self-signature.

/** One PEM block: its type line, header lines and decoded body. */
export interface PemBlock {
  readonly type: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bytes: Buffer;
}

const beginRe = /(?:^|\n)-----BEGIN ([^\n-]*)-----[ \t]*\r?\n/;

/**
 * Go's pem.Decode: the first well-formed block in `data` and what follows it; a malformed
 * block is skipped and the search goes on. Undefined when there is none. Pure.
 */
export function pemDecode(data: string): { block: PemBlock; rest: string } | undefined {
  let text = data;
  for (;;) {
    const m = beginRe.exec(text);
    if (m === null) return undefined;
    const type = m[1] ?? '';
    const bodyStart = m.index + m[0].length;
    const endMarker = `-----END ${type}-----`;
    const end = text.indexOf(endMarker, bodyStart);
    if (end < 0) return undefined;
    const inner = text.slice(bodyStart, end).split(/\r?\n/);
    const headers: Record<string, string> = {};
    let i = 0;
    for (; i < inner.length; i++) {
      const line = inner[i] ?? '';
      const colon = line.indexOf(':');
      if (colon < 0) break;
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
    if (i < inner.length && inner[i] === '' && Object.keys(headers).length > 0) i++;
    const b64 = inner
      .slice(i)
      .join('')
      .replace(/[ \t\r]/g, '');
    if (/^[A-Za-z0-9+/]*={0,2}$/.test(b64) && b64.length % 4 === 0) {
      const rest = text.slice(end + endMarker.length).replace(/^[ \t]*\r?\n?/, '');
      return { block: { type, headers, bytes: Buffer.from(b64, 'base64') }, rest };
    }
    text = text.slice(end + endMarker.length);
  }
}

/** A DER element: tag byte, the whole encoding and its content. */
export interface Der {
  readonly tag: number;
  readonly raw: Buffer;
  readonly content: Buffer;
}

/** Reads one DER element at the start of `buf`; undefined when it is not well formed. Pure. */
export function readDer(buf: Buffer): Der | undefined {
  if (buf.length < 2) return undefined;
  const tag = buf[0]!;
  let len = buf[1]!;
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || buf.length < 2 + n) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[2 + i]!;
    off = 2 + n;
  }
  if (buf.length < off + len) return undefined;
  return { tag, raw: buf.subarray(0, off + len), content: buf.subarray(off, off + len) };
}

/** The elements inside a constructed DER element; undefined when any is malformed. Pure. */
export function derChildren(d: Der): Der[] | undefined {
  const out: Der[] = [];
  let rest = d.content;
  while (rest.length > 0) {
    const c = readDer(rest);
    if (c === undefined) return undefined;
    out.push(c);
    rest = rest.subarray(c.raw.length);
  }
  return out;
}

function oidString(content: Buffer): string {
  const parts: number[] = [];
  let v = 0;
  for (const b of content) {
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

const rsaHashes: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const ecdsaHashes: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const ed25519 = '1.3.101.112';

/**
 * Parses a DER certificate request and checks its self-signature, as Go's
 * x509.ParseCertificateRequest + CheckSignature. Returns Go's error text, or undefined when
 * the request is sound. Pure.
 */
export function checkCertificateRequest(der: Buffer): string | undefined {
  const top = readDer(der);
  const parts = top === undefined || top.tag !== 0x30 ? undefined : derChildren(top);
  if (parts === undefined || parts.length !== 3 || top === undefined)
    return "asn1: structure error: tags don't match";
  if (top.raw.length !== der.length) return 'x509: trailing data after certificate request';
  const [info, algo, sig] = parts;
  if (info === undefined || algo === undefined || sig === undefined)
    return "asn1: structure error: tags don't match";
  const infoParts = info.tag === 0x30 ? derChildren(info) : undefined;
  const algoParts = algo.tag === 0x30 ? derChildren(algo) : undefined;
  const spki = infoParts?.[2];
  const oid = algoParts?.[0];
  if (
    spki === undefined ||
    oid === undefined ||
    oid.tag !== 0x06 ||
    sig.tag !== 0x03 ||
    sig.content.length < 1
  ) {
    return "asn1: structure error: tags don't match";
  }
  const algorithm = oidString(oid.content);
  const signature = sig.content.subarray(1);
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
  } catch {
    return 'x509: unsupported public key type';
  }
  try {
    if (algorithm in rsaHashes) {
      return verify(rsaHashes[algorithm]!, info.raw, key, signature)
        ? undefined
        : 'crypto/rsa: verification error';
    }
    if (algorithm in ecdsaHashes) {
      return verify(ecdsaHashes[algorithm]!, info.raw, key, signature)
        ? undefined
        : 'x509: ECDSA verification failure';
    }
    if (algorithm === ed25519) {
      return verify(null, info.raw, key, signature) ? undefined : 'x509: Ed25519 verification failure';
    }
  } catch {
    return 'x509: signature algorithm does not match the public key';
  }
  return 'x509: cannot verify signature: algorithm unimplemented';
}

/** Whether `der` is one or more well-formed DER SEQUENCEs (the shape of certificates). Pure. */
export function isDerSequenceList(der: Buffer): boolean {
  let rest = der;
  if (rest.length === 0) return false;
  while (rest.length > 0) {
    const d = readDer(rest);
    if (d === undefined || d.tag !== 0x30) return false;
    rest = rest.subarray(d.raw.length);
  }
  return true;
}
