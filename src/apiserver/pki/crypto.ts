import {
  createPrivateKey,
  createPublicKey,
  X509Certificate as NodeX509,
  randomBytes,
  webcrypto,
} from 'node:crypto';
import { PKIError } from './errors.js';
import { x509 } from './x509.js';

const subtle = webcrypto.subtle;

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** The one key algorithm kite issues: ECDSA on P-256, signatures with SHA-256. */
export const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
/** The signature algorithm used with {@link keyAlgorithm}. */
export const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A certificate and its private key, both PEM (the key PKCS#8). Plain data; never mutated. */
export interface CertKeyPEM {
  readonly certPEM: string;
  readonly keyPEM: string;
}

/** A fresh extractable P-256 key pair. */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(keyAlgorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** The PKCS#8 PEM of a private key. */
export async function privateKeyPEM(key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/**
 * Imports a PKCS#8 PEM P-256 private key for signing.
 * Throws PKIError (naming `what`) when it is not one.
 */
export async function importSigningKey(pem: string, what: string): Promise<CryptoKey> {
  const der = singlePEMBlock(pem, 'PRIVATE KEY', what);
  try {
    return await subtle.importKey('pkcs8', der, keyAlgorithm, false, ['sign']);
  } catch (e) {
    throw new PKIError(`${what}: not an ECDSA P-256 PKCS#8 private key: ${(e as Error).message}`);
  }
}

/**
 * Parses a PEM holding exactly one certificate. Throws PKIError naming `what` otherwise.
 */
export function parseCertificatePEM(pem: string, what: string): NodeX509 {
  const der = singlePEMBlock(pem, 'CERTIFICATE', what);
  try {
    return new NodeX509(Buffer.from(der));
  } catch (e) {
    throw new PKIError(`${what}: invalid certificate: ${(e as Error).message}`);
  }
}

/** Whether the private key in `keyPEM` belongs to the certificate's public key. Never throws. */
export function keyMatchesCertificate(cert: NodeX509, keyPEM: string): boolean {
  try {
    const fromKey = createPublicKey(createPrivateKey(keyPEM)).export({ type: 'spki', format: 'der' });
    const fromCert = cert.publicKey.export({ type: 'spki', format: 'der' });
    return Buffer.compare(fromKey, fromCert) === 0;
  } catch {
    return false;
  }
}

/**
 * A random positive serial number as hex: 16 bytes, high bit clear so the DER integer stays positive
 * and within RFC 5280's 20 octets, never zero.
 */
export function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
}

const pemBlockRe = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;

/**
 * The DER bytes of the single PEM block of type `label` in `pem`. Throws PKIError when there is
 * none, more than one, another type, or the base64 body is corrupt.
 */
export function singlePEMBlock(pem: string, label: string, what: string): ArrayBuffer {
  const blocks = [...pem.matchAll(pemBlockRe)];
  if (blocks.length === 0) throw new PKIError(`${what}: no PEM data found`);
  if (blocks.length > 1) throw new PKIError(`${what}: expected one PEM block, found ${blocks.length}`);
  const [, type, body] = blocks[0]!;
  if (type !== label) throw new PKIError(`${what}: expected PEM type "${label}", found "${type}"`);
  const b64 = (body ?? '').replace(/\r?\n/g, '');
  if (b64.length === 0 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
    throw new PKIError(`${what}: corrupt base64 in PEM block`);
  }
  const buf = Buffer.from(b64, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}
