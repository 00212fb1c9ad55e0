import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { PERSISTENT_VOLUME_CLAIMS, PERSISTENT_VOLUMES, STORAGE_CLASSES } from '../../../client/resources.js';
import { CycleState } from '../../framework/cycle-state.js';
import type { Status } from '../../framework/status.js';
import { testHandle, testNodeInfo } from '../../preemption/testing.js';
import { ERR_REASON_BIND_CONFLICT, ERR_REASON_NODE_CONFLICT, ERR_REASON_PV_NOT_EXIST } from './binder.js';
import { ERR_REASON_UNBOUND_IMMEDIATE, parseVolumeBindingArgs, VolumeBinding } from './plugin.js';

const NS = 'default';

function node(name: string, zone: string): Node {
  return {
    metadata: { name, labels: { 'topology.kubernetes.io/zone': zone, 'kubernetes.io/hostname': name } },
    status: { allocatable: { cpu: '4' } },
  };
}

function podWith(...claims: string[]): Pod {
  return {
    metadata: { name: 'p', namespace: NS, uid: 'uid-p' },
    spec: {
      containers: [{ name: 'c' }],
      volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })),
    },
  };
}

function sc(
  name: string,
  mode: 'Immediate' | 'WaitForFirstConsumer',
  provisioner = 'kubernetes.io/no-provisioner',
  zones?: string[],
): StorageClass {
  return {
    metadata: { name },
    provisioner,
    volumeBindingMode: mode,
    ...(zones
      ? {
          allowedTopologies: [
            { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: zones }] },
          ],
        }
      : {}),
  };
}

function pvc(
  name: string,
  o: { cls?: string; size?: string; volumeName?: string; bound?: boolean; deleting?: boolean } = {},
): PersistentVolumeClaim {
  return {
    metadata: {
      name,
      namespace: NS,
      uid: `uid-${name}`,
      ...(o.bound ? { annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } } : {}),
      ...(o.deleting ? { deletionTimestamp: '2025-12-31T00:00:00Z' } : {}),
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: o.size ?? '1Gi' } },
      storageClassName: o.cls ?? 'wait',
      ...(o.volumeName ? { volumeName: o.volumeName } : {}),
    },
    status: { phase: o.bound ? 'Bound' : 'Pending' },
  };
}

function pv(
  name: string,
  o: { cls?: string; size?: string; zone?: string; claim?: string } = {},
): PersistentVolume {
  return {
    metadata: { name },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: o.size ?? '1Gi' },
      storageClassName: o.cls ?? 'wait',
      hostPath: { path: `/data/${name}` },
      ...(o.zone
        ? {
            nodeAffinity: {
              required: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'topology.kubernetes.io/zone', operator: 'In', values: [o.zone] },
                    ],
                  },
                ],
              },
            },
          }
        : {}),
      ...(o.claim ? { claimRef: { namespace: NS, name: o.claim, uid: `uid-${o.claim}` } } : {}),
    },
    status: { phase: o.claim ? 'Bound' : 'Available' },
  };
}

interface World {
  classes?: StorageClass[];
  claims?: PersistentVolumeClaim[];
  volumes?: PersistentVolume[];
  bindTimeoutSeconds?: number;
}

function world(w: World) {
  const nodes = [testNodeInfo(node('n1', 'a')), testNodeInfo(node('n2', 'b'))];
  const t = testHandle(nodes);
  const add = <T extends object>(r: Parameters<typeof t.client.seed>[0], objs: T[] | undefined) => {
    const stored = t.client.seed(r as never, (objs ?? []) as never[]);
    for (const o of stored) t.informers.informerFor(r).indexer.add(o);
  };
  add(STORAGE_CLASSES, w.classes ?? [sc('wait', 'WaitForFirstConsumer'), sc('now', 'Immediate')]);
  add(PERSISTENT_VOLUME_CLAIMS, w.claims);
  add(PERSISTENT_VOLUMES, w.volumes);
  const plugin = new VolumeBinding(
    parseVolumeBindingArgs({ bindTimeoutSeconds: w.bindTimeoutSeconds ?? 600 }),
    t.handle,
  );
  return { ...t, nodes, plugin };
}

function filterAll(
  w: ReturnType<typeof world>,
  pod: Pod,
): { pre: Status | undefined; byNode: Record<string, string> } {
  const state = new CycleState();
  const pre = w.plugin.preFilter(state, pod).status;
  const byNode: Record<string, string> = {};
  if (pre !== undefined) return { pre, byNode };
  for (const n of w.nodes) {
    const s = w.plugin.filter(state, pod, n);
    byNode[n.name] = s === undefined ? 'ok' : `${s.code}: ${s.message()}`;
  }
  return { pre, byNode };
}

