import { join } from 'node:path';
import { type CertKeyPEM, keyMatchesCertificate, parseCertificatePEM } from './crypto.js';
import { PKIError } from './errors.js';
import {
  ensureDir,
  ensureMode,
  pkiDirMode,
  publicFileMode,
  readIfExists,
  secretFileMode,
  writeFileAtomic,
} from './files.js';
import { certIdentity } from './identity.js';
import { createCA, issueClientCert, issueServingCert } from './issue.js';
import { certificateAltNames } from './inspect.js';
import { type AltNames, apiServerAltNames, sameAltNames } from './sans.js';
import { x509 } from './x509.js';

/** A leaf expiring within this many days is issued again. */
export const renewBeforeDays = 30;
/** CN of the API server's serving certificate, as kubeadm names it. */
export const apiServerCommonName = 'kube-apiserver';
/** The admin client identity written into the kubeconfig. */
export const adminCommonName = 'kite-admin';
/** The group that RBAC's bootstrap policy binds to cluster-admin. */
export const adminGroup = 'system:masters';

/** Input of {@link ensurePKI}. `hosts`: the host's non-loopback addresses (and names) to serve on. */
export interface EnsurePKIOptions {
  readonly dir: string;
  readonly hosts: readonly string[];
  readonly extraSANs?: readonly string[];
  readonly now?: () => Date;
}

/** Which pair a file set holds. */
export type PKIPair = 'ca' | 'server' | 'admin';

/** Where each PEM file of a PKI directory lives. */
export interface PKIPaths {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
}

/** The cluster PKI as loaded or created by {@link ensurePKI}. Plain data. */
export interface PKI {
  readonly paths: PKIPaths;
  readonly ca: CertKeyPEM;
  readonly server: CertKeyPEM;
  readonly admin: CertKeyPEM;
  /** The SANs the serving certificate carries. */
  readonly serverAltNames: AltNames;
  /** The pairs written by this call, each with why; empty when everything was reused. */
  readonly written: readonly { readonly pair: PKIPair; readonly reason: string }[];
}

/** The file names inside a PKI directory. Pure. */
export function pkiPaths(dir: string): PKIPaths {
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    adminCert: join(dir, 'admin.crt'),
    adminKey: join(dir, 'admin.key'),
  };
}

/**
 * Loads the PKI in `dir`, creating what is missing. Idempotent: valid files are reused untouched.
 * The CA is created only when ca.crt does not exist and neither does any other file (ca.key alone
 * is an interrupted first start); it is never replaced (that would invalidate every credential
 * issued from it), so a broken, half-present or expired CA throws PKIError. A leaf is
 * issued again (new key) when missing, unreadable, not matching its key, not issued by the CA, not
 * yet valid, expiring within {@link renewBeforeDays} days, of another identity, or — for the
 * serving certificate — carrying other SANs than wanted. Not safe against concurrent calls on one
 * directory. Throws PKIError for invalid SANs or an unusable CA, fs errors as they come.
 */
export async function ensurePKI(opts: EnsurePKIOptions): Promise<PKI> {
  const now = opts.now ?? (() => new Date());
  const paths = pkiPaths(opts.dir);
  const wantSANs = apiServerAltNames(opts.hosts, opts.extraSANs ?? []);
  await ensureDir(opts.dir, pkiDirMode);
  const written: { pair: PKIPair; reason: string }[] = [];

  let ca = await loadCA(paths, now());
  if (ca === undefined) {
    ca = await createCA({ now });
    await writePair(paths.caCert, paths.caKey, ca);
    written.push({ pair: 'ca', reason: 'created' });
  }
  const pki = { ca };

  let server = await loadPair(paths.serverCert, paths.serverKey);
  const serverProblem = leafProblem(server, ca, now(), {
    user: apiServerCommonName,
    groups: [],
    usage: x509.ExtendedKeyUsage.serverAuth,
    sans: wantSANs,
  });
  if (server === undefined || serverProblem !== undefined) {
    server = await issueServingCert(pki, {
      commonName: apiServerCommonName,
      sans: [...wantSANs.dnsNames, ...wantSANs.ips],
      now,
    });
    await writePair(paths.serverCert, paths.serverKey, server);
    written.push({ pair: 'server', reason: serverProblem ?? 'missing' });
  }

  let admin = await loadPair(paths.adminCert, paths.adminKey);
  const adminProblem = leafProblem(admin, ca, now(), {
    user: adminCommonName,
    groups: [adminGroup],
    usage: x509.ExtendedKeyUsage.clientAuth,
  });
  if (admin === undefined || adminProblem !== undefined) {
    admin = await issueClientCert(pki, { commonName: adminCommonName, organizations: [adminGroup], now });
    await writePair(paths.adminCert, paths.adminKey, admin);
    written.push({ pair: 'admin', reason: adminProblem ?? 'missing' });
  }
  return { paths, ca, server, admin, serverAltNames: wantSANs, written };
}

