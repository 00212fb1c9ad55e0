import { describe } from 'node:test';
import { goJSON } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';
import { jobValidation } from './job.js';
import { indexed, job, spec, tspec } from './job-fixtures.js';
import { at, stored, table } from './test-support.js';

describe('Job update', () => {
  const old = stored(job);
  table((o) => jobValidation.validateUpdate(o, old), old, [
    ['unchanged', () => {}, []],
    [
      'parallelism and suspend may change',
      (o) => {
        spec(o)['parallelism'] = 3;
        spec(o)['suspend'] = true;
      },
      [],
    ],
    [
      'completions immutable when NonIndexed',
      (o) => (spec(o)['completions'] = 2),
      ['spec.completions: Invalid value: 2: field is immutable'],
    ],
    [
      'completionMode immutable',
      (o) => (spec(o)['completionMode'] = 'Indexed'),
      ['spec.completionMode: Invalid value: "Indexed": field is immutable'],
    ],
    [
      'template immutable while running',
      (o) => (tspec(o)['nodeSelector'] = { zone: 'a' }),
      [
        `spec.template: Invalid value: ${goJSON(
          (() => {
            const t = structuredClone(at(job, 'spec', 'template'));
            (t['spec'] as JsonObject)['nodeSelector'] = { zone: 'a' };
            return t;
          })(),
        )}: field is immutable`,
      ],
    ],
    [
      'selector immutable',
      (o) => (at(o, 'spec', 'selector', 'matchLabels')['job-name'] = 'myjob'),
      [
        'spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":"1a2b3c","job-name":"myjob"}}: field is immutable',
      ],
    ],
  ]);

  const suspended = stored(job);
  spec(suspended)['suspend'] = true;
  table((o) => jobValidation.validateUpdate(o, suspended), suspended, [
    [
      'suspended job may change scheduling directives',
      (o) => {
        tspec(o)['nodeSelector'] = { zone: 'a' };
        tspec(o)['tolerations'] = [{ key: 'k', operator: 'Exists' }];
        tspec(o)['affinity'] = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
            },
          },
        };
        at(o, 'spec', 'template', 'metadata')['annotations'] = { a: 'b' };
      },
      [],
    ],
    [
      'but not other template fields',
      (o) => (tspec(o)['dnsPolicy'] = 'Default'),
      [
        `spec.template: Invalid value: ${goJSON(
          (() => {
            const t = structuredClone(at(job, 'spec', 'template'));
            (t['spec'] as JsonObject)['dnsPolicy'] = 'Default';
            return t;
          })(),
        )}: field is immutable`,
      ],
    ],
  ]);

  const indexedOld = stored(job);
  indexed(indexedOld, 2);
  spec(indexedOld)['parallelism'] = 2;
  table((o) => jobValidation.validateUpdate(o, indexedOld), indexedOld, [
    [
      'indexed completions with parallelism',
      (o) => {
        spec(o)['completions'] = 4;
        spec(o)['parallelism'] = 4;
      },
      [],
    ],
    [
      'indexed completions alone',
      (o) => (spec(o)['completions'] = 4),
      ['spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism'],
    ],
  ]);
});

