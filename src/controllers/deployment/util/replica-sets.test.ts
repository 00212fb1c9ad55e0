import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  podTemplateHash,
  terminatingReplicaCount,
} from './replica-sets.js';
import type { Deployment, ReplicaSet } from './types.js';

function rs(
  name: string,
  created: string,
  image: string,
  replicas = 1,
  extra: Partial<ReplicaSet> = {},
): ReplicaSet {
  return {
    metadata: { name, uid: `uid-${name}`, creationTimestamp: created, labels: {} },
    spec: {
      replicas,
      selector: {},
      template: {
        metadata: { labels: { app: 'a', 'pod-template-hash': name } },
        spec: { containers: [{ name: 'c', image }] },
      },
    },
    ...extra,
  };
}

const d: Deployment = {
  spec: {
    selector: {},
    template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'v2' }] } },
  },
};

describe('equalIgnoreHash', () => {
  it('ignores the hash label and absent versus empty collections', () => {
    assert.ok(
      equalIgnoreHash(
        { metadata: { labels: { a: 'b', 'pod-template-hash': 'x' } } },
        { metadata: { labels: { a: 'b' } } },
      ),
    );
    assert.ok(equalIgnoreHash({ metadata: { labels: {} }, spec: { containers: [] } }, {}));
    assert.ok(!equalIgnoreHash({ metadata: { labels: { a: 'b' } } }, { metadata: { labels: { a: 'c' } } }));
  });
});

describe('podTemplateHash', () => {
  it('is safe-encoded decimal digits and changes with the collision count', () => {
    const h = podTemplateHash(d.spec?.template);
    assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(h, podTemplateHash(structuredClone(d.spec?.template)));
    assert.notEqual(h, podTemplateHash(d.spec?.template, 1));
  });
});

describe('finding new and old replica sets', () => {
  const old = rs('old', '2026-01-01T00:00:00Z', 'v1');
  const newer = rs('new', '2026-01-02T00:00:00Z', 'v2');
  const dup = rs('dup', '2026-01-03T00:00:00Z', 'v2', 0);

  it('picks the oldest replica set with the template as the new one', () => {
    assert.equal(findNewReplicaSet(d, [dup, old, newer])?.metadata?.name, 'new');
    assert.equal(findNewReplicaSet(d, [old]), undefined);
  });

  it('returns old replica sets, those with replicas apart', () => {
    const r = findOldReplicaSets(d, [old, newer, dup]);
    assert.deepEqual(
      r.all.map((x) => x.metadata?.name),
      ['old', 'dup'],
    );
    assert.deepEqual(
      r.required.map((x) => x.metadata?.name),
      ['old'],
    );
  });

  it('finds the only active or the latest replica set', () => {
    assert.equal(findActiveOrLatest(newer, [old])?.metadata?.name, undefined);
    assert.equal(
      findActiveOrLatest(newer, [rs('o', '2026-01-01T00:00:00Z', 'v1', 0)])?.metadata?.name,
      'new',
    );
    assert.equal(
      findActiveOrLatest(undefined, [
        rs('a', '2026-01-01T00:00:00Z', 'v1', 0),
        rs('b', '2026-01-05T00:00:00Z', 'v1', 0),
      ])?.metadata?.name,
      'b',
    );
    assert.equal(findActiveOrLatest(undefined, []), undefined);
  });
});

describe('terminatingReplicaCount', () => {
  const withStatus = (terminating: number | undefined, observedGeneration: number): ReplicaSet => ({
    spec: { selector: {} },
    status: {
      replicas: 1,
      observedGeneration,
      ...(terminating === undefined ? {} : { terminatingReplicas: terminating }),
    },
  });
  it('sums, counts unobserved replica sets as 0 and is unknown when an observed one does not report', () => {
    assert.equal(terminatingReplicaCount([withStatus(3, 1), withStatus(1, 1)]), 4);
    assert.equal(terminatingReplicaCount([withStatus(undefined, 0)]), 0);
    assert.equal(
      terminatingReplicaCount([withStatus(3, 1), withStatus(undefined, 0), withStatus(undefined, 1)]),
      undefined,
    );
    assert.equal(terminatingReplicaCount([undefined]), 0);
  });
});
