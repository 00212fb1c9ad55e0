import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { EventBroadcaster } from '../../client/events/types.js';
import { CONFIG_MAPS, NAMESPACES, PODS, REPLICA_SETS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import { ManualClock } from '../../client/testing/manual-clock.js';
import { settle, until } from '../testing.js';
import type { KubeObject } from '../../client/types.js';
import { DISCARD_LOGGER } from '../../log/index.js';
import { GarbageCollector } from './controller.js';
import { metadataOf } from './identity.js';

interface Recorded {
  readonly obj: KubeObject;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

function recordingEvents(out: Recorded[]): EventBroadcaster {
  return {
    newRecorder: () => ({ event: (obj, type, reason, message) => out.push({ obj, type, reason, message }) }),
    flush: async () => {},
  };
}

function rs(name: string): ReplicaSet {
  return {
    metadata: { name, namespace: 'ns' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } } } },
  };
}

function ref(owner: KubeObject, block = true): OwnerReference {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: block,
  };
}

function pod(name: string, owners: OwnerReference[], namespace = 'ns'): Pod {
  return {
    metadata: { name, namespace, ownerReferences: owners },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  };
}

const stops: AbortController[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s.abort();
});

async function start(
  fake: FakeClient,
  clock: ManualClock,
  events: Recorded[] = [],
): Promise<GarbageCollector> {
  const gc = new GarbageCollector({
    client: fake,
    events: recordingEvents(events),
    clock,
    log: DISCARD_LOGGER,
  });
  const stop = new AbortController();
  stops.push(stop);
  void gc.run(2, stop.signal);
  await until('monitors synced', () => gc.monitorCount > 0 && gc.hasSynced());
  return gc;
}

function setup(): { fake: FakeClient; clock: ManualClock; owner: ReplicaSet } {
  const clock = new ManualClock();
  const fake = new FakeClient({ clock, resources: [PODS, REPLICA_SETS, CONFIG_MAPS, NAMESPACES] });
  const [owner] = fake.seed(REPLICA_SETS, [rs('web')]);
  assert.ok(owner);
  fake.seed(PODS, [pod('web-a', [ref(owner)]), pod('web-b', [ref(owner)])]);
  return { fake, clock, owner };
}

const podNames = (fake: FakeClient) =>
  fake
    .objects(PODS, 'ns')
    .map((p) => p.metadata?.name)
    .sort();

