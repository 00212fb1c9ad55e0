import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import {
  checkVolumeSatisfiesClaim,
  claimClass,
  defaultClass,
  findBestMatchForClaim,
  isVolumeBoundToClaim,
} from './match.js';
import { deleteDecision, provisionDecision } from './plugins.js';

function pv(
  name: string,
  size: string,
  spec: Partial<NonNullable<PersistentVolume['spec']>> = {},
): PersistentVolume {
  return {
    metadata: { name },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], ...spec },
    status: { phase: 'Available' },
  };
}

const claim: PersistentVolumeClaim = {
  metadata: { name: 'c', namespace: 'ns', uid: 'u1' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1500Mi' } } },
};

describe('volume matching', () => {
  it('compares sizes as quantities and takes the smallest fit', () => {
    const vols = [pv('a', '2Gi'), pv('b', '1Gi'), pv('c', '1600M'), pv('d', '3G')];
    // 1500Mi = 1572864000 bytes: 1Gi is too small, 1600M fits and is smallest.
    assert.equal(findBestMatchForClaim(claim, vols, false)?.metadata?.name, 'c');
  });

  it('skips volumes that are not Available, being deleted, or claimed by others', () => {
    const vols = [
      { ...pv('released', '2Gi'), status: { phase: 'Released' } },
      { ...pv('deleting', '2Gi'), metadata: { name: 'deleting', deletionTimestamp: '2026-01-01T00:00:00Z' } },
      pv('other', '2Gi', { claimRef: { namespace: 'ns', name: 'someone' } }),
      pv('stale-uid', '2Gi', { claimRef: { namespace: 'ns', name: 'c', uid: 'old' } }),
    ];
    assert.equal(findBestMatchForClaim(claim, vols, false), undefined);
  });

  it('takes a volume pre-bound to the claim whatever its phase, even when binding is delayed', () => {
    const vols = [
      pv('free', '2Gi'),
      { ...pv('mine', '9Gi', { claimRef: { namespace: 'ns', name: 'c' } }), status: {} },
    ];
    assert.equal(findBestMatchForClaim(claim, vols, true)?.metadata?.name, 'mine');
    assert.equal(findBestMatchForClaim(claim, [pv('free', '2Gi')], true), undefined);
    assert.equal(isVolumeBoundToClaim(vols[1] as PersistentVolume, claim), true);
  });

  it('reads the class from the beta annotation first and picks the newest default class', () => {
    const annotated: PersistentVolumeClaim = {
      ...claim,
      metadata: { ...claim.metadata, annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } },
      spec: { ...claim.spec, storageClassName: 'new' },
    };
    assert.equal(claimClass(annotated), 'old');
    const sc = (name: string, ts: string, isDefault: boolean): StorageClass => ({
      metadata: {
        name,
        creationTimestamp: ts,
        annotations: { 'storageclass.kubernetes.io/is-default-class': String(isDefault) },
      },
      provisioner: 'p',
    });
    assert.equal(
      defaultClass([
        sc('a', '2026-01-01T00:00:00Z', true),
        sc('b', '2026-02-01T00:00:00Z', true),
        sc('c', '2026-03-01T00:00:00Z', false),
      ])?.metadata?.name,
      'b',
    );
  });

  it('explains why a named volume does not suit the claim', () => {
    assert.equal(
      checkVolumeSatisfiesClaim(pv('a', '2Gi', { storageClassName: 'x' }), claim),
      'storageClassName does not match',
    );
    assert.equal(
      checkVolumeSatisfiesClaim(pv('a', '2Gi', { volumeMode: 'Block' }), claim),
      'incompatible volumeMode',
    );
    assert.equal(
      checkVolumeSatisfiesClaim(pv('a', '2Gi', { accessModes: ['ReadOnlyMany'] }), claim),
      'incompatible accessMode',
    );
    assert.equal(checkVolumeSatisfiesClaim(pv('a', '2Gi'), claim), undefined);
  });

  it('decides deletion and provisioning as the controller plugin set does', () => {
    assert.deepEqual(deleteDecision(pv('n', '1Gi', { nfs: { server: 's', path: '/' } })), {
      type: 'fail',
      message: 'error getting deleter volume plugin for volume "n": no deletable volume plugin matched',
    });
    assert.deepEqual(deleteDecision(pv('h', '1Gi', { hostPath: { path: '/var/tmp/x' } })), {
      type: 'delete',
    });
    assert.deepEqual(
      deleteDecision({
        ...pv('e', '1Gi'),
        metadata: { name: 'e', annotations: { 'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com' } },
      }),
      { type: 'external' },
    );
    assert.deepEqual(provisionDecision('ebs.csi.aws.com'), {
      type: 'external',
      provisioner: 'ebs.csi.aws.com',
    });
    assert.equal(provisionDecision('kubernetes.io/no-provisioner').type, 'fail');
  });
});
