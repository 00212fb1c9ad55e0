import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1.js';
import {
  CSI_NODES,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  STORAGE_CLASSES,
} from '../../../client/resources.js';
import { CycleState } from '../../framework/cycle-state.js';
import { testHandle, testNodeInfo } from '../../preemption/testing.js';
import { csiAttachLimitKey, ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED, NodeVolumeLimits } from './plugin.js';

const DRIVER = 'ebs.csi.example.com';
const node: Node = { metadata: { name: 'n1' }, status: { allocatable: { cpu: '4' } } };

function pod(name: string, ...claims: string[]): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: {
      containers: [{ name: 'c' }],
      volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })),
    },
  };
}

function bound(name: string): [PersistentVolumeClaim, PersistentVolume] {
  return [
    { metadata: { name, namespace: 'default' }, spec: { volumeName: `pv-${name}`, storageClassName: 'csi' } },
    { metadata: { name: `pv-${name}` }, spec: { csi: { driver: DRIVER, volumeHandle: `h-${name}` } } },
  ];
}

function run(
  existing: Pod[],
  incoming: Pod,
  limit: number | undefined,
  claims: string[],
  unbound: string[] = [],
) {
  const ni = testNodeInfo(node, existing);
  const t = testHandle([ni]);
  for (const c of claims) {
    const [pvc, pv] = bound(c);
    t.informers.informerFor(PERSISTENT_VOLUME_CLAIMS).indexer.add(pvc);
    t.informers.informerFor(PERSISTENT_VOLUMES).indexer.add(pv);
  }
  for (const c of unbound) {
    t.informers
      .informerFor(PERSISTENT_VOLUME_CLAIMS)
      .indexer.add({ metadata: { name: c, namespace: 'default' }, spec: { storageClassName: 'csi' } });
  }
  const sc: StorageClass = { metadata: { name: 'csi' }, provisioner: DRIVER };
  t.informers.informerFor(STORAGE_CLASSES).indexer.add(sc);
  if (limit !== undefined) {
    const cn: CSINode = {
      metadata: { name: 'n1' },
      spec: { drivers: [{ name: DRIVER, nodeID: 'n1', allocatable: { count: limit } }] },
    };
    t.informers.informerFor(CSI_NODES).indexer.add(cn);
  }
  const pl = new NodeVolumeLimits(t.handle);
  const state = new CycleState();
  const pre = pl.preFilter(state, incoming, [ni]).status;
  if (pre !== undefined) return `${pre.code}: ${pre.message()}`;
  const s = pl.filter(state, incoming, ni);
  return s === undefined ? 'ok' : `${s.code}: ${s.message()}`;
}

describe('NodeVolumeLimits', () => {
  const exceeded = `Unschedulable: ${ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED}`;
  const cases: {
    name: string;
    existing: Pod[];
    incoming: Pod;
    limit?: number;
    claims: string[];
    unbound?: string[];
    want: string;
  }[] = [
    { name: 'no claims', existing: [], incoming: pod('p'), limit: 1, claims: [], want: 'Skip: ' },
    {
      name: 'under the limit',
      existing: [pod('a', 'c1')],
      incoming: pod('p', 'c2'),
      limit: 2,
      claims: ['c1', 'c2'],
      want: 'ok',
    },
    {
      name: 'over the limit',
      existing: [pod('a', 'c1')],
      incoming: pod('p', 'c2'),
      limit: 1,
      claims: ['c1', 'c2'],
      want: exceeded,
    },
    {
      name: 'a shared volume counts once',
      existing: [pod('a', 'c1')],
      incoming: pod('p', 'c1'),
      limit: 1,
      claims: ['c1'],
      want: 'ok',
    },
    {
      name: 'no limit on the node',
      existing: [pod('a', 'c1')],
      incoming: pod('p', 'c2'),
      claims: ['c1', 'c2'],
      want: 'ok',
    },
    {
      name: 'an unbound claim counts under its provisioner',
      existing: [pod('a', 'c1')],
      incoming: pod('p', 'u'),
      limit: 1,
      claims: ['c1'],
      unbound: ['u'],
      want: exceeded,
    },
    {
      name: 'a missing claim',
      existing: [],
      incoming: pod('p', 'x'),
      limit: 1,
      claims: [],
      want: 'UnschedulableAndUnresolvable: looking up PVC default/x: persistentvolumeclaim "x" not found',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(run(c.existing, c.incoming, c.limit, c.claims, c.unbound), c.want));
  }

  it('names limit keys as upstream', () => {
    assert.equal(csiAttachLimitKey('ebs.csi.aws.com'), 'attachable-volumes-csi-ebs.csi.aws.com');
    const long = csiAttachLimitKey('a-very-long-driver-name.storage.example.com');
    assert.equal(long.length, 'attachable-volumes-csi-'.length + 23 + 16);
    assert.ok(long.startsWith('attachable-volumes-csi-a-very-long-driver-na'));
  });
});
