import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { PKIError } from './errors.js';
import { certIdentity } from './identity.js';
import { certificateAltNames } from './inspect.js';
import { createCA, issueClientCert, issueServingCert, nodeClientIdentity } from './issue.js';
import { x509 } from './x509.js';

const now = new Date('2026-03-01T12:00:00.750Z');
const clock = () => now;
const day = 86_400_000;
const { KeyUsageFlags: KU, ExtendedKeyUsage: EKU } = x509;

function ext(pem: string) {
  const c = new x509.X509Certificate(pem);
  return {
    basic: c.getExtension(x509.BasicConstraintsExtension),
    usage: c.getExtension(x509.KeyUsagesExtension),
    eku: c.getExtension(x509.ExtendedKeyUsageExtension),
    skid: c.getExtension(x509.SubjectKeyIdentifierExtension),
    akid: c.getExtension(x509.AuthorityKeyIdentifierExtension),
  };
}

describe('createCA', async () => {
  const ca = await createCA({ now: clock });
  const cert = new X509Certificate(ca.certPEM);

  it('is a self-signed CA valid for ten years from now (whole seconds)', () => {
    assert.equal(cert.ca, true);
    assert.equal(cert.checkIssued(cert), true);
    assert.equal(cert.verify(cert.publicKey), true);
    assert.equal(new Date(cert.validFrom).getTime(), Date.parse('2026-03-01T12:00:00Z'));
    assert.equal(new Date(cert.validTo).getTime(), Date.parse('2026-03-01T12:00:00Z') + 3650 * day);
  });

  it('uses an ECDSA P-256 key written as PKCS#8', () => {
    assert.equal(cert.publicKey.asymmetricKeyType, 'ec');
    assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.match(ca.keyPEM, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.match(ca.certPEM, /^-----BEGIN CERTIFICATE-----\n/);
  });

  it('carries kubeadm CA extensions: critical CA:true, critical key usages, a key identifier', () => {
    const e = ext(ca.certPEM);
    assert.equal(e.basic?.ca, true);
    assert.equal(e.basic?.critical, true);
    assert.equal(e.usage?.usages, KU.digitalSignature | KU.keyEncipherment | KU.keyCertSign);
    assert.equal(e.usage?.critical, true);
    assert.equal(e.eku, null);
    assert.ok(e.skid !== null && e.skid.keyId.length === 40);
  });

  it('names the CA with its creation time so a recreated CA has another subject', () => {
    assert.equal(cert.subject, `CN=kite-ca@${Math.floor(now.getTime() / 1000)}`);
  });
});

describe('issueClientCert', async () => {
  const ca = await createCA({ now: clock });
  const caCert = new X509Certificate(ca.certPEM);
  const admin = await issueClientCert(
    { ca },
    { commonName: 'kite-admin', organizations: ['system:masters'], now: clock },
  );
  const cert = new X509Certificate(admin.certPEM);

  it('is issued by the CA and verifies against its key', () => {
    assert.equal(cert.checkIssued(caCert), true);
    assert.equal(cert.verify(caCert.publicKey), true);
    assert.equal(cert.issuer, caCert.subject);
    assert.equal(cert.ca, false);
  });

  it('is valid one year from now', () => {
    assert.equal(new Date(cert.validFrom).getTime(), Date.parse('2026-03-01T12:00:00Z'));
    assert.equal(new Date(cert.validTo).getTime(), Date.parse('2026-03-01T12:00:00Z') + 365 * day);
  });

  it('carries the identity in CN and O', () => {
    assert.deepEqual(certIdentity(cert), { user: 'kite-admin', groups: ['system:masters'] });
  });

  it('has exactly the kubeadm client usages and no SANs', () => {
    const e = ext(admin.certPEM);
    assert.equal(e.basic?.ca, false);
    assert.equal(e.usage?.usages, KU.digitalSignature | KU.keyEncipherment);
    assert.deepEqual([...(e.eku?.usages ?? [])], [EKU.clientAuth]);
    assert.equal(e.akid?.keyId, ext(ca.certPEM).skid?.keyId);
    assert.equal(cert.subjectAltName, undefined);
  });

  it('gives every certificate its own key and serial', async () => {
    const again = await issueClientCert({ ca }, { commonName: 'kite-admin', now: clock });
    assert.notEqual(again.keyPEM, admin.keyPEM);
    assert.notEqual(new X509Certificate(again.certPEM).serialNumber, cert.serialNumber);
  });

  it('issues node client certificates with the node identity and several groups in order', async () => {
    const node = await issueClientCert({ ca }, { ...nodeClientIdentity('worker-1'), now: clock });
    assert.deepEqual(certIdentity(new X509Certificate(node.certPEM)), {
      user: 'system:node:worker-1',
      groups: ['system:nodes'],
    });
    const multi = await issueClientCert(
      { ca },
      { commonName: 'u', organizations: ['b', 'a', 'c'], now: clock },
    );
    assert.deepEqual(certIdentity(new X509Certificate(multi.certPEM))?.groups, ['b', 'a', 'c']);
  });

  it('honours validityDays', async () => {
    const short = await issueClientCert({ ca }, { commonName: 'u', validityDays: 2, now: clock });
    const c = new X509Certificate(short.certPEM);
    assert.equal(new Date(c.validTo).getTime() - new Date(c.validFrom).getTime(), 2 * day);
  });
});

describe('issueServingCert', async () => {
  const ca = await createCA({ now: clock });
  const serving = await issueServingCert(
    { ca },
    {
      commonName: 'system:node:n1',
      organizations: ['system:nodes'],
      sans: ['n1', '10.0.0.5', 'fd00::5'],
      now: clock,
    },
  );
  const cert = new X509Certificate(serving.certPEM);

  it('carries exactly the SANs, DNS names first', () => {
    assert.equal(cert.subjectAltName, 'DNS:n1, IP Address:10.0.0.5, IP Address:FD00:0:0:0:0:0:0:5');
    assert.deepEqual(certificateAltNames(serving.certPEM), {
      dnsNames: ['n1'],
      ips: ['10.0.0.5', 'fd00::5'],
    });
  });

  it('is for serverAuth only and verifies against the CA', () => {
    assert.deepEqual([...(ext(serving.certPEM).eku?.usages ?? [])], [EKU.serverAuth]);
    assert.equal(cert.checkIssued(new X509Certificate(ca.certPEM)), true);
    assert.equal(cert.checkHost('n1'), 'n1');
    assert.equal(cert.checkIP('10.0.0.5'), '10.0.0.5');
    assert.equal(cert.checkIP('10.0.0.6'), undefined);
  });
});

describe('invalid requests', async () => {
  const ca = await createCA({ now: clock });
  const leaf = await issueClientCert({ ca }, { commonName: 'u' });
  const cases: { name: string; run: () => Promise<unknown>; message: RegExp }[] = [
    {
      name: 'empty CommonName',
      run: () => issueClientCert({ ca }, { commonName: '' }),
      message: /must specify a CommonName/,
    },
    {
      name: 'serving cert without SANs',
      run: () => issueServingCert({ ca }, { commonName: 's', sans: [] }),
      message: /at least one subject alternative name/,
    },
    {
      name: 'invalid SAN',
      run: () => issueServingCert({ ca }, { commonName: 's', sans: ['not a name'] }),
      message: /invalid subject alternative name "not a name"/,
    },
    {
      name: 'zero validity',
      run: () => issueClientCert({ ca }, { commonName: 'u', validityDays: 0 }),
      message: /got 0/,
    },
    {
      name: 'fractional validity',
      run: () => issueClientCert({ ca }, { commonName: 'u', validityDays: 1.5 }),
      message: /got 1.5/,
    },
    {
      name: 'empty organization',
      run: () => issueClientCert({ ca }, { commonName: 'u', organizations: [''] }),
      message: /organization must not be empty/,
    },
    {
      name: 'a leaf as CA',
      run: () => issueClientCert({ ca: leaf }, { commonName: 'u' }),
      message: /not a CA/,
    },
    {
      name: 'garbage CA key',
      run: () => issueClientCert({ ca: { certPEM: ca.certPEM, keyPEM: 'nope' } }, { commonName: 'u' }),
      message: /CA key: no PEM data found/,
    },
    {
      name: 'garbage CA certificate',
      run: () => issueClientCert({ ca: { certPEM: 'nope', keyPEM: ca.keyPEM } }, { commonName: 'u' }),
      message: /CA certificate: invalid certificate/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await assert.rejects(c.run(), (e: unknown) => e instanceof PKIError && c.message.test(e.message));
    });
  }
});
