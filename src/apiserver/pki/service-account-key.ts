import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { PKIError } from './errors.js';
import {
  ensureDir,
  pkiDirMode,
  publicFileMode,
  readIfExists,
  secretFileMode,
  writeFileAtomic,
} from './files.js';

/** The key pair that signs service account tokens (PEM: PKCS#8 private, SPKI public). */
export interface ServiceAccountKey {
  readonly privateKeyPEM: string;
  readonly publicKeyPEM: string;
  /** Whether this call created the pair. */
  readonly created: boolean;
}

/** File names of the pair inside the PKI directory, as kubeadm names them. */
export const serviceAccountKeyFile = 'sa.key';
export const serviceAccountPublicKeyFile = 'sa.pub';

/**
 * Loads DIR/sa.key and DIR/sa.pub, or creates a fresh RSA-2048 pair there on first start (the
 * private key 0600). A public key that does not match the private key is rewritten from it.
 */
export async function ensureServiceAccountKey(dir: string): Promise<ServiceAccountKey> {
  await ensureDir(dir, pkiDirMode);
  const keyPath = join(dir, serviceAccountKeyFile);
  const pubPath = join(dir, serviceAccountPublicKeyFile);
  const existing = await readIfExists(keyPath);
  if (existing !== undefined) {
    let publicKeyPEM: string;
    try {
      publicKeyPEM = createPublicKey(createPrivateKey(existing))
        .export({ type: 'spki', format: 'pem' })
        .toString();
    } catch (e) {
      throw new PKIError(`${keyPath}: not a private key: ${e instanceof Error ? e.message : String(e)}`);
    }
    if ((await readIfExists(pubPath)) !== publicKeyPEM)
      await writeFileAtomic(pubPath, publicKeyPEM, publicFileMode);
    return { privateKeyPEM: existing, publicKeyPEM, created: false };
  }
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPEM = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPEM = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await writeFileAtomic(keyPath, privateKeyPEM, secretFileMode);
  await writeFileAtomic(pubPath, publicKeyPEM, publicFileMode);
  return { privateKeyPEM, publicKeyPEM, created: true };
}
