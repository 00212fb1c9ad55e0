import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { claimOwnerRefsFor, hasUnexpectedController, isClaimOwnerUpToDate } from './claim-retention.js';
import { getOrdinal, newVersionedPod, parentAndOrdinal, podClaims } from './pod-identity.js';

type Policy = 'Retain' | 'Delete';

function set(whenScaled: Policy, whenDeleted: Policy, replicas = 2): StatefulSet {
  return {
    metadata: { name: 'web', namespace: 'ns', uid: 'set-uid' },
    spec: {
      replicas,
      serviceName: 'svc',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } },
      persistentVolumeClaimRetentionPolicy: { whenScaled, whenDeleted },
      volumeClaimTemplates: [{ metadata: { name: 'data', labels: { t: '1' } }, spec: {} }],
    },
  };
}

const pod = (ordinal: number): Pod => ({
  metadata: { name: `web-${ordinal}`, namespace: 'ns', uid: `pod-${ordinal}` },
});
const claim = (refs: OwnerReference[] = []): PersistentVolumeClaim => ({
  metadata: { name: 'data-web-0', namespace: 'ns', ownerReferences: refs },
});
const kinds = (refs: OwnerReference[]) => refs.map((r) => `${r.kind}/${r.name}`);

describe('claim owner references per retention policy', () => {
  // [whenScaled, whenDeleted, ordinal (2 = scaled down with 2 replicas), wanted owners]
  const cases: [Policy, Policy, number, string[]][] = [
    ['Retain', 'Retain', 0, []],
    ['Retain', 'Retain', 2, []],
    ['Retain', 'Delete', 0, ['StatefulSet/web']],
    ['Retain', 'Delete', 2, ['StatefulSet/web']],
    ['Delete', 'Retain', 0, []],
    ['Delete', 'Retain', 2, ['Pod/web-2']],
    ['Delete', 'Delete', 0, ['StatefulSet/web']],
    ['Delete', 'Delete', 2, ['Pod/web-2']],
  ];
  for (const [scaled, deleted, ordinal, want] of cases) {
    test(`whenScaled ${scaled}, whenDeleted ${deleted}, pod ${ordinal}`, () => {
      const s = set(scaled, deleted);
      const p = pod(ordinal);
      const refs = claimOwnerRefsFor(claim(), s, p);
      assert.deepEqual(kinds(refs), want);
      assert.equal(isClaimOwnerUpToDate({ metadata: { ownerReferences: refs } }, s, p), true);
      if (want.length > 0) assert.equal(isClaimOwnerUpToDate(claim(), s, p), false);
      for (const r of refs) assert.equal(r.controller, true);
    });
  }

  test('references to an earlier set of the same name are left alone', () => {
    const s = set('Retain', 'Delete');
    const stale: OwnerReference = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: 'web',
      uid: 'old',
      controller: true,
    };
    assert.equal(isClaimOwnerUpToDate(claim([stale]), s, pod(0)), true);
  });

  test('another controller wins: our references are removed, none added', () => {
    const s = set('Delete', 'Delete');
    const other: OwnerReference = { apiVersion: 'v1', kind: 'Thing', name: 'x', uid: 'x', controller: true };
    const mine: OwnerReference = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: 'web',
      uid: 'set-uid',
      controller: true,
    };
    assert.equal(hasUnexpectedController(claim([other, mine]), s, pod(0)), true);
    assert.equal(isClaimOwnerUpToDate(claim([other, mine]), s, pod(0)), false);
    assert.deepEqual(kinds(claimOwnerRefsFor(claim([other, mine]), s, pod(0))), ['Thing/x']);
    assert.equal(isClaimOwnerUpToDate(claim([other]), s, pod(0)), true);
  });

  test('a non-controller reference by the set is fixed', () => {
    const s = set('Retain', 'Delete');
    const weak: OwnerReference = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'set-uid' };
    assert.equal(isClaimOwnerUpToDate(claim([weak]), s, pod(0)), false);
  });
});

describe('pod identity', () => {
  test('names and ordinals', () => {
    assert.deepEqual(parentAndOrdinal(pod(12)), { parent: 'web', ordinal: 12 });
    assert.deepEqual(parentAndOrdinal({ metadata: { name: 'a-b-3' } }), { parent: 'a-b', ordinal: 3 });
    assert.equal(getOrdinal({ metadata: { name: 'web' } }), -1);
    assert.equal(getOrdinal({ metadata: { name: 'web-99999999999' } }), -1);
  });
  test('claims carry template and selector labels', () => {
    const claims = podClaims(set('Retain', 'Retain'), pod(1));
    assert.equal(claims[0]?.claim.metadata?.name, 'data-web-1');
    assert.deepEqual(claims[0]?.claim.metadata?.labels, { t: '1', app: 'web' });
  });
  test('ordinals below the partition get the current revision', () => {
    const s = set('Retain', 'Retain', 3);
    s.spec!.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } };
    const u = structuredClone(s);
    u.spec!.template.spec!.containers = [{ name: 'new', image: 'x' }];
    const rev = (o: number) =>
      newVersionedPod(s, u, 'cur', 'upd', o).metadata?.labels?.['controller-revision-hash'];
    assert.deepEqual([rev(0), rev(1), rev(2)], ['cur', 'cur', 'upd']);
    assert.equal(newVersionedPod(s, u, 'cur', 'upd', 2).spec?.containers[0]?.name, 'new');
    assert.equal(newVersionedPod(s, u, 'cur', 'upd', 2).metadata?.generateName, 'web-');
  });
});
