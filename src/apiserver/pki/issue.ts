import {
  type CertKeyPEM,
  generateKeyPair,
  importSigningKey,
  privateKeyPEM,
  randomSerial,
  signingAlgorithm,
} from './crypto.js';
import { PKIError } from './errors.js';
import { altNames } from './sans.js';
import { x509 } from './x509.js';

/** Validity of the cluster CA, as kubeadm: ten years of 365 days. */
export const caValidityDays = 3650;
/** Validity of leaf certificates, as kubeadm: one year. */
export const leafValidityDays = 365;

const day = 24 * 60 * 60 * 1000;

/** The input common to every certificate request; `now` is injected for tests (default: the clock). */
export interface IssueOptions {
  readonly commonName: string;
  /** Subject O values; for client certificates these become the user's groups. */
  readonly organizations?: readonly string[];
  /** Days from now until notAfter; a positive integer. Default {@link leafValidityDays}. */
  readonly validityDays?: number;
  readonly now?: () => Date;
}

/** A serving certificate request: {@link IssueOptions} plus the subject alternative names. */
export interface ServingCertOptions extends IssueOptions {
  /** DNS names and IP addresses; at least one. */
  readonly sans: readonly string[];
}

/** Anything holding the signing CA (a {@link PKI} does). */
export interface HasCA {
  readonly ca: CertKeyPEM;
}

/**
 * Creates a self-signed CA as kubeadm does: basicConstraints CA:true (critical), key usages
 * digitalSignature, keyEncipherment and keyCertSign (critical), a subject key identifier.
 * Fresh key each call; throws PKIError on invalid options.
 */
export async function createCA(opts: Partial<IssueOptions> = {}): Promise<CertKeyPEM> {
  const now = secondsOf((opts.now ?? (() => new Date()))());
  // A timestamp in the name keeps a recreated CA from sharing its subject with the one it replaces,
  // which would confuse clients that still trust the old one.
  const commonName = opts.commonName ?? `kite-ca@${Math.floor(now.getTime() / 1000)}`;
  const days = validity(opts.validityDays ?? caValidityDays);
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: subjectName(commonName, opts.organizations ?? []),
    notBefore: now,
    notAfter: new Date(now.getTime() + days * day),
    keys,
    signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature |
          x509.KeyUsageFlags.keyEncipherment |
          x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPEM: cert.toString('pem') + '\n', keyPEM: (await privateKeyPEM(keys.privateKey)) + '\n' };
}

/**
 * Issues a client certificate (extended key usage clientAuth) signed by the CA: CN becomes the
 * user name and each O a group for kube-apiserver's x509 authenticator. Fresh key each call.
 * Throws PKIError on invalid options or an unusable CA.
 */
export async function issueClientCert(pki: HasCA, opts: IssueOptions): Promise<CertKeyPEM> {
  return issueLeaf(pki.ca, opts, [x509.ExtendedKeyUsage.clientAuth], []);
}

/**
 * Issues a serving certificate (extended key usage serverAuth) for the given SANs, signed by the CA.
 * Fresh key each call. Throws PKIError on invalid options (no SANs, a SAN that is neither an IP
 * nor a DNS name) or an unusable CA.
 */
export async function issueServingCert(pki: HasCA, opts: ServingCertOptions): Promise<CertKeyPEM> {
  const names = altNames(opts.sans);
  if (names.dnsNames.length + names.ips.length === 0) {
    throw new PKIError('must specify at least one subject alternative name');
  }
  const san = [
    ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...names.ips.map((value) => ({ type: 'ip' as const, value })),
  ];
  return issueLeaf(pki.ca, opts, [x509.ExtendedKeyUsage.serverAuth], san);
}

async function issueLeaf(
  ca: CertKeyPEM,
  opts: IssueOptions,
  usages: readonly x509.ExtendedKeyUsage[],
  san: x509.JsonGeneralNames,
): Promise<CertKeyPEM> {
  if (opts.commonName === '') throw new PKIError('must specify a CommonName');
  const days = validity(opts.validityDays ?? leafValidityDays);
  const caCert = parseCA(ca.certPEM);
  const caKey = await importSigningKey(ca.keyPEM, 'CA key');
  const now = secondsOf((opts.now ?? (() => new Date()))());
  const keys = await generateKeyPair();
  const skid = caCert.getExtension(x509.SubjectKeyIdentifierExtension);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([...usages], false),
    skid !== null
      ? new x509.AuthorityKeyIdentifierExtension(skid.keyId, false)
      : await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey, false),
  ];
  if (san.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(san, false));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: subjectName(opts.commonName, opts.organizations ?? []),
    issuer: caCert.subjectName,
    notBefore: now,
    notAfter: new Date(now.getTime() + days * day),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm,
    extensions,
  });
  return { certPEM: cert.toString('pem') + '\n', keyPEM: (await privateKeyPEM(keys.privateKey)) + '\n' };
}

function parseCA(pem: string): x509.X509Certificate {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(pem);
  } catch (e) {
    throw new PKIError(`CA certificate: invalid certificate: ${(e as Error).message}`);
  }
  if (cert.getExtension(x509.BasicConstraintsExtension)?.ca !== true) {
    throw new PKIError('CA certificate: not a CA (basicConstraints CA:true missing)');
  }
  return cert;
}

// Subject RDNs in Go's pkix.Name order (O before CN), all O values in one RDN as Go writes them,
// each a PrintableString when it fits and UTF8String otherwise, as Go chooses. Values are passed
// as typed strings so that no character in them is read as name syntax.
function subjectName(commonName: string, organizations: readonly string[]): x509.Name {
  for (const o of organizations) if (o === '') throw new PKIError('organization must not be empty');
  const typed = (v: string) => (x509.Name.isPrintableString(v) ? { printableString: v } : { utf8String: v });
  const rdns: Record<string, { printableString?: string; utf8String?: string }[]>[] = [];
  if (organizations.length > 0) rdns.push({ O: organizations.map(typed) });
  rdns.push({ CN: [typed(commonName)] });
  return new x509.Name(rdns);
}

function validity(days: number): number {
  if (!Number.isInteger(days) || days <= 0 || days > 100 * 365) {
    throw new PKIError(`validity must be a whole number of days between 1 and 36500, got ${days}`);
  }
  return days;
}

// X.509 times carry whole seconds; truncating keeps notBefore/notAfter exactly as encoded.
function secondsOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/**
 * The identity a node's kubelet presents, as the Node authorizer and NodeRestriction expect:
 * CN `system:node:<name>`, O `system:nodes`. Pure.
 */
export function nodeClientIdentity(nodeName: string): {
  commonName: string;
  organizations: readonly string[];
} {
  return { commonName: `system:node:${nodeName}`, organizations: ['system:nodes'] };
}