async function loadCA(paths: PKIPaths, now: Date): Promise<CertKeyPEM | undefined> {
  const pair = await loadPair(paths.caCert, paths.caKey);
  if (pair === undefined) {
    const [cert, key] = [await readIfExists(paths.caCert), await readIfExists(paths.caKey)];
    if (cert === undefined && key === undefined) return undefined;
    // The CA key is written before its certificate: a key alone with nothing issued yet is a first
    // start that was interrupted, and nothing can trust a CA whose certificate was never written.
    const leaves = [paths.serverCert, paths.serverKey, paths.adminCert, paths.adminKey];
    if (cert === undefined && (await Promise.all(leaves.map(readIfExists))).every((f) => f === undefined)) {
      return undefined;
    }
    const [have, missing] = cert === undefined ? [paths.caKey, paths.caCert] : [paths.caCert, paths.caKey];
    throw new PKIError(`${have} exists but ${missing} does not: refusing to replace the cluster CA`);
  }
  const cert = parseCertificatePEM(pair.certPEM, paths.caCert);
  if (!cert.ca) throw new PKIError(`${paths.caCert}: not a CA certificate`);
  if (!keyMatchesCertificate(cert, pair.keyPEM)) {
    throw new PKIError(`${paths.caKey}: private key does not match ${paths.caCert}`);
  }
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() <= now.getTime()) {
    throw new PKIError(`${paths.caCert}: the cluster CA expired at ${notAfter.toISOString()}`);
  }
  return pair;
}

// A pair on disk, or undefined when either file is missing. Key files get their mode fixed.
async function loadPair(certPath: string, keyPath: string): Promise<CertKeyPEM | undefined> {
  const certPEM = await readIfExists(certPath);
  const keyPEM = await readIfExists(keyPath);
  if (certPEM === undefined || keyPEM === undefined) return undefined;
  await ensureMode(keyPath, secretFileMode);
  return { certPEM, keyPEM };
}

interface LeafWant {
  readonly user: string;
  readonly groups: readonly string[];
  readonly usage: string;
  readonly sans?: AltNames;
}

// Why an existing leaf cannot be reused, or undefined when it can.
function leafProblem(
  pair: CertKeyPEM | undefined,
  ca: CertKeyPEM,
  now: Date,
  want: LeafWant,
): string | undefined {
  if (pair === undefined) return undefined;
  let cert: ReturnType<typeof parseCertificatePEM>;
  try {
    cert = parseCertificatePEM(pair.certPEM, 'certificate');
  } catch (e) {
    return (e as Error).message;
  }
  if (!keyMatchesCertificate(cert, pair.keyPEM)) return 'private key does not match the certificate';
  const caCert = parseCertificatePEM(ca.certPEM, 'CA certificate');
  if (cert.checkIssued(caCert) === false || !cert.verify(caCert.publicKey))
    return 'not issued by the cluster CA';
  if (new Date(cert.validFrom).getTime() > now.getTime()) return 'not yet valid';
  const left = new Date(cert.validTo).getTime() - now.getTime();
  if (left < renewBeforeDays * 24 * 60 * 60 * 1000) return `expires within ${renewBeforeDays} days`;
  const id = certIdentity(cert);
  if (id?.user !== want.user || id.groups.join('\n') !== want.groups.join('\n')) return 'subject changed';
  if (!(cert.keyUsage ?? []).includes(want.usage)) return 'extended key usage changed';
  if (want.sans !== undefined && !sameAltNames(certificateAltNames(pair.certPEM), want.sans)) {
    return 'subject alternative names changed';
  }
  return undefined;
}

async function writePair(certPath: string, keyPath: string, pair: CertKeyPEM): Promise<void> {
  // Key first: a crash between the two leaves a mismatched pair, which the next run re-issues.
  await writeFileAtomic(keyPath, pair.keyPEM, secretFileMode);
  await writeFileAtomic(certPath, pair.certPEM, publicFileMode);
}
