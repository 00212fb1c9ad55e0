import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { conflict, unsupportedMediaType } from '../../apimachinery/errors/index.js';
import { CONFIG_MAPS, REPLICA_SETS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import type { ObjectIdentity } from './identity.js';
import { ObjectOperations } from './operations.js';
import { deletableResources, RestMapper, RestMappingError } from './resources.js';

async function setup() {
  const fake = new FakeClient({ resources: [CONFIG_MAPS, REPLICA_SETS] });
  const mapper = new RestMapper();
  mapper.reset(await fake.discover());
  const [cm] = fake.seed(CONFIG_MAPS, [
    {
      metadata: {
        name: 'cm',
        namespace: 'ns',
        finalizers: ['a', 'b'],
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'one', uid: 'u1' },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'two', uid: 'u2' },
        ],
      },
    } as ConfigMap,
  ]);
  assert.ok(cm);
  const id: ObjectIdentity = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'cm',
    uid: cm.metadata?.uid ?? '',
    namespace: 'ns',
  };
  return { fake, ops: new ObjectOperations(fake, mapper), id };
}

const live = (fake: FakeClient) => fake.objects(CONFIG_MAPS, 'ns')[0];

describe('ObjectOperations', () => {
  it('removes owner references with a strategic merge patch', async () => {
    const { fake, ops, id } = await setup();
    await ops.deleteOwnerRefs(id, ['u1']);
    assert.deepEqual(
      live(fake)?.metadata?.ownerReferences?.map((r) => r.uid),
      ['u2'],
    );
    const patch = fake.actions().find((a) => a.verb === 'patch');
    assert.equal(patch?.patchType, 'strategic');
    assert.deepEqual(patch?.patch, {
      metadata: { ownerReferences: [{ $patch: 'delete', uid: 'u1' }], uid: id.uid },
    });
  });

  it('falls back to a JSON merge patch where strategic merge is not supported', async () => {
    const { fake, ops, id } = await setup();
    fake.prependReactor('patch', 'configmaps', (a) => {
      if (a.patchType === 'strategic') throw unsupportedMediaType(['application/merge-patch+json']);
      return undefined;
    });
    await ops.deleteOwnerRefs(id, ['u2']);
    assert.deepEqual(
      live(fake)?.metadata?.ownerReferences?.map((r) => r.uid),
      ['u1'],
    );
    const patches = fake.actions().filter((a) => a.verb === 'patch');
    assert.deepEqual(
      patches.map((p) => p.patchType),
      ['strategic', 'merge'],
    );
  });

  it('removes one finalizer, retrying conflicts, and ignores a missing object', async () => {
    const { fake, ops, id } = await setup();
    let conflicts = 2;
    fake.prependReactor('patch', 'configmaps', () => {
      if (conflicts-- > 0) throw conflict({ group: '', resource: 'configmaps' }, 'cm', 'stale');
      return undefined;
    });
    await ops.removeFinalizer(id, 'a');
    assert.deepEqual(live(fake)?.metadata?.finalizers, ['b']);
    await ops.removeFinalizer({ ...id, name: 'missing' }, 'a');
  });

  it('gives up after repeated conflicts with upstream message', async () => {
    const { fake, ops, id } = await setup();
    fake.prependReactor('patch', 'configmaps', () => {
      throw conflict({ group: '', resource: 'configmaps' }, 'cm', 'stale');
    });
    await assert.rejects(ops.removeFinalizer(id, 'a'), /updateMaxRetries\(4\) has reached/);
  });

  it('deletes with uid and resourceVersion preconditions, retrying once when only the version moved', async () => {
    const { fake, ops, id } = await setup();
    const current = live(fake);
    const moved = await fake.resource(CONFIG_MAPS).patch('ns', 'cm', 'merge', { data: { touched: 'yes' } });
    await ops.delete(
      id,
      current?.metadata?.resourceVersion ?? '',
      current?.metadata?.ownerReferences ?? [],
      'Background',
    );
    const deletes = fake.actions().filter((a) => a.verb === 'delete');
    assert.equal(deletes.length, 2);
    assert.deepEqual((deletes[1]?.options as { preconditions?: unknown } | undefined)?.preconditions, {
      uid: id.uid,
      resourceVersion: moved.metadata?.resourceVersion,
    });
    assert.ok(live(fake)?.metadata?.deletionTimestamp);
  });

  it('does not retry a delete when the owner references changed meanwhile', async () => {
    const { fake, ops, id } = await setup();
    const current = live(fake);
    await fake.resource(CONFIG_MAPS).patch('ns', 'cm', 'merge', { metadata: { ownerReferences: null } });
    await assert.rejects(
      ops.delete(
        id,
        current?.metadata?.resourceVersion ?? '',
        current?.metadata?.ownerReferences ?? [],
        'Background',
      ),
      /modified|Operation cannot be fulfilled/,
    );
  });
});

describe('resources', () => {
  const discovery = [
    {
      group: '',
      version: 'v1',
      preferred: true,
      resources: [
        { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['create', 'delete', 'get', 'list', 'watch'] },
        { name: 'pods/status', kind: 'Pod', namespaced: true, verbs: ['get', 'patch'] },
        { name: 'events', kind: 'Event', namespaced: true, verbs: ['delete', 'list', 'watch'] },
        { name: 'bindings', kind: 'Binding', namespaced: true, verbs: ['create'] },
        { name: 'nodes', kind: 'Node', namespaced: false, verbs: ['delete', 'list', 'watch'] },
      ],
    },
    {
      group: 'example.com',
      version: 'v1beta1',
      preferred: false,
      resources: [{ name: 'widgets', kind: 'Widget', namespaced: true, verbs: ['delete', 'list', 'watch'] }],
    },
    {
      group: 'example.com',
      version: 'v1',
      preferred: true,
      resources: [{ name: 'widgets', kind: 'Widget', namespaced: true, verbs: ['delete', 'list', 'watch'] }],
    },
  ];

  it('monitors deletable, listable, watchable resources of preferred versions, without events', () => {
    assert.deepEqual(
      deletableResources(discovery).map((r) => `${r.group}/${r.version}/${r.resource}`),
      ['/v1/nodes', '/v1/pods', 'example.com/v1/widgets'],
    );
  });

  it('maps every served version of a kind, and rejects unknown ones', () => {
    const m = new RestMapper();
    m.reset(discovery);
    assert.equal(m.resourceFor('example.com/v1beta1', 'Widget').version, 'v1beta1');
    assert.equal(m.resourceFor('v1', 'Node').namespaced, false);
    assert.throws(() => m.resourceFor('example.com/v2', 'Widget'), RestMappingError);
    assert.throws(() => m.resourceFor('a/b/c', 'Widget'), RestMappingError);
  });
});
