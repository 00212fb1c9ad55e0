import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attributes, Authorizer } from '../authz/index.js';
import { statusOf } from '../registry/test-helpers.js';
import { certificateApproval, certificateSigning } from './certificate-signer-authorization.js';
import { attrs } from './test-env.js';

// Allows `verb` on signers names listed per user.
function authorizer(grants: Record<string, string[]>): Authorizer & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    authorize(a: Attributes) {
      if (!a.isResourceRequest) return { decision: 'no-opinion', reason: '' };
      asked.push(`${a.user.name} ${a.verb} ${a.resource}/${a.name}`);
      const ok = (grants[a.user.name] ?? []).includes(`${a.verb} ${a.name}`);
      return { decision: ok ? 'allow' : 'no-opinion', reason: '' };
    },
  };
}

const csr = (signerName: string, status: Record<string, unknown> = {}) => ({
  metadata: { name: 'csr' },
  spec: { signerName, request: '', usages: [] },
  status,
});

describe('CertificateApproval', () => {
  it('asks for approve on the signer, then on its domain wildcard', async () => {
    const authz = authorizer({ alice: ['approve example.com/*'] });
    const plugin = certificateApproval(authz);
    const gr = ['certificates.k8s.io', 'v1', 'certificatesigningrequests'] as [string, string, string];
    await plugin.validate!(
      attrs(gr, 'UPDATE', { name: 'csr', subresource: 'approval', object: csr('example.com/a') }),
    );
    assert.deepEqual(authz.asked, [
      'alice approve signers/example.com/a',
      'alice approve signers/example.com/*',
    ]);
    const e = await statusOf(
      plugin.validate!(
        attrs(gr, 'UPDATE', { name: 'csr', subresource: 'approval', object: csr('kubernetes.io/x') }),
      ),
    );
    assert.equal(
      e.status.message,
      'certificatesigningrequests.certificates.k8s.io "csr" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/x"',
    );
  });
});

describe('CertificateSigning', () => {
  const gr = ['certificates.k8s.io', 'v1', 'certificatesigningrequests'] as [string, string, string];

  it('needs sign on the signer only when the certificate or conditions change', async () => {
    const plugin = certificateSigning(authorizer({}));
    const old = csr('example.com/a');
    await plugin.validate!(
      attrs(gr, 'UPDATE', { name: 'csr', subresource: 'status', object: old, oldObject: old }),
    );
    const e = await statusOf(
      plugin.validate!(
        attrs(gr, 'UPDATE', {
          name: 'csr',
          subresource: 'status',
          object: csr('example.com/a', { certificate: 'Zm9v' }),
          oldObject: old,
        }),
      ),
    );
    assert.equal(e.code, 403);
    assert.match(
      e.status.message ?? '',
      /user not permitted to sign requests with signerName "example\.com\/a"$/,
    );
    await certificateSigning(authorizer({ alice: ['sign example.com/a'] })).validate!(
      attrs(gr, 'UPDATE', {
        name: 'csr',
        subresource: 'status',
        object: csr('example.com/a', { certificate: 'Zm9v' }),
        oldObject: old,
      }),
    );
  });
});
