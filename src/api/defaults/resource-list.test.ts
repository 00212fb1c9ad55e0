import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';
import { roundResourceList } from './resource-list.js';

test('quantities finer than a thousandth round up to milli precision', () => {
  const cases: Array<{ name: string; value: unknown; expected: unknown }> = [
    { name: 'micro', value: '100u', expected: '1m' },
    { name: 'nano', value: '1n', expected: '1m' },
    { name: 'decimal fraction', value: '0.0001', expected: '1m' },
    { name: 'whole plus fraction', value: '1.0001', expected: '1001m' },
    { name: 'exponent keeps its format', value: '1e-4', expected: '1e-3' },
    { name: 'negative rounds away from zero', value: '-100u', expected: '-1m' },
    { name: 'JSON number', value: 0.0001, expected: '1m' },
    { name: 'milli stays as written', value: '100m', expected: '100m' },
    { name: 'binary suffix stays', value: '1Gi', expected: '1Gi' },
    { name: 'non-canonical spelling stays', value: '0.5', expected: '0.5' },
    { name: 'garbage is left for validation', value: 'lots', expected: 'lots' },
    { name: 'wrong JSON type is left for validation', value: true, expected: true },
  ];
  for (const c of cases) {
    const holder: JsonObject = { list: { r: c.value } };
    roundResourceList(holder, 'list');
    assert.deepEqual(holder['list'], { r: c.expected }, c.name);
  }
});

test('every resource list upstream rounds is rounded', () => {
  const tiny = { cpu: '100u' };
  const round = { cpu: '1m' };
  const cases: Array<{ name: string; apiVersion: string; kind: string; input: JsonObject; path: string[] }> =
    [
      {
        name: 'pod container limits',
        apiVersion: 'v1',
        kind: 'Pod',
        input: { spec: { containers: [{ name: 'c', resources: { limits: tiny } }] } },
        path: ['spec', 'containers', '0', 'resources', 'limits'],
      },
      {
        name: 'template ephemeral container requests',
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        input: {
          spec: {
            template: { spec: { ephemeralContainers: [{ name: 'e', resources: { requests: tiny } }] } },
          },
        },
        path: ['spec', 'template', 'spec', 'ephemeralContainers', '0', 'resources', 'requests'],
      },
      {
        name: 'pod overhead',
        apiVersion: 'v1',
        kind: 'Pod',
        input: { spec: { overhead: tiny } },
        path: ['spec', 'overhead'],
      },
      {
        name: 'pod status allocated resources',
        apiVersion: 'v1',
        kind: 'Pod',
        input: { status: { containerStatuses: [{ name: 'c', allocatedResources: tiny }] } },
        path: ['status', 'containerStatuses', '0', 'allocatedResources'],
      },
      {
        name: 'claim requests',
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        input: { spec: { resources: { requests: tiny } } },
        path: ['spec', 'resources', 'requests'],
      },
      {
        name: 'claim status capacity',
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        input: { status: { capacity: tiny } },
        path: ['status', 'capacity'],
      },
      {
        name: 'volume capacity',
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        input: { spec: { capacity: tiny } },
        path: ['spec', 'capacity'],
      },
      {
        name: 'node capacity',
        apiVersion: 'v1',
        kind: 'Node',
        input: { status: { capacity: tiny } },
        path: ['status', 'allocatable'],
      },
      {
        name: 'limit range max of a pod item',
        apiVersion: 'v1',
        kind: 'LimitRange',
        input: { spec: { limits: [{ type: 'Pod', max: tiny }] } },
        path: ['spec', 'limits', '0', 'max'],
      },
      {
        name: 'quota hard',
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        input: { spec: { hard: tiny } },
        path: ['spec', 'hard'],
      },
      {
        name: 'quota used',
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        input: { status: { used: tiny } },
        path: ['status', 'used'],
      },
      {
        name: 'runtime class overhead',
        apiVersion: 'node.k8s.io/v1',
        kind: 'RuntimeClass',
        input: { handler: 'h', overhead: { podFixed: tiny } },
        path: ['overhead', 'podFixed'],
      },
    ];
  for (const c of cases) {
    const obj = structuredClone(c.input);
    defaultObject(c.apiVersion, c.kind, obj);
    let at: unknown = obj;
    for (const step of c.path) at = (at as Record<string, unknown>)[step];
    assert.deepEqual(at, round, c.name);
  }
});

test('rounding never throws on random quantity values (fuzz)', () => {
  const digits = fc.constantFrom(...'0123456789.eE+-munkMGTPEiK '.split(''));
  const value = fc.oneof(
    fc.string({ unit: digits, maxLength: 40 }),
    fc.string({ maxLength: 20 }),
    fc.double(),
    fc.integer(),
    fc.constant(null),
    fc.boolean(),
  );
  fc.assert(
    fc.property(fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 4 }), (list) => {
      const holder: JsonObject = { list: structuredClone(list) };
      roundResourceList(holder, 'list');
      const once = structuredClone(holder);
      roundResourceList(holder, 'list');
      assert.deepEqual(holder, once);
    }),
    { seed: 9001, numRuns: 3000 },
  );
});
