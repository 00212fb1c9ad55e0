import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';
import { pruneUnknownFields } from './prune.js';

function pruned(apiVersion: string, kind: string, obj: JsonObject): JsonObject {
  const copy = structuredClone(obj);
  pruneUnknownFields(apiVersion, kind, copy);
  return copy;
}

test('fields the schema does not declare are dropped at every depth', () => {
  assert.deepEqual(
    pruned('v1', 'ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      foo: 1,
      metadata: { name: 'a', bogus: true, labels: { free: 'form' } },
      data: { k: 'v' },
    }),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', labels: { free: 'form' } },
      data: { k: 'v' },
    },
  );
  assert.deepEqual(
    pruned('apps/v1', 'Deployment', {
      spec: {
        replicas: 1,
        extra: 'x',
        template: {
          spec: {
            containers: [{ name: 'c', image: 'i', colour: 'red', ports: [{ containerPort: 80, x: 1 }] }],
          },
        },
      },
    }),
    {
      spec: {
        replicas: 1,
        template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] } },
      },
    },
  );
});

test('self-decoding types, int-or-strings and preserved fields are kept as they are', () => {
  const quantity = { spec: { containers: [{ name: 'c', resources: { limits: { cpu: '1' } } }] } };
  assert.deepEqual(pruned('v1', 'Pod', quantity), quantity);
  const strategy = {
    spec: { strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } },
  };
  assert.deepEqual(pruned('apps/v1', 'Deployment', strategy), strategy);
  const event = {
    involvedObject: { kind: 'Pod' },
    series: { count: 2, lastObservedTime: '2026-01-01T00:00:00.000000Z' },
  };
  assert.deepEqual(pruned('v1', 'Event', event), event);
});

test('kinds the schema does not know, and values of the wrong shape, are left alone', () => {
  const custom = { spec: { anything: true } };
  assert.deepEqual(pruned('example.com/v1', 'Widget', custom), custom);
  const odd = { metadata: 'x', data: [1, 2] };
  assert.deepEqual(pruned('v1', 'ConfigMap', odd), odd);
});

test('defaultObject drops unknown fields before defaulting, and is idempotent', () => {
  const secret: JsonObject = { stringData: { a: 'b' }, unknown: 1 };
  defaultObject('v1', 'Secret', secret);
  assert.deepEqual(secret, { data: { a: 'Yg==' }, type: 'Opaque' });
  const again = structuredClone(secret);
  defaultObject('v1', 'Secret', again);
  assert.deepEqual(again, secret);
});