describe('GarbageCollector', () => {
  it('deletes the dependents of an owner deleted in the background', async () => {
    const { fake, clock } = setup();
    await start(fake, clock);
    await fake.resource(REPLICA_SETS).delete('ns', 'web', { propagationPolicy: 'Background' });
    await until('pods deleted', () => podNames(fake).length === 0);
    const deletes = fake.actions().filter((a) => a.verb === 'delete' && a.resource === 'pods');
    assert.equal(deletes.length, 2);
    for (const d of deletes) {
      const o = d.options as { propagationPolicy?: string; preconditions?: { uid?: string } };
      assert.equal(o.propagationPolicy, 'Background');
      assert.ok(o.preconditions?.uid);
    }
  });

  it('deletes the pods of a foreground-deleted ReplicaSet before releasing the ReplicaSet', async () => {
    const { fake, clock } = setup();
    await start(fake, clock);
    await fake.resource(REPLICA_SETS).delete('ns', 'web', { propagationPolicy: 'Foreground' });
    const [waiting] = fake.objects(REPLICA_SETS, 'ns');
    assert.deepEqual(waiting?.metadata?.finalizers, ['foregroundDeletion']);
    await until('ReplicaSet gone', () => fake.objects(REPLICA_SETS, 'ns').length === 0);
    assert.deepEqual(podNames(fake), []);
    const writes = fake
      .actions()
      .filter(
        (a) =>
          (a.verb === 'delete' && a.resource === 'pods') ||
          (a.verb === 'patch' && a.resource === 'replicasets'),
      )
      .map((a) => `${a.verb} ${a.resource}`);
    assert.deepEqual(writes, ['delete pods', 'delete pods', 'patch replicasets']);
  });

  it('leaves the pods of an orphan-deleted ReplicaSet without the owner reference', async () => {
    const { fake, clock } = setup();
    const [other] = fake.seed(REPLICA_SETS, [rs('other')]);
    assert.ok(other);
    const [both] = fake.seed(PODS, [pod('shared', [])]);
    const owner = fake.objects(REPLICA_SETS, 'ns').find((r) => r.metadata?.name === 'web');
    assert.ok(owner && both);
    await fake.resource(PODS).patch('ns', 'shared', 'merge', {
      metadata: { ownerReferences: [ref(owner, false), ref(other, false)] },
    });
    await start(fake, clock);
    await fake.resource(REPLICA_SETS).delete('ns', 'web', { propagationPolicy: 'Orphan' });
    await until(
      'ReplicaSet gone',
      () => !fake.objects(REPLICA_SETS, 'ns').some((r) => r.metadata?.name === 'web'),
    );
    assert.deepEqual(podNames(fake), ['shared', 'web-a', 'web-b']);
    for (const p of fake.objects(PODS, 'ns')) {
      const uids = (p.metadata?.ownerReferences ?? []).map((r) => r.uid);
      assert.ok(!uids.includes(owner.metadata?.uid ?? ''), `${p.metadata?.name} keeps its reference`);
    }
    const shared = fake.objects(PODS, 'ns').find((p) => p.metadata?.name === 'shared');
    assert.deepEqual(
      shared?.metadata?.ownerReferences?.map((r) => r.name),
      ['other'],
    );
  });

  it('treats a reference whose uid does not match the live owner as dangling', async () => {
    const { fake, clock, owner } = setup();
    const stale = { ...ref(owner), uid: 'not-the-live-uid' };
    fake.seed(PODS, [pod('orphaned', [stale]), pod('mixed', [stale, ref(owner)])]);
    await start(fake, clock);
    await until('dangling pod deleted', () => !podNames(fake).includes('orphaned'));
    await until('dangling reference removed', () => {
      const mixed = fake.objects(PODS, 'ns').find((p) => p.metadata?.name === 'mixed');
      return mixed?.metadata?.ownerReferences?.length === 1;
    });
    const mixed = fake.objects(PODS, 'ns').find((p) => p.metadata?.name === 'mixed');
    assert.equal(mixed?.metadata?.ownerReferences?.[0]?.uid, owner.metadata?.uid);
    assert.deepEqual(podNames(fake), ['mixed', 'web-a', 'web-b']);
  });

  it('deletes dependents of an owner that never existed', async () => {
    const clock = new ManualClock();
    const fake = new FakeClient({ clock, resources: [PODS, REPLICA_SETS, CONFIG_MAPS] });
    const ghost: OwnerReference = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'ghost',
      uid: 'ghost-uid',
    };
    fake.seed(CONFIG_MAPS, [
      { metadata: { name: 'cm', namespace: 'ns', ownerReferences: [ghost] } } as ConfigMap,
    ]);
    await start(fake, clock);
    await until('configmap deleted', () => fake.objects(CONFIG_MAPS, 'ns').length === 0);
  });

  it('collects a dependent naming an owner of another namespace', async () => {
    const { fake, clock, owner } = setup();
    fake.seed(PODS, [pod('elsewhere', [ref(owner)], 'other-ns')]);
    await start(fake, clock);
    await until('pod deleted', () => !podNames(fake).includes('elsewhere'));
    assert.deepEqual(podNames(fake), ['web-a', 'web-b']);
  });

  it('breaks a possible foreground cycle: unblocks the owners, then deletes in the foreground', async () => {
    const clock = new ManualClock();
    const fake = new FakeClient({ clock, resources: [PODS, REPLICA_SETS, CONFIG_MAPS] });
    const [owner] = fake.seed(REPLICA_SETS, [rs('o')]);
    assert.ok(owner);
    const [middle] = fake.seed(CONFIG_MAPS, [
      { metadata: { name: 'x', namespace: 'ns', ownerReferences: [ref(owner)] } } as ConfigMap,
    ]);
    assert.ok(middle);
    const cmRef: OwnerReference = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'x',
      uid: middle.metadata?.uid ?? '',
      blockOwnerDeletion: true,
    };
    fake.seed(PODS, [
      { ...pod('d', [cmRef]), metadata: { ...pod('d', [cmRef]).metadata, finalizers: ['example.com/hold'] } },
    ]);
    await fake.resource(REPLICA_SETS).delete('ns', 'o', { propagationPolicy: 'Foreground' });
    await fake.resource(PODS).delete('ns', 'd', { propagationPolicy: 'Foreground' });
    const gc = new GarbageCollector({
      client: fake,
      events: recordingEvents([]),
      clock,
      log: DISCARD_LOGGER,
    });
    gc.mapper.reset(await fake.discover());
    const feed = (apiVersion: string, kind: string, objs: KubeObject[]) => {
      for (const o of objs) gc.graph.process({ type: 'add', apiVersion, kind, obj: metadataOf(o) });
    };
    feed('apps/v1', 'ReplicaSet', fake.objects(REPLICA_SETS, 'ns'));
    feed('v1', 'ConfigMap', fake.objects(CONFIG_MAPS, 'ns'));
    feed('v1', 'Pod', fake.objects(PODS, 'ns'));
    fake.clearActions();
    // The first pass unblocks, and its delete meets the changed resourceVersion (a conflict, as
    // upstream: the owner references changed); the retry deletes in the foreground.
    await gc.syncDelete(middle.metadata?.uid ?? '');
    await gc.syncDelete(middle.metadata?.uid ?? '');
    const writes = fake.actions().filter((a) => a.verb === 'patch' || a.verb === 'delete');
    assert.equal(writes[0]?.verb, 'patch');
    const last = writes.at(-1);
    assert.equal(last?.verb, 'delete');
    assert.equal(
      (last?.options as { propagationPolicy?: string } | undefined)?.propagationPolicy,
      'Foreground',
    );
    const x = fake.objects(CONFIG_MAPS, 'ns')[0];
    assert.equal(x?.metadata?.ownerReferences?.[0]?.blockOwnerDeletion, false);
    assert.deepEqual(x?.metadata?.finalizers, ['foregroundDeletion']);
    assert.ok(x?.metadata?.deletionTimestamp);
  });

  it('keeps dependents whose owners exist', async () => {
    const { fake, clock } = setup();
    const gc = await start(fake, clock);
    await until('queue drained', () => gc.attemptToDelete.len() === 0);
    await settle(50);
    assert.deepEqual(podNames(fake), ['web-a', 'web-b']);
    assert.equal(fake.actions().filter((a) => a.verb === 'delete').length, 0);
  });
});
