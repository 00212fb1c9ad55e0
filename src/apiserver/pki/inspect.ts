import { formatIP, parseIPSloppy } from '../../apimachinery/validation/index.js';
import { PKIError } from './errors.js';
import type { AltNames } from './sans.js';
import { x509 } from './x509.js';

/**
 * The DNS and IP subject alternative names of a PEM certificate, IPs in Go's `net.IP.String()`
 * form and DNS names lower-cased, so they compare with {@link altNames}' output. Other name types
 * are ignored. Throws PKIError when the PEM is not a certificate.
 */
export function certificateAltNames(certPEM: string): AltNames {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(certPEM);
  } catch (e) {
    throw new PKIError(`invalid certificate: ${(e as Error).message}`);
  }
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const dnsNames: string[] = [];
  const ips: string[] = [];
  for (const name of ext?.names.items ?? []) {
    if (name.type === 'dns') dnsNames.push(name.value.toLowerCase());
    if (name.type === 'ip') {
      const ip = parseIPSloppy(name.value);
      ips.push(ip === null ? name.value : formatIP(ip));
    }
  }
  return { dnsNames, ips };
}
