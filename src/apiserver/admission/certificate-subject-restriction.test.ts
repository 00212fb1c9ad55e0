import 'reflect-metadata';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { statusOf } from '../registry/test-helpers.js';
import { certificateSubjectRestriction } from './certificate-subject-restriction.js';
import { attrs } from './test-env.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

async function csrFor(name: string): Promise<string> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: alg });
  return Buffer.from(csr.toString('pem')).toString('base64');
}

function create(request: string, signerName = 'kubernetes.io/kube-apiserver-client') {
  return attrs(['certificates.k8s.io', 'v1', 'certificatesigningrequests'], 'CREATE', {
    name: 'csr',
    object: { metadata: { name: 'csr' }, spec: { request, signerName, usages: ['client auth'] } },
  });
}

describe('CertificateSubjectRestriction', () => {
  const plugin = certificateSubjectRestriction();

  it('refuses system:masters for the API client signer only', async () => {
    const masters = await csrFor('CN=eve, O=system:masters');
    const e = await statusOf(plugin.validate!(create(masters)));
    assert.equal(e.code, 403);
    assert.equal(
      e.status.message,
      'certificatesigningrequests.certificates.k8s.io "csr" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed',
    );
    await plugin.validate!(create(masters, 'example.com/other'));
    await plugin.validate!(create(await csrFor('CN=bob, O=devs')));
  });
});
