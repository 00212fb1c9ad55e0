import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { workloadValidations } from './index.js';
import { podTemplate } from './test-support.js';

const deprecatedArch = 'deprecated since v1.14; use "kubernetes.io/arch" instead';

function template(): JsonObject {
  const t = podTemplate({ a: 'b' });
  (t['spec'] as JsonObject)['nodeSelector'] = { 'beta.kubernetes.io/arch': 'amd64' };
  return t;
}

function warn(kind: string, obj: JsonObject, old?: JsonObject): string[] {
  const v = workloadValidations[kind];
  assert.ok(v?.warnings !== undefined, `${kind} has warnings`);
  return v.warnings(obj, old);
}

const workload = (): JsonObject => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { matchLabels: { a: 'b' } }, template: template() },
});

const job = (name: string, spec: JsonObject = {}): JsonObject => ({
  metadata: { name, namespace: 'default' },
  spec: { template: template(), ...spec },
});

const cronJob = (schedule: string): JsonObject => ({
  metadata: { name: 'nightly', namespace: 'default' },
  spec: { schedule, jobTemplate: { spec: { template: template() } } },
});

type Case = [name: string, run: () => string[], want: string[]];

const cases: Case[] = [
  ...['apps/v1/Deployment', 'apps/v1/ReplicaSet', 'apps/v1/DaemonSet', 'apps/v1/StatefulSet'].map(
    (kind): Case => [
      `${kind}: pod template warnings on create`,
      () => warn(kind, workload()),
      [`spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: ${deprecatedArch}`],
    ],
  ),
  [
    'apps/v1/Deployment: none when an update leaves the spec alone',
    () => warn('apps/v1/Deployment', workload(), workload()),
    [],
  ],
  [
    'batch/v1/Job: name that is no DNS label, then template warnings',
    () => warn('batch/v1/Job', job('my.job')),
    [
      'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]',
      `spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: ${deprecatedArch}`,
    ],
  ],
  [
    'batch/v1/Job: very large Indexed job',
    () =>
      warn(
        'batch/v1/Job',
        job('big', { completionMode: 'Indexed', completions: 100_001, parallelism: 10_001 }),
      ),
    [
      'spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail',
      `spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: ${deprecatedArch}`,
    ],
  ],
  [
    'batch/v1/CronJob: job template warnings at their own path',
    () => warn('batch/v1/CronJob', cronJob('@daily')),
    [`spec.jobTemplate.spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: ${deprecatedArch}`],
  ],
  [
    'batch/v1/CronJob: an update keeping TZ in the schedule is warned about',
    () => warn('batch/v1/CronJob', cronJob('TZ=UTC 0 * * * *'), cronJob('TZ=UTC 0 * * * *')),
    [
      'cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details',
    ],
  ],
];

describe('warnings', () => {
  for (const [name, run, want] of cases) test(name, () => assert.deepEqual(run(), want));
});