describe('VolumeBinding PreFilter/Filter', () => {
  it('skips pods without claims', () => {
    const w = world({});
    const r = w.plugin.preFilter(new CycleState(), podWith());
    assert.equal(r.status?.code, 'Skip');
  });

  const cases: {
    name: string;
    world: World;
    claims: string[];
    pre?: [string, string];
    byNode?: Record<string, string>;
  }[] = [
    {
      name: 'a missing claim',
      world: {},
      claims: ['x'],
      pre: ['UnschedulableAndUnresolvable', 'persistentvolumeclaim "x" not found'],
    },
    {
      name: 'a claim being deleted',
      world: { claims: [pvc('c', { deleting: true })] },
      claims: ['c'],
      pre: ['UnschedulableAndUnresolvable', 'persistentvolumeclaim "c" is being deleted'],
    },
    {
      name: 'an unbound immediate claim',
      world: { claims: [pvc('c', { cls: 'now' })] },
      claims: ['c'],
      pre: ['UnschedulableAndUnresolvable', ERR_REASON_UNBOUND_IMMEDIATE],
    },
    {
      name: 'a bound claim whose volume is tied to zone a',
      world: {
        claims: [pvc('c', { bound: true, volumeName: 'v' })],
        volumes: [pv('v', { zone: 'a', claim: 'c' })],
      },
      claims: ['c'],
      byNode: { n1: 'ok', n2: `UnschedulableAndUnresolvable: ${ERR_REASON_NODE_CONFLICT}` },
    },
    {
      name: 'a bound claim whose volume is gone',
      world: { claims: [pvc('c', { bound: true, volumeName: 'gone' })] },
      claims: ['c'],
      byNode: {
        n1: `UnschedulableAndUnresolvable: ${ERR_REASON_PV_NOT_EXIST}`,
        n2: `UnschedulableAndUnresolvable: ${ERR_REASON_PV_NOT_EXIST}`,
      },
    },
    {
      name: 'a delayed claim with a local volume in zone b only',
      world: { claims: [pvc('c')], volumes: [pv('v', { zone: 'b' })] },
      claims: ['c'],
      byNode: { n1: `UnschedulableAndUnresolvable: ${ERR_REASON_BIND_CONFLICT}`, n2: 'ok' },
    },
    {
      name: 'a delayed claim with a too small volume',
      world: { claims: [pvc('c', { size: '5Gi' })], volumes: [pv('v', { size: '1Gi' })] },
      claims: ['c'],
      byNode: {
        n1: `UnschedulableAndUnresolvable: ${ERR_REASON_BIND_CONFLICT}`,
        n2: `UnschedulableAndUnresolvable: ${ERR_REASON_BIND_CONFLICT}`,
      },
    },
    {
      name: 'two delayed claims need two volumes',
      world: { claims: [pvc('c1'), pvc('c2')], volumes: [pv('v1'), pv('v2', { zone: 'a' })] },
      claims: ['c1', 'c2'],
      byNode: { n1: 'ok', n2: `UnschedulableAndUnresolvable: ${ERR_REASON_BIND_CONFLICT}` },
    },
    {
      name: 'a provisioned class limited to zone a',
      world: {
        classes: [sc('wait', 'WaitForFirstConsumer', 'csi.example.com', ['a'])],
        claims: [pvc('c')],
      },
      claims: ['c'],
      byNode: { n1: 'ok', n2: `UnschedulableAndUnresolvable: ${ERR_REASON_BIND_CONFLICT}` },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = world(c.world);
      const r = filterAll(w, podWith(...c.claims));
      if (c.pre) {
        assert.deepEqual([r.pre?.code, r.pre?.message()], c.pre);
      } else {
        assert.equal(r.pre, undefined);
        assert.deepEqual(r.byNode, c.byNode);
      }
    });
  }
});

