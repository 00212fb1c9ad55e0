import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultStorageClass } from './default-storage-class.js';
import { attrs, mapLookup } from './test-env.js';

const marked = (name: string, created: string, ann = 'storageclass.kubernetes.io/is-default-class') => ({
  metadata: { name, creationTimestamp: created, annotations: { [ann]: 'true' } },
});

async function classAfter(objects: Record<string, Record<string, unknown>>, pvc: Record<string, unknown>) {
  const a = attrs(['', 'v1', 'persistentvolumeclaims'], 'CREATE', { object: pvc });
  await defaultStorageClass(mapLookup(objects)).admit!(a);
  return (a.object!['spec'] as Record<string, unknown>)['storageClassName'];
}

describe('DefaultStorageClass', () => {
  it('sets the default class on a claim without one', async () => {
    const objects = {
      'storageclasses//plain': { metadata: { name: 'plain' } },
      'storageclasses//local': marked('local', '2024-01-01T00:00:00Z'),
    };
    assert.equal(await classAfter(objects, { metadata: { name: 'c' }, spec: {} }), 'local');
  });

  it('picks the newest default, then the first by name', async () => {
    const objects = {
      'storageclasses//old': marked('old', '2024-01-01T00:00:00Z'),
      'storageclasses//new-b': marked(
        'new-b',
        '2024-02-01T00:00:00Z',
        'storageclass.beta.kubernetes.io/is-default-class',
      ),
      'storageclasses//new-a': marked('new-a', '2024-02-01T00:00:00Z'),
    };
    assert.equal(await classAfter(objects, { metadata: { name: 'c' }, spec: {} }), 'new-a');
  });

  it('keeps an explicit class, even an empty one, and the beta annotation', async () => {
    const objects = { 'storageclasses//local': marked('local', '2024-01-01T00:00:00Z') };
    assert.equal(await classAfter(objects, { metadata: { name: 'c' }, spec: { storageClassName: '' } }), '');
    assert.equal(
      await classAfter(objects, {
        metadata: { name: 'c', annotations: { 'volume.beta.kubernetes.io/storage-class': 'x' } },
        spec: {},
      }),
      undefined,
    );
  });

  it('leaves the claim alone when no class is the default', async () => {
    assert.equal(await classAfter({}, { metadata: { name: 'c' }, spec: {} }), undefined);
  });
});
