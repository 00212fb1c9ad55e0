import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { allResources } from '../index.js';
import { PrintError, printTable, type Table } from './index.js';
import { NOW } from './testing.js';

const RESOURCES = [
  ...allResources()
    .filter((r) => r.listKind !== undefined)
    .map((r) => ({ group: r.group, resource: r.plural })),
  { group: 'example.com', resource: 'widgets' },
  { group: 'apps', resource: 'deployments', subresource: 'scale' },
];

// Values that steer printers into their branches: known field names, enum words, times, quantities.
const words = fc.constantFrom(
  'True',
  'False',
  'Unknown',
  'Ready',
  'Running',
  'Succeeded',
  'Failed',
  'Completed',
  'Always',
  'Initialized',
  'PodScheduled',
  'SchedulingGated',
  'NodeLost',
  'LoadBalancer',
  'NodePort',
  'ClusterIP',
  'ExternalName',
  'Resource',
  'Pods',
  'Object',
  'External',
  'ContainerResource',
  'Utilization',
  'In',
  'NotIn',
  'Exists',
  'Bogus',
  'autoscaling/v1',
  'a/b/c',
  '2026-01-01T00:00:00Z',
  '2026-01-14T11:59:59.123456Z',
  '0001-01-01T00:00:00Z',
  'not-a-time',
  '1Gi',
  '100m',
  '1.5',
  'x1y',
  '',
);
const keys = fc.constantFrom(
  'metadata',
  'spec',
  'status',
  'name',
  'type',
  'status',
  'reason',
  'conditions',
  'containers',
  'initContainers',
  'containerStatuses',
  'initContainerStatuses',
  'state',
  'lastState',
  'waiting',
  'terminated',
  'running',
  'restartPolicy',
  'ownerReferences',
  'controller',
  'apiVersion',
  'selector',
  'matchLabels',
  'matchExpressions',
  'metrics',
  'currentMetrics',
  'target',
  'current',
  'averageValue',
  'value',
  'subsets',
  'addresses',
  'ports',
  'capacity',
  'storage',
  'hard',
  'used',
  'series',
  'paramRef',
  'creationTimestamp',
  'deletionTimestamp',
  'labels',
  'annotations',
  'ingress',
  'rules',
  'limited',
  'queuing',
);
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    words,
    fc.string({ maxLength: 6 }),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(keys, fc.string({ maxLength: 4 })), tie('json'), { maxKeys: 6 }),
  ),
}));

function checkTable(t: Table): void {
  assert.equal(t.kind, 'Table');
  const columns = t.columnDefinitions?.length ?? 0;
  for (const row of t.rows ?? []) {
    assert.ok(row.cells.length >= columns, 'a cell for every column');
    for (const cell of row.cells) {
      assert.ok(['string', 'number', 'boolean'].includes(typeof cell), `cell of type ${typeof cell}`);
      if (typeof cell === 'number') assert.ok(Number.isFinite(cell));
    }
  }
}

test('every printer returns a table or throws PrintError for random JSON objects', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...RESOURCES),
      fc.array(fc.dictionary(keys, json, { maxKeys: 5 }), { maxLength: 3 }),
      (resource, objects) => {
        try {
          checkTable(printTable(resource, objects, { now: NOW }));
        } catch (e) {
          if (!(e instanceof PrintError)) throw e;
          assert.ok(e.message.length > 0);
        }
      },
    ),
    { seed: 20260114, numRuns: 3000 },
  );
});

const containerState = fc.oneof(
  fc.constant({}),
  fc.record({ running: fc.constant({}) }),
  fc.record({ waiting: fc.record({ reason: words }, { requiredKeys: [] }) }),
  fc.record({
    terminated: fc.record(
      { reason: words, exitCode: fc.integer({ min: -1, max: 3 }), signal: fc.integer({ min: 0, max: 9 }) },
      { requiredKeys: [] },
    ),
  }),
);
const containerStatus = fc.record(
  {
    name: fc.constantFrom('a', 'b', 's'),
    ready: fc.boolean(),
    started: fc.boolean(),
    restartCount: fc.nat(5),
    state: containerState,
    lastState: containerState,
  },
  { requiredKeys: [] },
);
const podArb = fc.record({
  metadata: fc.record({ name: fc.constant('p'), deletionTimestamp: words }, { requiredKeys: ['name'] }),
  spec: fc.record(
    {
      containers: fc.array(fc.record({ name: fc.constantFrom('a', 'b') }), { maxLength: 3 }),
      initContainers: fc.array(
        fc.record({ name: fc.constantFrom('a', 's'), restartPolicy: fc.constantFrom('Always', 'Never') }),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  ),
  status: fc.record(
    {
      phase: words,
      reason: words,
      conditions: fc.array(fc.record({ type: words, status: words, reason: words }), { maxLength: 3 }),
      containerStatuses: fc.array(containerStatus, { maxLength: 3 }),
      initContainerStatuses: fc.array(containerStatus, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
});

test('the pod printer handles random pod-shaped objects', () => {
  fc.assert(
    fc.property(fc.array(podArb, { maxLength: 3 }), (pods) => {
      const t = printTable({ group: '', resource: 'pods' }, pods, { now: NOW });
      checkTable(t);
      for (const row of t.rows ?? []) {
        assert.match(String(row.cells[1]), /^\d+\/\d+$/);
        assert.match(String(row.cells[3]), /^\d+( \(.+ ago\))?$/);
      }
    }),
    { seed: 7, numRuns: 2000 },
  );
});
