import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keyMatchesCertificate, parseCertificatePEM, randomSerial, singlePEMBlock } from './crypto.js';
import { PKIError } from './errors.js';
import { createCA } from './issue.js';

describe('singlePEMBlock', () => {
  const body = Buffer.from('hello').toString('base64');
  const block = (label: string, b64 = body) => `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
  const cases: { name: string; pem: string; error?: string }[] = [
    { name: 'one block', pem: block('CERTIFICATE') },
    { name: 'CRLF line endings', pem: block('CERTIFICATE').replace(/\n/g, '\r\n') },
    { name: 'text around the block', pem: `subject=CN=x\n${block('CERTIFICATE')}trailer` },
    { name: 'no PEM', pem: 'hello', error: 'no PEM data found' },
    { name: 'empty', pem: '', error: 'no PEM data found' },
    {
      name: 'two blocks',
      pem: block('CERTIFICATE') + block('CERTIFICATE'),
      error: 'expected one PEM block, found 2',
    },
    {
      name: 'wrong type',
      pem: block('PRIVATE KEY'),
      error: 'expected PEM type "CERTIFICATE", found "PRIVATE KEY"',
    },
    {
      name: 'mismatched END',
      pem: '-----BEGIN CERTIFICATE-----\naGk=\n-----END KEY-----\n',
      error: 'no PEM data found',
    },
    { name: 'base64 of wrong length', pem: block('CERTIFICATE', 'aGk'), error: 'corrupt base64' },
    { name: 'empty body', pem: block('CERTIFICATE', ''), error: 'corrupt base64' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.error === undefined) {
        assert.equal(Buffer.from(singlePEMBlock(c.pem, 'CERTIFICATE', 'f')).toString(), 'hello');
      } else {
        const want = c.error;
        assert.throws(
          () => singlePEMBlock(c.pem, 'CERTIFICATE', 'f'),
          (e: unknown) => e instanceof PKIError && e.message.startsWith('f: ') && e.message.includes(want),
        );
      }
    });
  }

  it('parseCertificatePEM rejects a well-formed PEM that is not DER of a certificate', () => {
    assert.throws(
      () => parseCertificatePEM(block('CERTIFICATE'), 'server.crt'),
      (e: unknown) => e instanceof PKIError && e.message.startsWith('server.crt: invalid certificate'),
    );
  });

  it('parseCertificatePEM never crashes on random text', () => {
    const pemish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .base64String({ maxLength: 200 })
        .map((b) => `-----BEGIN CERTIFICATE-----\n${b}\n-----END CERTIFICATE-----\n`),
    );
    fc.assert(
      fc.property(pemish, (s) => {
        try {
          parseCertificatePEM(s, 'x');
        } catch (e) {
          assert.ok(e instanceof PKIError, String(e));
        }
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });
});

describe('keys and serials', () => {
  it('keyMatchesCertificate tells a pair from a stranger and never throws on garbage', async () => {
    const a = await createCA();
    const b = await createCA();
    const cert = parseCertificatePEM(a.certPEM, 'a');
    assert.equal(keyMatchesCertificate(cert, a.keyPEM), true);
    assert.equal(keyMatchesCertificate(cert, b.keyPEM), false);
    assert.equal(keyMatchesCertificate(cert, 'not a key'), false);
  });

  it('serials are positive, 16 bytes, and differ', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = randomSerial();
      assert.match(s, /^[0-9a-f]{32}$/);
      assert.ok(Number.parseInt(s.slice(0, 2), 16) < 0x80, 'high bit clear');
      assert.notEqual(BigInt(`0x${s}`), 0n);
      seen.add(s);
    }
    assert.equal(seen.size, 200);
  });
});
