import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import { PERSISTENT_VOLUME_CLAIMS } from '../../../client/resources.js';
import { CycleState } from '../../framework/cycle-state.js';
import { testHandle, testNodeInfo, testPodInfo } from '../../preemption/testing.js';
import {
  ERR_REASON_DISK_CONFLICT,
  ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT,
  VolumeRestrictions,
} from './plugin.js';

const node: Node = { metadata: { name: 'n1' }, status: { allocatable: { cpu: '4' } } };

function pod(name: string, ...volumes: Volume[]): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { containers: [{ name: 'c' }], volumes },
  };
}

const gce = (pdName: string, readOnly = false): Volume => ({
  name: pdName,
  gcePersistentDisk: { pdName, readOnly },
});
const ebs = (volumeID: string): Volume => ({ name: volumeID, awsElasticBlockStore: { volumeID } });
const claim = (claimName: string): Volume => ({ name: claimName, persistentVolumeClaim: { claimName } });

function pvc(name: string, mode: string): PersistentVolumeClaim {
  return { metadata: { name, namespace: 'default' }, spec: { accessModes: [mode] } };
}

function run(
  existing: Pod[],
  incoming: Pod,
  claims: PersistentVolumeClaim[] = [],
  usedClaims: string[] = [],
) {
  const ni = testNodeInfo(node, existing);
  for (const c of usedClaims) (ni.pvcRefCounts as Map<string, number>).set(`default/${c}`, 1);
  const t = testHandle([ni]);
  for (const c of claims) t.informers.informerFor(PERSISTENT_VOLUME_CLAIMS).indexer.add(c);
  const pl = new VolumeRestrictions(t.handle);
  const state = new CycleState();
  const pre = pl.preFilter(state, incoming, [ni]).status;
  if (pre !== undefined) return { pl, state, ni, result: `${pre.code}: ${pre.message()}` };
  const s = pl.filter(state, incoming, ni);
  return { pl, state, ni, result: s === undefined ? 'ok' : `${s.code}: ${s.message()}` };
}

describe('VolumeRestrictions', () => {
  const cases: {
    name: string;
    existing: Pod[];
    incoming: Pod;
    claims?: PersistentVolumeClaim[];
    used?: string[];
    want: string;
  }[] = [
    { name: 'nothing to check', existing: [], incoming: pod('p'), want: 'Skip: ' },
    {
      name: 'same GCE disk read-write',
      existing: [pod('a', gce('d1'))],
      incoming: pod('p', gce('d1')),
      want: `Unschedulable: ${ERR_REASON_DISK_CONFLICT}`,
    },
    {
      name: 'same GCE disk read-only on both',
      existing: [pod('a', gce('d1', true))],
      incoming: pod('p', gce('d1', true)),
      want: 'ok',
    },
    {
      name: 'different GCE disks',
      existing: [pod('a', gce('d1'))],
      incoming: pod('p', gce('d2')),
      want: 'ok',
    },
    {
      name: 'same EBS volume',
      existing: [pod('a', ebs('v'))],
      incoming: pod('p', ebs('v')),
      want: `Unschedulable: ${ERR_REASON_DISK_CONFLICT}`,
    },
    {
      name: 'missing claim',
      existing: [],
      incoming: pod('p', claim('c')),
      want: 'UnschedulableAndUnresolvable: persistentvolumeclaim "c" not found',
    },
    {
      name: 'ReadWriteOncePod claim in use',
      existing: [],
      incoming: pod('p', claim('c')),
      claims: [pvc('c', 'ReadWriteOncePod')],
      used: ['c'],
      want: `Unschedulable: ${ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT}`,
    },
    {
      name: 'ReadWriteOnce claim in use is fine',
      existing: [],
      incoming: pod('p', claim('c')),
      claims: [pvc('c', 'ReadWriteOnce')],
      used: ['c'],
      want: 'Skip: ',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(run(c.existing, c.incoming, c.claims, c.used).result, c.want);
    });
  }

  it('follows pods removed and added in what-if runs', () => {
    const user = pod('user', claim('c'));
    const r = run([user], pod('p', claim('c')), [pvc('c', 'ReadWriteOncePod')], ['c']);
    const copy = r.state.clone();
    assert.equal(r.pl.removePod(copy, pod('p'), testPodInfo(user), r.ni), undefined);
    assert.equal(r.pl.filter(copy, pod('p', claim('c')), r.ni), undefined);
    r.pl.addPod(copy, pod('p'), testPodInfo(user), r.ni);
    assert.equal(
      r.pl.filter(copy, pod('p', claim('c')), r.ni)?.message(),
      ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT,
    );
    // The original state is untouched by the copy.
    assert.equal(
      r.pl.filter(r.state, pod('p', claim('c')), r.ni)?.message(),
      ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT,
    );
  });
});
