import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import {
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  PODS,
  STORAGE_CLASSES,
} from '../../client/resources.js';
import { addObjects, newTestContext, refreshCache, type TestContext } from '../testing.js';
import { PersistentVolumeBinder } from './controller.js';

const NS = 'ns';

interface PVOptions {
  modes?: string[];
  cls?: string;
  phase?: string;
  policy?: string;
  labels?: Record<string, string>;
  claimRef?: PersistentVolume['spec'] extends infer S
    ? S extends { claimRef?: infer R }
      ? R
      : never
    : never;
  mode?: string;
  source?: Record<string, unknown>;
  annotations?: Record<string, string>;
}

function pv(name: string, size: string, o: PVOptions = {}): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      ...(o.labels === undefined ? {} : { labels: o.labels }),
      ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
    },
    spec: {
      capacity: { storage: size },
      accessModes: o.modes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: o.policy ?? 'Retain',
      ...(o.cls === undefined ? {} : { storageClassName: o.cls }),
      ...(o.mode === undefined ? {} : { volumeMode: o.mode }),
      ...(o.claimRef === undefined ? {} : { claimRef: o.claimRef }),
      ...(o.source ?? { hostPath: { path: '/data' } }),
    },
    status: { phase: o.phase ?? 'Available' },
  };
}

interface PVCOptions {
  modes?: string[];
  cls?: string | null;
  volumeName?: string;
  selector?: Record<string, string>;
  mode?: string;
  annotations?: Record<string, string>;
}

function pvc(name: string, size: string, o: PVCOptions = {}): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: NS, ...(o.annotations === undefined ? {} : { annotations: o.annotations }) },
    spec: {
      accessModes: o.modes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(o.cls === undefined || o.cls === null ? {} : { storageClassName: o.cls }),
      ...(o.volumeName === undefined ? {} : { volumeName: o.volumeName }),
      ...(o.selector === undefined ? {} : { selector: { matchLabels: o.selector } }),
      ...(o.mode === undefined ? {} : { volumeMode: o.mode }),
    },
    status: { phase: 'Pending' },
  };
}

function storageClass(
  name: string,
  provisioner: string,
  mode = 'Immediate',
  isDefault = false,
): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    provisioner,
    volumeBindingMode: mode,
  };
}

// Syncs every claim then every volume, refreshing the caches, until a round writes nothing.
async function settle(t: TestContext, b: PersistentVolumeBinder): Promise<void> {
  for (let round = 0; round < 10; round++) {
    refreshCache(t, PERSISTENT_VOLUMES);
    refreshCache(t, PERSISTENT_VOLUME_CLAIMS);
    const before = t.client.actions().length;
    for (const c of t.client.objects(PERSISTENT_VOLUME_CLAIMS))
      await b.syncClaimKey(`${NS}/${c.metadata?.name}`);
    refreshCache(t, PERSISTENT_VOLUMES);
    refreshCache(t, PERSISTENT_VOLUME_CLAIMS);
    for (const v of t.client.objects(PERSISTENT_VOLUMES)) await b.syncVolumeKey(v.metadata?.name ?? '');
    const writes = t.client
      .actions()
      .slice(before)
      .filter((a) => a.verb !== 'get' && a.verb !== 'list');
    if (writes.length === 0) return;
  }
  assert.fail('binder did not settle');
}

const getPV = (t: TestContext, name: string) => t.client.resource(PERSISTENT_VOLUMES).get('', name);
const getPVC = (t: TestContext, name: string) => t.client.resource(PERSISTENT_VOLUME_CLAIMS).get(NS, name);
const eventsOf = (t: TestContext) =>
  t.events.events.map((e) => [e.object.metadata?.name, e.type, e.reason, e.message]);

