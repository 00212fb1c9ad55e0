import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusOf } from '../registry/test-helpers.js';
import { persistentVolumeClaimResize } from './persistent-volume-claim-resize.js';
import { attrs, mapLookup } from './test-env.js';

const plugin = persistentVolumeClaimResize(
  mapLookup({
    'storageclasses//grow': { metadata: { name: 'grow' }, allowVolumeExpansion: true },
    'storageclasses//fixed': { metadata: { name: 'fixed' } },
  }),
);

function claim(size: string, cls: string, phase = 'Bound') {
  return {
    metadata: { name: 'c' },
    spec: { storageClassName: cls, resources: { requests: { storage: size } } },
    status: { phase },
  };
}

function update(oldSize: string, newSize: string, cls: string, phase = 'Bound') {
  return attrs(['', 'v1', 'persistentvolumeclaims'], 'UPDATE', {
    name: 'c',
    object: claim(newSize, cls, phase),
    oldObject: claim(oldSize, cls, phase),
  });
}

describe('PersistentVolumeClaimResize', () => {
  it('lets a bound claim of an expandable class grow', async () => {
    await plugin.validate!(update('1Gi', '2Gi', 'grow'));
  });

  it('lets any claim keep or shrink its request (validation judges shrinking)', async () => {
    await plugin.validate!(update('1Gi', '1024Mi', 'fixed', 'Pending'));
    await plugin.validate!(update('2Gi', '1Gi', 'fixed'));
  });

  it('refuses to grow an unbound claim or one whose class does not allow it', async () => {
    const unbound = await statusOf(plugin.validate!(update('1Gi', '2Gi', 'grow', 'Pending')));
    assert.equal(
      unbound.status.message,
      'persistentvolumeclaims "c" is forbidden: Only bound persistent volume claims can be expanded',
    );
    const fixed = await statusOf(plugin.validate!(update('1Gi', '2Gi', 'fixed')));
    assert.equal(fixed.code, 403);
    assert.match(fixed.status.message ?? '', /the storageclass that provisions the pvc must support resize$/);
    const missing = await statusOf(plugin.validate!(update('1Gi', '2Gi', 'nope')));
    assert.equal(missing.code, 403);
  });
});
