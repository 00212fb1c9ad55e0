export { type CertKeyPEM, keyMatchesCertificate, parseCertificatePEM } from './crypto.js';
export {
  adminCommonName,
  adminGroup,
  apiServerCommonName,
  type EnsurePKIOptions,
  ensurePKI,
  type PKI,
  type PKIPair,
  type PKIPaths,
  pkiPaths,
  renewBeforeDays,
} from './ensure.js';
export { KubeconfigError, PKIError } from './errors.js';
export { type CertIdentity, certIdentity, type PeerSubject, parseSubject } from './identity.js';
export { certificateAltNames } from './inspect.js';
export {
  caValidityDays,
  createCA,
  type HasCA,
  type IssueOptions,
  issueClientCert,
  issueServingCert,
  leafValidityDays,
  nodeClientIdentity,
  type ServingCertOptions,
} from './issue.js';
export {
  formatKubeconfig,
  type KubeconfigOptions,
  parseKubeconfig,
  readKubeconfig,
  writeKubeconfig,
} from './kubeconfig.js';
export {
  type Kubeconfig,
  type KubeconfigCluster,
  type KubeconfigContext,
  type KubeconfigUser,
  type ResolvedContext,
  resolveKubeconfigContext,
} from './kubeconfig-parse.js';
export {
  type AltNames,
  altNames,
  apiServerAltNames,
  kubernetesServiceIP,
  kubernetesServiceNames,
} from './sans.js';
