import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultObject } from './index.js';
import type { JsonObject } from './json.js';

function specOf(apiVersion: string, kind: string, spec: JsonObject): JsonObject {
  const obj: JsonObject = { spec: structuredClone(spec) };
  defaultObject(apiVersion, kind, obj);
  const out = obj['spec'] as JsonObject;
  delete out['template'];
  return out;
}

test('deployment strategy and counters', () => {
  const cases: Array<{ name: string; input: JsonObject; expected: JsonObject }> = [
    {
      name: 'everything unset',
      input: {},
      expected: {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
    },
    {
      name: 'Recreate gets no rolling update block; zero replicas kept',
      input: { replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0 },
      expected: {
        replicas: 0,
        strategy: { type: 'Recreate' },
        revisionHistoryLimit: 0,
        progressDeadlineSeconds: 600,
      },
    },
    {
      name: 'partial rolling update is filled in',
      input: { strategy: { rollingUpdate: { maxSurge: 1 } }, progressDeadlineSeconds: 30 },
      expected: {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 30,
      },
    },
  ];
  for (const c of cases) assert.deepEqual(specOf('apps/v1', 'Deployment', c.input), c.expected, c.name);
});

test('daemon set update strategy', () => {
  assert.deepEqual(specOf('apps/v1', 'DaemonSet', {}), {
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    revisionHistoryLimit: 10,
  });
  assert.deepEqual(
    specOf('apps/v1', 'DaemonSet', { updateStrategy: { type: 'OnDelete' }, revisionHistoryLimit: 2 }),
    {
      updateStrategy: { type: 'OnDelete' },
      revisionHistoryLimit: 2,
    },
  );
});

test('stateful set strategy, retention and claim templates', () => {
  const base = {
    podManagementPolicy: 'OrderedReady',
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    replicas: 1,
    revisionHistoryLimit: 10,
  };
  const cases: Array<{ name: string; input: JsonObject; expected: JsonObject }> = [
    {
      name: 'implied RollingUpdate gets partition 0',
      input: {},
      expected: { ...base, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } },
    },
    {
      name: 'explicit RollingUpdate without a block stays without one',
      input: { updateStrategy: { type: 'RollingUpdate' } },
      expected: { ...base, updateStrategy: { type: 'RollingUpdate' } },
    },
    {
      name: 'explicit RollingUpdate block gets partition 0, maxUnavailable untouched',
      input: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: {} } },
      expected: { ...base, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } },
    },
    {
      name: 'OnDelete',
      input: { updateStrategy: { type: 'OnDelete' }, podManagementPolicy: 'Parallel' },
      expected: { ...base, podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' } },
    },
    {
      name: 'partial retention policy',
      input: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } },
      expected: {
        ...base,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      },
    },
  ];
  for (const c of cases) assert.deepEqual(specOf('apps/v1', 'StatefulSet', c.input), c.expected, c.name);

  const withClaims = specOf('apps/v1', 'StatefulSet', {
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }],
  });
  assert.deepEqual(withClaims['volumeClaimTemplates'], [
    {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    },
  ]);
});

test('replica set replicas and template', () => {
  const obj: JsonObject = { spec: { template: { spec: { containers: [{ name: 'c', image: 'x:1' }] } } } };
  defaultObject('apps/v1', 'ReplicaSet', obj);
  const spec = obj['spec'] as { replicas: number; template: { spec: JsonObject } };
  assert.equal(spec.replicas, 1);
  assert.equal(spec.template.spec['restartPolicy'], 'Always');
  assert.equal(spec.template.spec['enableServiceLinks'], undefined);
});

test('job completions, parallelism and backoff', () => {
  const common = {
    completionMode: 'NonIndexed',
    suspend: false,
    podReplacementPolicy: 'TerminatingOrFailed',
    manualSelector: false,
  };
  const cases: Array<{ name: string; input: JsonObject; expected: JsonObject }> = [
    {
      name: 'all unset',
      input: {},
      expected: { ...common, completions: 1, parallelism: 1, backoffLimit: 6 },
    },
    {
      name: 'completions set: parallelism 1',
      input: { completions: 5 },
      expected: { ...common, completions: 5, parallelism: 1, backoffLimit: 6 },
    },
    {
      name: 'parallelism set: completions stay unset (work queue)',
      input: { parallelism: 3 },
      expected: { ...common, parallelism: 3, backoffLimit: 6 },
    },
    {
      name: 'parallelism explicitly 0 is kept',
      input: { parallelism: 0 },
      expected: { ...common, parallelism: 0, backoffLimit: 6 },
    },
    {
      name: 'per-index backoff makes the global limit unlimited',
      input: { completions: 4, completionMode: 'Indexed', backoffLimitPerIndex: 1 },
      expected: {
        ...common,
        completionMode: 'Indexed',
        completions: 4,
        parallelism: 1,
        backoffLimitPerIndex: 1,
        backoffLimit: 2147483647,
      },
    },
    {
      name: 'explicit values are kept',
      input: {
        completions: 0,
        parallelism: 0,
        backoffLimit: 0,
        suspend: true,
        podReplacementPolicy: 'Failed',
        manualSelector: true,
      },
      expected: {
        ...common,
        completions: 0,
        parallelism: 0,
        backoffLimit: 0,
        suspend: true,
        podReplacementPolicy: 'Failed',
        manualSelector: true,
      },
    },
    {
      name: 'pod failure policy: condition status True and replacement policy Failed',
      input: {
        podFailurePolicy: {
          rules: [
            {
              action: 'Ignore',
              onPodConditions: [{ type: 'DisruptionTarget' }, { type: 'X', status: 'False' }],
            },
            { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } },
          ],
        },
      },
      expected: {
        ...common,
        completions: 1,
        parallelism: 1,
        backoffLimit: 6,
        podReplacementPolicy: 'Failed',
        podFailurePolicy: {
          rules: [
            {
              action: 'Ignore',
              onPodConditions: [
                { type: 'DisruptionTarget', status: 'True' },
                { type: 'X', status: 'False' },
              ],
            },
            { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } },
          ],
        },
      },
    },
  ];
  for (const c of cases) assert.deepEqual(specOf('batch/v1', 'Job', c.input), c.expected, c.name);
});

test('job labels come from the template when the job has none', () => {
  const job: JsonObject = { spec: { template: { metadata: { labels: { app: 'batch' } } } } };
  defaultObject('batch/v1', 'Job', job);
  assert.deepEqual((job['metadata'] as JsonObject)['labels'], { app: 'batch' });
  const labelled: JsonObject = {
    metadata: { labels: { own: '1' } },
    spec: { template: { metadata: { labels: { app: 'b' } } } },
  };
  defaultObject('batch/v1', 'Job', labelled);
  assert.deepEqual((labelled['metadata'] as JsonObject)['labels'], { own: '1' });
});

test('cron job defaults and its job template', () => {
  const cj: JsonObject = {
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: {
        spec: {
          podFailurePolicy: {
            rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }],
          },
          template: { spec: {} },
        },
      },
    },
  };
  defaultObject('batch/v1', 'CronJob', cj);
  assert.deepEqual(cj, {
    spec: {
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        spec: {
          podFailurePolicy: {
            rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
          },
          template: {
            spec: {
              dnsPolicy: 'ClusterFirst',
              restartPolicy: 'Always',
              securityContext: {},
              terminationGracePeriodSeconds: 30,
              schedulerName: 'default-scheduler',
            },
          },
        },
      },
    },
  });
});