describe('VolumeBinding Reserve/PreBind', () => {
  it('binds a chosen volume and waits for the PV controller', async () => {
    const w = world({
      claims: [pvc('c')],
      volumes: [pv('small', { size: '1Gi' }), pv('big', { size: '10Gi' })],
    });
    const pod = podWith('c');
    const state = new CycleState();
    w.plugin.preFilter(state, pod);
    for (const n of w.nodes) w.plugin.filter(state, pod, n);
    assert.equal(w.plugin.reserve(state, pod, 'n1'), undefined);
    const done = w.plugin.preBind(state, pod, 'n1');
    // The PV update went out with the claim reference.
    await new Promise((r) => setImmediate(r));
    const update = w.client.actions().find((a) => a.verb === 'update' && a.resource === 'persistentvolumes');
    const sent = update?.object as PersistentVolume;
    assert.equal(sent.metadata?.name, 'small');
    assert.deepEqual([sent.spec?.claimRef?.name, sent.spec?.claimRef?.uid], ['c', 'uid-c']);
    assert.equal(sent.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    // The PV controller finishes: the claim is bound.
    const pvIdx = w.informers.informerFor(PERSISTENT_VOLUMES).indexer;
    for (const o of w.client.objects(PERSISTENT_VOLUMES)) pvIdx.update(o);
    const bound = w.client.objects(PERSISTENT_VOLUME_CLAIMS)[0] as PersistentVolumeClaim;
    w.informers.informerFor(PERSISTENT_VOLUME_CLAIMS).indexer.update({
      ...bound,
      metadata: {
        ...bound.metadata,
        resourceVersion: '999',
        annotations: { 'pv.kubernetes.io/bind-completed': 'yes' },
      },
      spec: { ...bound.spec, volumeName: 'small' },
    });
    w.clock.advance(1000);
    assert.equal(await done, undefined);
  });

  it('asks for provisioning with the selected node', async () => {
    const w = world({
      classes: [sc('wait', 'WaitForFirstConsumer', 'csi.example.com')],
      claims: [pvc('c')],
      bindTimeoutSeconds: 2,
    });
    const pod = podWith('c');
    const state = new CycleState();
    w.plugin.preFilter(state, pod);
    assert.equal(w.plugin.filter(state, pod, w.nodes[1]!), undefined);
    assert.equal(w.plugin.reserve(state, pod, 'n2'), undefined);
    const done = w.plugin.preBind(state, pod, 'n2');
    await new Promise((r) => setImmediate(r));
    const update = w.client
      .actions()
      .find((a) => a.verb === 'update' && a.resource === 'persistentvolumeclaims');
    assert.ok(update);
    assert.equal(
      (update.object as PersistentVolumeClaim).metadata?.annotations?.['volume.kubernetes.io/selected-node'],
      'n2',
    );
    // Nothing provisions it: the wait ends at the timeout.
    w.clock.advance(3000);
    const s = await done;
    assert.equal(s?.code, 'Error');
    assert.equal(s?.message(), 'binding volumes: context deadline exceeded');
  });

  it('passes pods without claims through Reserve and PreBind', async () => {
    const w = world({});
    const state = new CycleState();
    assert.equal(w.plugin.preFilter(state, podWith()).status?.code, 'Skip');
    assert.equal(w.plugin.reserve(state, podWith(), 'n1'), undefined);
    assert.equal(await w.plugin.preBind(state, podWith(), 'n1'), undefined);
  });

  it('needs no binding when every claim is bound', async () => {
    const w = world({
      claims: [pvc('c', { bound: true, volumeName: 'v' })],
      volumes: [pv('v', { claim: 'c' })],
    });
    const pod = podWith('c');
    const state = new CycleState();
    w.plugin.preFilter(state, pod);
    w.plugin.filter(state, pod, w.nodes[0]!);
    assert.equal(w.plugin.reserve(state, pod, 'n1'), undefined);
    assert.equal(await w.plugin.preBind(state, pod, 'n1'), undefined);
    assert.equal(w.client.actions().filter((a) => a.verb === 'update').length, 0);
  });

  it('unreserve releases an assumed volume for the next pod', () => {
    const w = world({ claims: [pvc('c')], volumes: [pv('v')] });
    const pod = podWith('c');
    const state = new CycleState();
    w.plugin.preFilter(state, pod);
    w.plugin.filter(state, pod, w.nodes[0]!);
    w.plugin.reserve(state, pod, 'n1');
    const other = { ...pvc('d'), metadata: { name: 'd', namespace: NS, uid: 'uid-d' } };
    w.informers.informerFor(PERSISTENT_VOLUME_CLAIMS).indexer.add(other);
    const r1 = filterAll(w, podWith('d'));
    assert.equal(r1.byNode.n1, `UnschedulableAndUnresolvable: ${ERR_REASON_BIND_CONFLICT}`);
    w.plugin.unreserve(state, pod, 'n1');
    assert.equal(filterAll(w, podWith('d')).byNode.n1, 'ok');
  });
});