describe('Job status update', () => {
  const old = stored({ ...job, status: { active: 1, succeeded: 1, startTime: '2024-01-01T00:00:00Z' } });
  const status = (o: JsonObject) => at(o, 'status');
  const finishedOk = (o: JsonObject) => {
    status(o)['active'] = 0;
    status(o)['completionTime'] = '2024-01-01T01:00:00Z';
    status(o)['conditions'] = [
      { type: 'SuccessCriteriaMet', status: 'True' },
      { type: 'Complete', status: 'True' },
    ];
  };
  table((o) => jobValidation.validateStatusUpdate?.(o, old) ?? [], old, [
    ['valid', () => {}, []],
    ['valid completion', finishedOk, []],
    [
      'negative counters',
      (o) => {
        status(o)['failed'] = -1;
        status(o)['ready'] = -2;
      },
      [
        'status.failed: Invalid value: -1: must be greater than or equal to 0',
        'status.ready: Invalid value: -2: must be greater than or equal to 0',
        'status.failed: Invalid value: -1: cannot decrease the failed counter',
      ],
    ],
    [
      'succeeded counter decreased',
      (o) => (status(o)['succeeded'] = 0),
      ['status.succeeded: Invalid value: 0: cannot decrease the succeeded counter'],
    ],
    [
      'uncounted pods empty and duplicate',
      (o) => (status(o)['uncountedTerminatedPods'] = { succeeded: ['a', ''], failed: ['a'] }),
      [
        'status.uncountedTerminatedPods.succeeded[1]: Invalid value: "": must not be empty',
        'status.uncountedTerminatedPods.failed[0]: Duplicate value: "a"',
      ],
    ],
    [
      'finished with active pods and no completion time',
      (o) => {
        finishedOk(o);
        status(o)['active'] = 1;
        delete status(o)['completionTime'];
      },
      [
        'status.completionTime: Required value: completionTime is required for Complete jobs',
        'status.active: Invalid value: 1: active>0 is invalid for finished job',
      ],
    ],
    [
      'completion before start',
      (o) => {
        finishedOk(o);
        status(o)['completionTime'] = '2023-12-31T00:00:00Z';
      },
      ['status.completionTime: Invalid value: "2023-12-31T00:00:00Z": must be equal to or after `startTime`'],
    ],
    [
      'completion time without Complete',
      (o) => (status(o)['completionTime'] = '2024-01-01T01:00:00Z'),
      [
        'status.completionTime: Invalid value: "2024-01-01T01:00:00Z": cannot set completionTime when there is no Complete=True condition',
      ],
    ],
    [
      'success criteria with failure',
      (o) => {
        status(o)['active'] = 0;
        status(o)['conditions'] = [
          { type: 'SuccessCriteriaMet', status: 'True' },
          { type: 'Failed', status: 'True' },
        ];
      },
      ['status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and Failed=true conditions'],
    ],
    [
      'completed indexes on a NonIndexed job',
      (o) => (status(o)['completedIndexes'] = '0'),
      [
        'status.completedIndexes: Invalid value: "0": cannot set non-empty completedIndexes when non-indexed completion mode',
      ],
    ],
    [
      'failed indexes without backoffLimitPerIndex',
      (o) => (status(o)['failedIndexes'] = ''),
      [
        'status.failedIndexes: Invalid value: "": cannot set non-null failedIndexes when backoffLimitPerIndex is null',
      ],
    ],
    [
      'start time removed while running',
      (o) => delete status(o)['startTime'],
      ['status.startTime: Required value: startTime cannot be removed for unsuspended job'],
    ],
  ]);

  const done = stored({ ...job, status: {} });
  finishedOk(done);
  status(done)['startTime'] = '2024-01-01T00:00:00Z';
  table((o) => jobValidation.validateStatusUpdate?.(o, done) ?? [], done, [
    ['unchanged finished job', () => {}, []],
    [
      'terminal condition dropped',
      (o) => (status(o)['conditions'] = [{ type: 'SuccessCriteriaMet', status: 'True' }]),
      [
        'status.completionTime: Invalid value: "2024-01-01T01:00:00Z": cannot set completionTime when there is no Complete=True condition',
        'status.conditions: Invalid value: cannot disable the terminal Complete=True condition',
      ],
    ],
    [
      'completion time changed',
      (o) => (status(o)['completionTime'] = '2024-01-01T02:00:00Z'),
      ['status.completionTime: Invalid value: "2024-01-01T02:00:00Z": field is immutable'],
    ],
  ]);

  const indexedJob = stored({ ...job, status: { active: 3 } });
  indexed(indexedJob, 4);
  spec(indexedJob)['backoffLimitPerIndex'] = 1;
  table((o) => jobValidation.validateStatusUpdate?.(o, indexedJob) ?? [], indexedJob, [
    [
      'indexes valid',
      (o) => {
        status(o)['completedIndexes'] = '0,2';
        status(o)['failedIndexes'] = '1';
      },
      [],
    ],
    [
      'completed index out of range',
      (o) => (status(o)['completedIndexes'] = '0-4'),
      ['status.completedIndexes: Invalid value: "0-4": error parsing completedIndexes: too large index: "4"'],
    ],
    [
      'failed overlapping completed',
      (o) => {
        status(o)['completedIndexes'] = '0-2';
        status(o)['failedIndexes'] = '2-3';
      },
      ['status.failedIndexes: Invalid value: "2-3": failedIndexes and completedIndexes overlap at index: 2'],
    ],
  ]);
});

describe('Job warnings', () => {
  const w = jobValidation.warnings;
  table(
    (o) => (w?.(o) ?? []).map((m) => ({ type: 'FieldValueInvalid', field: 'w', badValue: '', detail: m })),
    job,
    [
      ['DNS label name', () => {}, []],
      [
        'dotted name',
        (o) => (at(o, 'metadata')['name'] = 'my.job'),
        [
          'w: Invalid value: "": metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]',
        ],
      ],
    ],
  );
});
