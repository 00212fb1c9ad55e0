import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { type PeerCertificate, userFromPeerCertificate } from './x509.js';

const raw = Uint8Array.from([0x30, 0x82, 0x01, 0x0a, 1, 2, 3]);
const rawID = `X509SHA256=${createHash('sha256').update(raw).digest('hex')}`;
const extra = { 'authentication.kubernetes.io/credential-id': [rawID] };

const cases: { name: string; cert: PeerCertificate | undefined; want: unknown }[] = [
  { name: 'no certificate', cert: undefined, want: undefined },
  { name: 'empty object from getPeerCertificate', cert: {}, want: undefined },
  {
    name: 'CN and one O',
    cert: { subject: { CN: 'alice', O: 'dev' }, raw },
    want: { name: 'alice', groups: ['dev'], extra },
  },
  {
    name: 'several O',
    cert: { subject: { CN: 'admin', O: ['system:masters', 'ops'] }, raw },
    want: { name: 'admin', groups: ['system:masters', 'ops'], extra },
  },
  { name: 'no O', cert: { subject: { CN: 'bob' }, raw }, want: { name: 'bob', groups: [], extra } },
  {
    name: 'repeated CN: the last wins',
    cert: { subject: { CN: ['a', 'b'] }, raw },
    want: { name: 'b', groups: [], extra },
  },
  { name: 'empty CN authenticates nobody', cert: { subject: { CN: '', O: 'dev' }, raw }, want: undefined },
  { name: 'missing CN authenticates nobody', cert: { subject: { O: 'dev' }, raw }, want: undefined },
  {
    name: 'credential id from the fingerprint when raw is absent',
    cert: { subject: { CN: 'c' }, fingerprint256: `${'AB:'.repeat(31)}AB` },
    want: {
      name: 'c',
      groups: [],
      extra: { 'authentication.kubernetes.io/credential-id': [`X509SHA256=${'ab'.repeat(32)}`] },
    },
  },
  {
    name: 'no id without raw or fingerprint',
    cert: { subject: { CN: 'c' } },
    want: { name: 'c', groups: [] },
  },
];

for (const c of cases) {
  test(`userFromPeerCertificate: ${c.name}`, () => {
    assert.deepEqual(userFromPeerCertificate(c.cert), c.want);
  });
}