describe('PersistentVolumeBinder', () => {
  it('binds a claim to the smallest volume that fits and records both halves', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUMES, [pv('small', '2Gi'), pv('big', '10Gi'), pv('fit', '5Gi')]);
    const [claim] = addObjects(t, PERSISTENT_VOLUME_CLAIMS, [pvc('data', '3Gi')]);
    const b = new PersistentVolumeBinder(t.ctx);
    await settle(t, b);
    const v = await getPV(t, 'fit');
    assert.equal(v.status?.phase, 'Bound');
    assert.deepEqual(v.spec?.claimRef, {
      kind: 'PersistentVolumeClaim',
      namespace: NS,
      name: 'data',
      uid: claim?.metadata?.uid,
      apiVersion: 'v1',
      resourceVersion: claim?.metadata?.resourceVersion,
    });
    assert.deepEqual(v.metadata?.annotations, { 'pv.kubernetes.io/bound-by-controller': 'yes' });
    const c = await getPVC(t, 'data');
    assert.equal(c.spec?.volumeName, 'fit');
    assert.deepEqual(c.metadata?.annotations, {
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
    });
    assert.deepEqual(c.status, {
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '5Gi' },
    });
    assert.equal((await getPV(t, 'small')).status?.phase, 'Available');
    assert.deepEqual(t.events.events, []);
  });

  it('prefers volumes with the fewest matching access modes, and honours class, mode and selector', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUMES, [
      pv('many-modes', '1Gi', { modes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
      pv('exact', '8Gi'),
      pv('gold', '1Gi', { cls: 'gold' }),
      pv('block', '1Gi', { mode: 'Block' }),
      pv('labelled', '20Gi', { labels: { tier: 'db' } }),
    ]);
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [
      pvc('a', '1Gi'),
      pvc('g', '1Gi', { cls: 'gold' }),
      pvc('blk', '1Gi', { mode: 'Block' }),
      pvc('sel', '1Gi', { selector: { tier: 'db' } }),
    ]);
    const b = new PersistentVolumeBinder(t.ctx);
    await settle(t, b);
    const bound = async (n: string) => (await getPVC(t, n)).spec?.volumeName;
    assert.equal(await bound('a'), 'exact');
    assert.equal(await bound('g'), 'gold');
    assert.equal(await bound('blk'), 'block');
    assert.equal(await bound('sel'), 'labelled');
    assert.equal((await getPV(t, 'many-modes')).status?.phase, 'Available');
  });

  it('leaves a claim without class and volume Pending with FailedBinding', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [pvc('lonely', '1Gi')]);
    await new PersistentVolumeBinder(t.ctx).syncClaimKey(`${NS}/lonely`);
    assert.equal((await getPVC(t, 'lonely')).status?.phase, 'Pending');
    assert.deepEqual(eventsOf(t), [
      [
        'lonely',
        'Normal',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      ],
    ]);
    assert.equal(t.events.events[0]?.component, 'persistentvolume-controller');
  });

  it('waits for the first consumer and for external provisioners', async () => {
    const t = newTestContext();
    addObjects(t, STORAGE_CLASSES, [
      storageClass('local', 'kubernetes.io/no-provisioner', 'WaitForFirstConsumer'),
      storageClass('fast', 'csi.example.com'),
      storageClass('intree', 'kubernetes.io/no-provisioner'),
    ]);
    addObjects(t, PERSISTENT_VOLUMES, [pv('local-pv', '1Gi', { cls: 'local' })]);
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [
      pvc('wait', '1Gi', { cls: 'local' }),
      pvc('used', '1Gi', { cls: 'local' }),
      pvc('ext', '1Gi', { cls: 'fast' }),
      pvc('none', '1Gi', { cls: 'intree' }),
      pvc('missing', '1Gi', { cls: 'nope' }),
    ]);
    addObjects(t, PODS, [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'app', namespace: NS },
        spec: { containers: [], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'used' } }] },
      } satisfies Pod,
    ]);
    const b = new PersistentVolumeBinder(t.ctx);
    for (const n of ['wait', 'used', 'ext', 'none', 'missing']) await b.syncClaimKey(`${NS}/${n}`);
    assert.deepEqual(eventsOf(t), [
      ['wait', 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding'],
      ['used', 'Normal', 'WaitForPodScheduled', 'waiting for pod app to be scheduled'],
      [
        'ext',
        'Normal',
        'ExternalProvisioning',
        "Waiting for a volume to be created either by the external provisioner 'csi.example.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      ],
      [
        'none',
        'Warning',
        'ProvisioningFailed',
        'no volume plugin matched name: kubernetes.io/no-provisioner',
      ],
      ['missing', 'Warning', 'ProvisioningFailed', 'storageclass.storage.k8s.io "nope" not found'],
    ]);
    const ext = await getPVC(t, 'ext');
    assert.deepEqual(ext.metadata?.annotations, {
      'volume.beta.kubernetes.io/storage-provisioner': 'csi.example.com',
      'volume.kubernetes.io/storage-provisioner': 'csi.example.com',
    });
    assert.equal(
      (await getPV(t, 'local-pv')).status?.phase,
      'Available',
      'the scheduler binds WaitForFirstConsumer',
    );
  });

  it('binds a claim naming its volume, or refuses with VolumeMismatch', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUMES, [pv('tiny', '1Gi'), pv('mine', '4Gi')]);
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [
      pvc('wants-tiny', '2Gi', { volumeName: 'tiny' }),
      pvc('wants-mine', '2Gi', { volumeName: 'mine' }),
    ]);
    const b = new PersistentVolumeBinder(t.ctx);
    await settle(t, b);
    // Every sync of the claim repeats the warning (the event broadcaster aggregates them).
    assert.deepEqual(
      new Set(eventsOf(t).map((e) => JSON.stringify(e))),
      new Set([
        JSON.stringify([
          'wants-tiny',
          'Warning',
          'VolumeMismatch',
          'Cannot bind to requested volume "tiny": requested PV is too small',
        ]),
      ]),
    );
    const c = await getPVC(t, 'wants-mine');
    assert.equal(c.status?.phase, 'Bound');
    // The user chose the volume: the claim is not marked as bound by the controller.
    assert.deepEqual(c.metadata?.annotations, { 'pv.kubernetes.io/bind-completed': 'yes' });
    assert.equal(
      (await getPV(t, 'mine')).metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'],
      'yes',
    );
    assert.equal((await getPVC(t, 'wants-tiny')).status?.phase, 'Pending');
  });

  it('keeps a volume pre-bound through claimRef for its claim', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUMES, [
      pv('reserved', '1Gi', { claimRef: { namespace: NS, name: 'owner' }, phase: 'Pending' }),
    ]);
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [pvc('other', '1Gi')]);
    const b = new PersistentVolumeBinder(t.ctx);
    await settle(t, b);
    assert.equal((await getPV(t, 'reserved')).status?.phase, 'Available');
    assert.equal((await getPVC(t, 'other')).status?.phase, 'Pending');
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [pvc('owner', '1Gi')]);
    await settle(t, b);
    const v = await getPV(t, 'reserved');
    assert.equal(v.status?.phase, 'Bound');
    assert.equal(v.metadata?.annotations, undefined, 'pre-bound by the user, not by the controller');
    assert.equal((await getPVC(t, 'owner')).spec?.volumeName, 'reserved');
  });

  it('releases volumes when their claim goes and applies the reclaim policy', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUMES, [
      pv('keep', '1Gi', { policy: 'Retain' }),
      pv('local', '1Gi', { policy: 'Delete', source: { local: { path: '/mnt/x' } } }),
      pv('iscsi-less', '1Gi', { policy: 'Delete', source: { flexVolume: { driver: 'x' } } }),
      pv('scratch', '1Gi', { policy: 'Delete', source: { hostPath: { path: '/tmp/scratch' } } }),
      pv('var', '1Gi', { policy: 'Delete', source: { hostPath: { path: '/var/data' } } }),
      pv('ext', '1Gi', {
        policy: 'Delete',
        source: { csi: { driver: 'csi.example.com', volumeHandle: 'h' } },
        annotations: { 'pv.kubernetes.io/provisioned-by': 'csi.example.com' },
      }),
      pv('recycle', '1Gi', { policy: 'Recycle' }),
    ]);
    const names = ['keep', 'local', 'iscsi-less', 'scratch', 'var', 'ext', 'recycle'];
    addObjects(
      t,
      PERSISTENT_VOLUME_CLAIMS,
      names.map((n) => pvc(`c-${n}`, '1Gi', { volumeName: n })),
    );
    const b = new PersistentVolumeBinder(t.ctx);
    await settle(t, b);
    for (const n of names) assert.equal((await getPV(t, n)).status?.phase, 'Bound', n);
    for (const n of names) await t.client.resource(PERSISTENT_VOLUME_CLAIMS).delete(NS, `c-${n}`);
    await settle(t, b);
    const phase = async (n: string) => {
      try {
        const v = await getPV(t, n);
        return [v.status?.phase, v.status?.message];
      } catch {
        return 'deleted';
      }
    };
    assert.deepEqual(await phase('keep'), ['Released', undefined]);
    assert.deepEqual(await phase('local'), [
      'Failed',
      'error getting deleter volume plugin for volume "local": no deletable volume plugin matched',
    ]);
    assert.deepEqual(await phase('iscsi-less'), [
      'Failed',
      'error getting deleter volume plugin for volume "iscsi-less": no volume plugin matched',
    ]);
    assert.equal(await phase('scratch'), 'deleted');
    assert.deepEqual(await phase('var'), [
      'Failed',
      'host_path deleter only supports /tmp/.+ but received provided /var/data',
    ]);
    assert.deepEqual(await phase('ext'), ['Released', undefined]);
    assert.deepEqual(await phase('recycle'), ['Failed', 'No recycler plugin found for the volume!']);
    assert.deepEqual(t.events.events.map((e) => [e.object.metadata?.name, e.reason]).sort(), [
      ['iscsi-less', 'VolumeFailedDelete'],
      ['local', 'VolumeFailedDelete'],
      ['recycle', 'VolumeFailedRecycle'],
      ['var', 'VolumeFailedDelete'],
    ]);
  });

  it('marks a bound claim Lost when its volume disappears', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUMES, [pv('v', '1Gi')]);
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [pvc('c', '1Gi')]);
    const b = new PersistentVolumeBinder(t.ctx);
    await settle(t, b);
    await t.client.resource(PERSISTENT_VOLUMES).delete('', 'v');
    await settle(t, b);
    const c = await getPVC(t, 'c');
    assert.deepEqual(c.status, { phase: 'Lost' });
    assert.deepEqual(eventsOf(t), [
      ['c', 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!'],
    ]);
  });

  it('gives a claim without a class the default class, then provisions with it', async () => {
    const t = newTestContext();
    addObjects(t, STORAGE_CLASSES, [storageClass('std', 'csi.example.com', 'Immediate', true)]);
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [pvc('c', '1Gi')]);
    const b = new PersistentVolumeBinder(t.ctx);
    await b.syncClaimKey(`${NS}/c`);
    assert.equal((await getPVC(t, 'c')).spec?.storageClassName, 'std');
    refreshCache(t, PERSISTENT_VOLUME_CLAIMS);
    await b.syncClaimKey(`${NS}/c`);
    assert.deepEqual(
      t.events.events.map((e) => e.reason),
      ['ExternalProvisioning'],
    );
  });

  it('queues pending claims again when a free volume appears', () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [pvc('c', '1Gi')]);
    const b = new PersistentVolumeBinder(t.ctx);
    assert.equal(b.claimQueue.len(), 0);
    // What the volume informer's add handler does.
    b['volumeChanged'](pv('new', '1Gi'));
    assert.equal(b.claimQueue.len(), 1);
    assert.equal(b.volumeQueue.len(), 1);
  });
});
