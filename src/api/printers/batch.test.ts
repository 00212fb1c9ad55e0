import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ago, cellsOf, columnNames, D, H, M, S } from './testing.js';

const template = { spec: { containers: [{ name: 'job', image: 'busybox' }] } };
const cond = (type: string, status = 'True') => ({ type, status });

interface Case {
  readonly name: string;
  readonly obj: Record<string, unknown>;
  readonly want: readonly unknown[];
}

const jobs: readonly Case[] = [
  {
    name: 'complete job with completions and duration',
    obj: {
      metadata: { name: 'j', creationTimestamp: ago(10 * M) },
      spec: { completions: 3, selector: { matchLabels: { 'controller-uid': 'u' } }, template },
      status: {
        succeeded: 3,
        startTime: ago(10 * M),
        completionTime: ago(8 * M),
        conditions: [cond('SuccessCriteriaMet'), cond('Complete')],
      },
    },
    want: ['j', 'Complete', '3/3', '2m', '10m', 'job', 'busybox', 'controller-uid=u'],
  },
  {
    name: 'running job: duration since start',
    obj: {
      metadata: { name: 'j', creationTimestamp: ago(2 * H) },
      spec: { completions: 1, template },
      status: { succeeded: 0, startTime: ago(90 * M) },
    },
    want: ['j', 'Running', '0/1', '90m', '120m', 'job', 'busybox', '<none>'],
  },
  {
    name: 'parallel job without completions: n/1 of parallelism',
    obj: { metadata: { name: 'j' }, spec: { parallelism: 4, template }, status: { succeeded: 1 } },
    want: ['j', 'Running', '1/1 of 4', '', '<unknown>', 'job', 'busybox', '<none>'],
  },
  {
    name: 'parallelism 1 without completions: n/1',
    obj: { metadata: { name: 'j' }, spec: { parallelism: 1 } },
    want: ['j', 'Running', '0/1', '', '<unknown>', '', '', '<none>'],
  },
  {
    name: 'failed job',
    obj: {
      metadata: { name: 'j' },
      spec: { completions: 2 },
      status: { conditions: [cond('FailureTarget'), cond('Failed')] },
    },
    want: ['j', 'Failed', '0/2', '', '<unknown>', '', '', '<none>'],
  },
  {
    name: 'terminating job beats suspended',
    obj: {
      metadata: { name: 'j', deletionTimestamp: ago(S) },
      spec: { completions: 1 },
      status: { conditions: [cond('Suspended')] },
    },
    want: ['j', 'Terminating', '0/1', '', '<unknown>', '', '', '<none>'],
  },
  {
    name: 'suspended job',
    obj: { metadata: { name: 'j' }, spec: { completions: 1 }, status: { conditions: [cond('Suspended')] } },
    want: ['j', 'Suspended', '0/1', '', '<unknown>', '', '', '<none>'],
  },
  {
    name: 'failure target only',
    obj: {
      metadata: { name: 'j' },
      spec: { completions: 1 },
      status: { conditions: [cond('FailureTarget')] },
    },
    want: ['j', 'FailureTarget', '0/1', '', '<unknown>', '', '', '<none>'],
  },
  {
    name: 'success criteria met only',
    obj: {
      metadata: { name: 'j' },
      spec: { completions: 1 },
      status: { conditions: [cond('SuccessCriteriaMet')] },
    },
    want: ['j', 'SuccessCriteriaMet', '0/1', '', '<unknown>', '', '', '<none>'],
  },
  {
    name: 'a False Complete condition does not complete',
    obj: {
      metadata: { name: 'j' },
      spec: { completions: 1 },
      status: { conditions: [cond('Complete', 'False')] },
    },
    want: ['j', 'Running', '0/1', '', '<unknown>', '', '', '<none>'],
  },
];

const cronjobs: readonly Case[] = [
  {
    name: 'cronjob with time zone, active jobs and last schedule',
    obj: {
      metadata: { name: 'cj', creationTimestamp: ago(3 * D) },
      spec: {
        schedule: '*/5 * * * *',
        timeZone: 'Etc/UTC',
        suspend: false,
        jobTemplate: { spec: { template, selector: { matchLabels: { a: 'b' } } } },
      },
      status: { active: [{ name: 'cj-1' }], lastScheduleTime: ago(4 * M) },
    },
    want: ['cj', '*/5 * * * *', 'Etc/UTC', 'False', 1, '4m', '3d', 'job', 'busybox', 'a=b'],
  },
  {
    name: 'cronjob never scheduled, suspend unset',
    obj: { metadata: { name: 'cj' }, spec: { schedule: '@hourly' } },
    want: ['cj', '@hourly', '<none>', '<unset>', 0, '<none>', '<unknown>', '', '', '<none>'],
  },
  {
    name: 'suspended cronjob',
    obj: { metadata: { name: 'cj' }, spec: { schedule: '0 0 * * *', suspend: true } },
    want: ['cj', '0 0 * * *', '<none>', 'True', 0, '<none>', '<unknown>', '', '', '<none>'],
  },
];

describe('job printer', () => {
  for (const c of jobs) test(c.name, () => assert.deepEqual(cellsOf('batch', 'jobs', c.obj), c.want));
});

describe('cronjob printer', () => {
  for (const c of cronjobs) test(c.name, () => assert.deepEqual(cellsOf('batch', 'cronjobs', c.obj), c.want));
});

test('batch columns', () => {
  assert.deepEqual(columnNames('batch', 'jobs'), [
    'Name',
    'Status',
    'Completions',
    'Duration',
    'Age',
    '(Containers)',
    '(Images)',
    '(Selector)',
  ]);
  assert.deepEqual(columnNames('batch', 'cronjobs'), [
    'Name',
    'Schedule',
    'Timezone',
    'Suspend',
    'Active',
    'Last Schedule',
    'Age',
    '(Containers)',
    '(Images)',
    '(Selector)',
  ]);
});
