import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PKIError } from './errors.js';
import { certIdentity, type PeerSubject, parseSubject } from './identity.js';
import { createCA, issueClientCert } from './issue.js';

describe('certIdentity', () => {
  const cases: {
    name: string;
    subject: PeerSubject;
    want: { user: string; groups: string[] } | undefined;
  }[] = [
    { name: 'CN only', subject: 'CN=alice', want: { user: 'alice', groups: [] } },
    {
      name: 'O before CN as Go writes it',
      subject: 'O=system:masters\nCN=kite-admin',
      want: { user: 'kite-admin', groups: ['system:masters'] },
    },
    {
      name: 'several O in one RDN keep their order',
      subject: 'O=b + O=a\nCN=u',
      want: { user: 'u', groups: ['b', 'a'] },
    },
    {
      name: 'several O in separate RDNs',
      subject: 'O=x\nO=y\nCN=u',
      want: { user: 'u', groups: ['x', 'y'] },
    },
    {
      name: 'other attributes ignored',
      subject: 'C=US\nST=CA\nL=SF\nOU=eng\nO=dev\nCN=bob',
      want: { user: 'bob', groups: ['dev'] },
    },
    {
      name: 'node identity',
      subject: 'O=system:nodes\nCN=system:node:worker-1',
      want: { user: 'system:node:worker-1', groups: ['system:nodes'] },
    },
    { name: 'no CN is not authenticated', subject: 'O=system:masters', want: undefined },
    { name: 'empty subject is not authenticated', subject: '', want: undefined },
    { name: 'empty CN is not authenticated', subject: 'O=g\nCN=', want: undefined },
    {
      name: 'escaped specials',
      subject: 'CN=a\\,b\\+c \\"q\\"\\\\x',
      want: { user: 'a,b+c "q"\\x', groups: [] },
    },
    {
      name: 'escaped plus inside one O',
      subject: 'O=o1 \\+ o2\nCN=u',
      want: { user: 'u', groups: ['o1 + o2'] },
    },
    {
      name: 'hex escapes form UTF-8',
      subject: 'CN=new\\0Aline \\C3\\BC',
      want: { user: 'new\nline ü', groups: [] },
    },
    { name: 'leading and trailing space escapes', subject: 'CN=\\ x\\ ', want: { user: ' x ', groups: [] } },
    { name: 'equals sign in value', subject: 'O=O=x\nCN=u', want: { user: 'u', groups: ['O=x'] } },
    {
      name: 'TLS peer object with string O',
      subject: { CN: 'kite-admin', O: 'system:masters' },
      want: { user: 'kite-admin', groups: ['system:masters'] },
    },
    {
      name: 'TLS peer object with array O',
      subject: { O: ['a', 'b'], CN: 'u' },
      want: { user: 'u', groups: ['a', 'b'] },
    },
    { name: 'TLS peer object without CN', subject: { O: 'a' }, want: undefined },
    {
      name: 'TLS peer object with several CN: the last wins as in Go',
      subject: { CN: ['first', 'last'] },
      want: { user: 'last', groups: [] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(certIdentity({ subject: c.subject }), c.want);
    });
  }

  it('a TLS peer without a certificate (an empty object) is not authenticated', () => {
    assert.equal(certIdentity({}), undefined);
  });

  const malformed = ['CN', '=x', 'CN=a\\', 'CN=a\\q', 'O=a + b'];
  for (const s of malformed) {
    it(`rejects malformed subject ${JSON.stringify(s)}`, () => {
      assert.throws(() => parseSubject(s), PKIError);
    });
  }

  it('parseSubject never crashes on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'binary' }), (s) => {
        try {
          for (const [k, v] of parseSubject(s)) assert.ok(typeof k === 'string' && typeof v === 'string');
        } catch (e) {
          assert.ok(e instanceof PKIError, String(e));
        }
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });

  it('reads back any CN and O written into a real certificate, in both of node shapes', async () => {
    const ca = await createCA();
    const value = fc
      .string({ minLength: 1, maxLength: 24, unit: 'grapheme' })
      .filter((s) => !s.includes('\0'));
    await fc.assert(
      fc.asyncProperty(value, fc.array(value, { maxLength: 3 }), async (cn, orgs) => {
        const pair = await issueClientCert({ ca }, { commonName: cn, organizations: orgs });
        const cert = new X509Certificate(pair.certPEM);
        const want = { user: cn, groups: orgs };
        assert.deepEqual(certIdentity(cert), want);
        assert.deepEqual(certIdentity({ subject: cert.toLegacyObject().subject }), want);
      }),
      { seed: 20261123, numRuns: 60 },
    );
  });
});
