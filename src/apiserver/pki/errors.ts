/**
 * A certificate, key or PKI directory that cannot be used as it is: unreadable, malformed, not
 * matching its pair, or an invalid request to issue one. The message names the file or the field.
 */
export class PKIError extends Error {
  override readonly name = 'PKIError';
}

/** A kubeconfig file that cannot be read, parsed or resolved; the message names the file and the entry. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}
