import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storageObjectInUseProtection } from './storage-object-in-use-protection.js';
import { attrs } from './test-env.js';

const plugin = storageObjectInUseProtection();

describe('StorageObjectInUseProtection', () => {
  it('adds the protection finalizers to new claims and volumes once', async () => {
    const pvc = attrs(['', 'v1', 'persistentvolumeclaims'], 'CREATE', {
      object: { metadata: { name: 'c', finalizers: ['x'] } },
    });
    await plugin.admit!(pvc);
    assert.deepEqual((pvc.object!['metadata'] as Record<string, unknown>)['finalizers'], [
      'x',
      'kubernetes.io/pvc-protection',
    ]);
    await plugin.admit!(pvc);
    assert.deepEqual((pvc.object!['metadata'] as Record<string, unknown>)['finalizers'], [
      'x',
      'kubernetes.io/pvc-protection',
    ]);
    const pv = attrs(['', 'v1', 'persistentvolumes'], 'CREATE', { object: { metadata: { name: 'v' } } });
    await plugin.admit!(pv);
    assert.deepEqual((pv.object!['metadata'] as Record<string, unknown>)['finalizers'], [
      'kubernetes.io/pv-protection',
    ]);
  });

  it('leaves updates and other kinds alone', async () => {
    const u = attrs(['', 'v1', 'persistentvolumeclaims'], 'UPDATE', {
      name: 'c',
      object: { metadata: { name: 'c' } },
    });
    await plugin.admit!(u);
    assert.deepEqual(u.object, { metadata: { name: 'c' } });
  });
});
