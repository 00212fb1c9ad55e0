import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forbidden } from '../../apimachinery/errors/index.js';
import { statusOf } from '../registry/test-helpers.js';
import { AdmissionChain } from './chain.js';
import { defaultAdmission } from './default-chain.js';
import { attrs, mapLookup } from './test-env.js';
import type { AdmissionPlugin } from './types.js';

function recorder(name: string, seen: string[], refuse = false): AdmissionPlugin {
  return {
    name,
    admit: async () => {
      seen.push(`admit ${name}`);
    },
    validate: async () => {
      seen.push(`validate ${name}`);
      if (refuse) throw forbidden({ group: '', resource: 'pods' }, 'p', name);
    },
  };
}

describe('AdmissionChain', () => {
  it('runs every mutating phase in order, then every validating phase', async () => {
    const seen: string[] = [];
    const chain = new AdmissionChain([recorder('a', seen), { name: 'b' }, recorder('c', seen)]);
    const a = attrs(['', 'v1', 'pods'], 'CREATE', { object: {} });
    await chain.admit(a);
    await chain.validate(a);
    assert.deepEqual(seen, ['admit a', 'admit c', 'validate a', 'validate c']);
  });

  it('stops at the first refusal', async () => {
    const seen: string[] = [];
    const chain = new AdmissionChain([recorder('a', seen, true), recorder('b', seen)]);
    const e = await statusOf(chain.validate(attrs(['', 'v1', 'pods'], 'CREATE', { object: {} })));
    assert.equal(e.status.message, 'pods "p" is forbidden: a');
    assert.deepEqual(seen, ['validate a']);
  });

  it('builds the default chain in upstream order, without disabled plugins', () => {
    const chain = defaultAdmission(mapLookup({}), {
      disable: ['PodSecurity'],
      authorizer: { authorize: () => ({ decision: 'allow', reason: '' }) },
    });
    assert.deepEqual(chain.names, [
      'NamespaceLifecycle',
      'LimitRanger',
      'ServiceAccount',
      'TaintNodesByCondition',
      'Priority',
      'DefaultTolerationSeconds',
      'DefaultStorageClass',
      'StorageObjectInUseProtection',
      'PersistentVolumeClaimResize',
      'RuntimeClass',
      'CertificateApproval',
      'CertificateSigning',
      'CertificateSubjectRestriction',
      'DefaultIngressClass',
    ]);
  });
});
