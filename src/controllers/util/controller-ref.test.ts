import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { notFound } from '../../apimachinery/errors/index.js';
import { selectorFromSet } from '../../apimachinery/labels/index.js';
import { PODS, REPLICA_SETS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import {
  canAdoptFor,
  ControllerRefManager,
  controllerKindOf,
  getControllerOf,
  newControllerRef,
  recheckDeletionTimestamp,
  withTypeMeta,
} from './controller-ref.js';
import { aggregateErrors } from './errors.js';

const RS_KIND = controllerKindOf(REPLICA_SETS);
const owner: ReplicaSet = { metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' } };

function pod(
  name: string,
  labels: Record<string, string>,
  ownerUid?: string,
  extra: Partial<Pod['metadata']> = {},
): Pod {
  const metadata: NonNullable<Pod['metadata']> = {
    name,
    namespace: 'ns',
    uid: `${name}-uid`,
    labels,
    ...extra,
  };
  if (ownerUid !== undefined)
    metadata.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'x',
        uid: ownerUid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  return { metadata, spec: { containers: [{ name: 'c', image: 'i' }] } };
}

function setup(ownerObj: ReplicaSet = owner, canAdopt?: () => Promise<void>) {
  const client = new FakeClient();
  const pods = client.resource(PODS);
  const mgr = new ControllerRefManager<Pod>({
    owner: ownerObj,
    ownerKind: RS_KIND,
    selector: selectorFromSet({ app: 'web' }),
    childKind: 'Pod',
    patch: (ns, name, body) => pods.patch(ns, name, 'strategic', body),
    ...(canAdopt === undefined ? {} : { canAdopt }),
  });
  return { client, mgr };
}

describe('controller references', () => {
  it('builds a controller reference and finds it again', () => {
    const ref = newControllerRef(owner, RS_KIND);
    assert.deepEqual(ref, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'web',
      uid: 'rs-uid',
      controller: true,
      blockOwnerDeletion: true,
    });
    assert.equal(
      getControllerOf({ metadata: { ownerReferences: [{ ...ref, controller: false }, ref] } })?.uid,
      'rs-uid',
    );
    assert.equal(getControllerOf({ metadata: {} }), undefined);
  });

  it('sets type meta on a copy', () => {
    const t = withTypeMeta(owner, RS_KIND);
    assert.equal(t.kind, 'ReplicaSet');
    assert.equal(owner.kind, undefined);
  });

  it('aggregates errors as upstream prints them', () => {
    assert.equal(aggregateErrors([]), undefined);
    assert.equal(aggregateErrors([new Error('a')])?.message, 'a');
    assert.equal(aggregateErrors([new Error('a'), new Error('b'), new Error('a')])?.message, '[a, b]');
  });
});

describe('recheckDeletionTimestamp', () => {
  it('passes for a live owner, refuses a deleted or unreadable one', async () => {
    await recheckDeletionTimestamp(async () => owner)();
    await assert.rejects(
      recheckDeletionTimestamp(async () => ({
        metadata: { ...owner.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' },
      }))(),
      /ns\/web has just been deleted at 2026-01-01T00:00:00Z/,
    );
    await assert.rejects(
      recheckDeletionTimestamp(async () => {
        throw notFound({ group: 'apps', resource: 'replicasets' }, 'web');
      })(),
      /can't recheck DeletionTimestamp: replicasets.apps "web" not found/,
    );
  });
});

describe('canAdoptFor', () => {
  it('reads the owner fresh and refuses one replaced under the same name', async () => {
    const live = { get: async () => owner };
    await canAdoptFor(live, owner, 'ReplicaSet')();
    const replaced = { get: async () => ({ metadata: { ...owner.metadata, uid: 'other' } }) };
    await assert.rejects(
      canAdoptFor(replaced, owner, 'ReplicaSet')(),
      /can't recheck DeletionTimestamp: original ReplicaSet ns\/web is gone: got uid other, wanted rs-uid/,
    );
  });
});

describe('ControllerRefManager', () => {
  const cases: {
    name: string;
    pod: Pod;
    owner?: ReplicaSet;
    claimed: boolean;
    patched: boolean;
    ownerAfter: string | undefined;
  }[] = [
    {
      name: 'adopts a matching orphan',
      pod: pod('a', { app: 'web' }),
      claimed: true,
      patched: true,
      ownerAfter: 'rs-uid',
    },
    {
      name: 'ignores a non-matching orphan',
      pod: pod('a', { app: 'db' }),
      claimed: false,
      patched: false,
      ownerAfter: undefined,
    },
    {
      name: 'keeps an owned matching pod',
      pod: pod('a', { app: 'web' }, 'rs-uid'),
      claimed: true,
      patched: false,
      ownerAfter: 'rs-uid',
    },
    {
      name: 'releases an owned pod that no longer matches',
      pod: pod('a', { app: 'db' }, 'rs-uid'),
      claimed: false,
      patched: true,
      ownerAfter: undefined,
    },
    {
      name: 'ignores a pod of another controller',
      pod: pod('a', { app: 'web' }, 'other'),
      claimed: false,
      patched: false,
      ownerAfter: 'other',
    },
    {
      name: 'never adopts a pod being deleted',
      pod: pod('a', { app: 'web' }, undefined, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
      claimed: false,
      patched: false,
      ownerAfter: undefined,
    },
    {
      name: 'a deleting owner adopts nothing',
      pod: pod('a', { app: 'web' }),
      owner: { metadata: { ...owner.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } },
      claimed: false,
      patched: false,
      ownerAfter: undefined,
    },
    {
      name: 'a deleting owner releases nothing but still claims its own',
      pod: pod('a', { app: 'db' }, 'rs-uid'),
      owner: { metadata: { ...owner.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } },
      claimed: false,
      patched: false,
      ownerAfter: 'rs-uid',
    },
  ];
  for (const c of cases)
    it(c.name, async () => {
      const { client, mgr } = setup(c.owner);
      const [seeded] = client.seed(PODS, [c.pod]);
      const claimed = await mgr.claim([seeded!]);
      assert.equal(claimed.length, c.claimed ? 1 : 0);
      assert.equal(
        client.actions().some((a) => a.verb === 'patch'),
        c.patched,
      );
      const after = client.objects(PODS, 'ns')[0];
      assert.equal(getControllerOf(after!)?.uid, c.ownerAfter);
    });

  it('sends upstream patch bodies with the uid precondition', async () => {
    const { client, mgr } = setup();
    const [orphan, stale] = client.seed(PODS, [pod('a', { app: 'web' }), pod('b', { app: 'db' }, 'rs-uid')]);
    await mgr.claim([orphan!, stale!]);
    const patches = client.actions().filter((a) => a.verb === 'patch');
    assert.deepEqual(
      patches.map((p) => [p.name, p.patchType, p.patch]),
      [
        [
          'a',
          'strategic',
          { metadata: { ownerReferences: [newControllerRef(owner, RS_KIND)], uid: 'a-uid' } },
        ],
        [
          'b',
          'strategic',
          { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'rs-uid' }], uid: 'b-uid' } },
        ],
      ],
    );
  });

  it('adds and removes finalizers with the reference when configured', async () => {
    const client = new FakeClient();
    const pods = client.resource(PODS);
    const mgr = new ControllerRefManager<Pod>({
      owner,
      ownerKind: RS_KIND,
      selector: selectorFromSet({ app: 'web' }),
      childKind: 'Pod',
      finalizers: ['batch.kubernetes.io/job-tracking'],
      patch: (ns, name, body) => pods.patch(ns, name, 'strategic', body),
    });
    const [orphan, stale] = client.seed(PODS, [
      pod('a', { app: 'web' }),
      pod('b', { app: 'db' }, 'rs-uid', { finalizers: ['batch.kubernetes.io/job-tracking', 'keep'] }),
    ]);
    await mgr.claim([orphan!, stale!]);
    const byName = new Map(client.objects(PODS, 'ns').map((p) => [p.metadata?.name, p]));
    assert.deepEqual(byName.get('a')?.metadata?.finalizers, ['batch.kubernetes.io/job-tracking']);
    assert.deepEqual(byName.get('b')?.metadata?.finalizers, ['keep']);
    assert.equal(getControllerOf(byName.get('b')!), undefined);
  });

  it('checks canAdopt once and fails every adoption when it refuses', async () => {
    let checks = 0;
    const { client, mgr } = setup(owner, async () => {
      checks++;
      throw new Error('gone');
    });
    const seeded = client.seed(PODS, [
      pod('a', { app: 'web' }),
      pod('b', { app: 'web' }),
      pod('c', { app: 'web' }, 'rs-uid'),
    ]);
    await assert.rejects(mgr.claim(seeded), (e: Error) => {
      assert.equal(e.message, "[can't adopt Pod ns/a (a-uid): gone, can't adopt Pod ns/b (b-uid): gone]");
      return true;
    });
    assert.equal(checks, 1);
    assert.equal(client.actions().filter((a) => a.verb === 'patch').length, 0);
  });

  it('treats a pod gone during adoption as not claimed, without error', async () => {
    const { mgr } = setup();
    assert.deepEqual(await mgr.claim([pod('ghost', { app: 'web' })]), []);
  });

  it('applies extra filters', async () => {
    const { client, mgr } = setup();
    const seeded = client.seed(PODS, [pod('a', { app: 'web' }), pod('b', { app: 'web' })]);
    const claimed = await mgr.claim(seeded, (p) => p.metadata?.name === 'b');
    assert.deepEqual(
      claimed.map((p) => p.metadata?.name),
      ['b'],
    );
  });
});
