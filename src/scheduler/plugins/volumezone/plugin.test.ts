import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { PERSISTENT_VOLUME_CLAIMS, PERSISTENT_VOLUMES, STORAGE_CLASSES } from '../../../client/resources.js';
import { CycleState } from '../../framework/cycle-state.js';
import { testHandle, testNodeInfo } from '../../preemption/testing.js';
import { ERR_REASON_CONFLICT, VolumeZone } from './plugin.js';

function node(labels: Record<string, string>): Node {
  return { metadata: { name: 'n1', labels }, status: { allocatable: { cpu: '1' } } };
}

const pod: Pod = {
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'c' }], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }] },
};

function run(
  nodeLabels: Record<string, string>,
  pvc: PersistentVolumeClaim,
  pv?: PersistentVolume,
  sc?: StorageClass,
) {
  const ni = testNodeInfo(node(nodeLabels));
  const t = testHandle([ni]);
  t.informers.informerFor(PERSISTENT_VOLUME_CLAIMS).indexer.add(pvc);
  if (pv) t.informers.informerFor(PERSISTENT_VOLUMES).indexer.add(pv);
  if (sc) t.informers.informerFor(STORAGE_CLASSES).indexer.add(sc);
  const pl = new VolumeZone(t.handle);
  const state = new CycleState();
  const pre = pl.preFilter(state, pod, [ni]).status;
  if (pre !== undefined) return `${pre.code}: ${pre.message()}`;
  const s = pl.filter(state, pod, ni);
  return s === undefined ? 'ok' : `${s.code}: ${s.message()}`;
}

const boundClaim: PersistentVolumeClaim = {
  metadata: { name: 'c', namespace: 'default' },
  spec: { volumeName: 'v1' },
};
const pvIn = (labels: Record<string, string>): PersistentVolume => ({
  metadata: { name: 'v1', labels },
  spec: {},
});
const ZONE = 'topology.kubernetes.io/zone';
const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';

describe('VolumeZone', () => {
  const conflict = `UnschedulableAndUnresolvable: ${ERR_REASON_CONFLICT}`;
  const cases: { name: string; node: Record<string, string>; pv: PersistentVolume; want: string }[] = [
    { name: 'volume without zone', node: { [ZONE]: 'a' }, pv: pvIn({}), want: 'Skip: ' },
    { name: 'same zone', node: { [ZONE]: 'a' }, pv: pvIn({ [ZONE]: 'a' }), want: 'ok' },
    { name: 'other zone', node: { [ZONE]: 'b' }, pv: pvIn({ [ZONE]: 'a' }), want: conflict },
    { name: 'one of several zones', node: { [ZONE]: 'b' }, pv: pvIn({ [ZONE]: 'a__b' }), want: 'ok' },
    {
      name: 'beta volume label, GA node label',
      node: { [ZONE]: 'a' },
      pv: pvIn({ [BETA_ZONE]: 'a' }),
      want: 'ok',
    },
    { name: 'node without topology labels', node: {}, pv: pvIn({ [ZONE]: 'a' }), want: 'ok' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(run(c.node, boundClaim, c.pv), c.want));

  it('skips unbound WaitForFirstConsumer claims and rejects unbound immediate ones', () => {
    const unbound: PersistentVolumeClaim = {
      metadata: { name: 'c', namespace: 'default' },
      spec: { storageClassName: 's' },
    };
    const wait: StorageClass = {
      metadata: { name: 's' },
      provisioner: 'x',
      volumeBindingMode: 'WaitForFirstConsumer',
    };
    const now: StorageClass = { metadata: { name: 's' }, provisioner: 'x', volumeBindingMode: 'Immediate' };
    assert.equal(run({ [ZONE]: 'a' }, unbound, undefined, wait), 'Skip: ');
    assert.equal(
      run({ [ZONE]: 'a' }, unbound, undefined, now),
      'UnschedulableAndUnresolvable: PersistentVolume had no name',
    );
    assert.equal(
      run({ [ZONE]: 'a' }, boundClaim),
      'UnschedulableAndUnresolvable: persistentvolume "v1" not found',
    );
  });
});
