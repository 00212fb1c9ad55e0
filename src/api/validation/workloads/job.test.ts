import { describe } from 'node:test';
import { jobValidation } from './job.js';
import { exitCodeRule, indexed, job, spec, tspec } from './job-fixtures.js';
import { at, table } from './test-support.js';

describe('Job create', () => {
  table(jobValidation.validate, job, [
    ['valid', () => {}, []],
    ['valid restartPolicy Never', (o) => (tspec(o)['restartPolicy'] = 'Never'), []],
    [
      'pod spec validated',
      (o) => delete tspec(o)['dnsPolicy'],
      ['spec.template.spec.dnsPolicy: Required value'],
    ],
    [
      'valid manual selector without generated labels',
      (o) => {
        spec(o)['manualSelector'] = true;
        spec(o)['selector'] = { matchLabels: { a: 'b' } };
        at(o, 'spec', 'template', 'metadata')['labels'] = { a: 'b' };
      },
      [],
    ],
    [
      'valid indexed with backoff per index',
      (o) => {
        indexed(o);
        spec(o)['backoffLimitPerIndex'] = 1;
        spec(o)['maxFailedIndexes'] = 2;
      },
      [],
    ],
    [
      'valid pod failure policy',
      (o) => exitCodeRule(o, { containerName: 'abc', operator: 'In', values: [1, 2, 3] }),
      [],
    ],
    [
      'valid pod condition rule',
      (o) => {
        tspec(o)['restartPolicy'] = 'Never';
        spec(o)['podReplacementPolicy'] = 'Failed';
        spec(o)['podFailurePolicy'] = {
          rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
        };
      },
      [],
    ],
    [
      'valid success policy',
      (o) => {
        indexed(o, 10);
        spec(o)['successPolicy'] = { rules: [{ succeededIndexes: '0-2,5', succeededCount: 4 }] };
      },
      [],
    ],
    [
      'negative parallelism',
      (o) => (spec(o)['parallelism'] = -1),
      ['spec.parallelism: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative completions',
      (o) => (spec(o)['completions'] = -1),
      ['spec.completions: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative backoffLimit',
      (o) => (spec(o)['backoffLimit'] = -1),
      ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative activeDeadlineSeconds',
      (o) => (spec(o)['activeDeadlineSeconds'] = -1),
      ['spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'negative ttlSecondsAfterFinished',
      (o) => (spec(o)['ttlSecondsAfterFinished'] = -1),
      ['spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'restartPolicy Always',
      (o) => (tspec(o)['restartPolicy'] = 'Always'),
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      'restartPolicy unknown',
      (o) => (tspec(o)['restartPolicy'] = 'Sometimes'),
      [
        'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
      ],
    ],
    [
      'completionMode unknown',
      (o) => (spec(o)['completionMode'] = 'Foo'),
      ['spec.completionMode: Unsupported value: "Foo": supported values: "NonIndexed", "Indexed"'],
    ],
    [
      'indexed without completions',
      (o) => {
        indexed(o);
        delete spec(o)['completions'];
      },
      ['spec.completions: Required value: when completion mode is Indexed'],
    ],
    [
      'indexed parallelism too high',
      (o) => {
        indexed(o);
        spec(o)['parallelism'] = 100_001;
      },
      [
        'spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed',
      ],
    ],
    [
      'backoffLimitPerIndex requires Indexed',
      (o) => (spec(o)['backoffLimitPerIndex'] = 1),
      ['spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode'],
    ],
    [
      'maxFailedIndexes requires backoffLimitPerIndex',
      (o) => {
        indexed(o);
        spec(o)['maxFailedIndexes'] = 1;
      },
      ['spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified'],
    ],
    [
      'maxFailedIndexes above completions',
      (o) => {
        indexed(o);
        spec(o)['backoffLimitPerIndex'] = 1;
        spec(o)['maxFailedIndexes'] = 6;
      },
      ['spec.maxFailedIndexes: Invalid value: 6: must be less than or equal to completions'],
    ],
    [
      'high completions need maxFailedIndexes',
      (o) => {
        indexed(o, 100_001);
        spec(o)['backoffLimitPerIndex'] = 1;
        spec(o)['parallelism'] = 10_001;
      },
      [
        'spec.maxFailedIndexes: Required value: must be specified when completions is above 100000',
        'spec.parallelism: Invalid value: 10001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
      ],
    ],
    [
      'indexed hostname too long',
      (o) => {
        indexed(o, 10);
        at(o, 'metadata')['name'] = 'a'.repeat(62);
        for (const k of ['batch.kubernetes.io/job-name', 'job-name'])
          at(o, 'spec', 'template', 'metadata', 'labels')[k] = 'a'.repeat(62);
      },
      [
        `metadata.name: Invalid value: "${'a'.repeat(62)}": will not able to create pod with invalid DNS label: ${'a'.repeat(62)}-9`,
      ],
    ],
    [
      'managedBy not a domain path',
      (o) => (spec(o)['managedBy'] = 'invalid custom controller name'),
      [
        'spec.managedBy: Invalid value: "invalid custom controller name": must be a domain-prefixed path (such as "acme.io/foo")',
      ],
    ],
    [
      'managedBy too long',
      (o) => (spec(o)['managedBy'] = `example.com/${'a'.repeat(60)}`),
      ['spec.managedBy: Too long: may not be more than 63 bytes'],
    ],
    [
      'podReplacementPolicy unknown',
      (o) => (spec(o)['podReplacementPolicy'] = 'Now'),
      [
        'spec.podReplacementPolicy: Unsupported value: "Now": supported values: "Failed", "TerminatingOrFailed"',
      ],
    ],
    [
      'podReplacementPolicy with a pod failure policy',
      (o) => {
        exitCodeRule(o, { operator: 'In', values: [1] });
        spec(o)['podReplacementPolicy'] = 'TerminatingOrFailed';
      },
      ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'],
    ],
    [
      'pod failure policy needs restartPolicy Never',
      (o) => {
        exitCodeRule(o, { operator: 'In', values: [1] });
        tspec(o)['restartPolicy'] = 'OnFailure';
      },
      [
        'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
      ],
    ],
    [
      'unknown action',
      (o) => exitCodeRule(o, { operator: 'In', values: [1] }, 'UnknownAction'),
      [
        'spec.podFailurePolicy.rules[0].action: Unsupported value: "UnknownAction": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
      ],
    ],
    [
      'empty action',
      (o) => exitCodeRule(o, { operator: 'In', values: [1] }, ''),
      [
        'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]',
      ],
    ],
    [
      'FailIndex without backoffLimitPerIndex',
      (o) => exitCodeRule(o, { operator: 'In', values: [1] }, 'FailIndex'),
      [
        'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
      ],
    ],
    [
      'unknown operator',
      (o) => exitCodeRule(o, { operator: 'Between', values: [1] }),
      [
        'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Between": supported values: "In", "NotIn"',
      ],
    ],
    [
      'empty operator',
      (o) => exitCodeRule(o, { values: [1] }),
      ['spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: ["In" "NotIn"]'],
    ],
    [
      'zero with In',
      (o) => exitCodeRule(o, { operator: 'In', values: [0, 1] }),
      [
        'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
      ],
    ],
    ['zero with NotIn is fine', (o) => exitCodeRule(o, { operator: 'NotIn', values: [0, 1] }), []],
    [
      'duplicate and unordered values',
      (o) => exitCodeRule(o, { operator: 'In', values: [11, 11, 2] }),
      [
        'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11',
        'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [11,11,2]: must be ordered',
      ],
    ],
    [
      'no values',
      (o) => exitCodeRule(o, { operator: 'In', values: [] }),
      [
        'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []: at least one value is required',
      ],
    ],
    [
      'too many values',
      (o) => exitCodeRule(o, { operator: 'In', values: Array.from({ length: 256 }, (_, i) => i + 1) }),
      ['spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items'],
    ],
    [
      'unknown container',
      (o) => exitCodeRule(o, { containerName: 'xyz', operator: 'In', values: [1] }),
      [
        'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "xyz": must be one of the container or initContainer names in the pod template',
      ],
    ],
    [
      'rule with neither requirement',
      (o) => {
        exitCodeRule(o, { operator: 'In', values: [1] });
        spec(o)['podFailurePolicy'] = { rules: [{ action: 'FailJob' }] };
      },
      [
        'spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
      ],
    ],
    [
      'rule with both requirements',
      (o) => {
        exitCodeRule(o, { operator: 'In', values: [1] });
        at(o, 'spec', 'podFailurePolicy', 'rules', '0')['onPodConditions'] = [
          { type: 'DisruptionTarget', status: 'True' },
        ];
      },
      [
        'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
      ],
    ],
    [
      'bad pod condition pattern',
      (o) => {
        tspec(o)['restartPolicy'] = 'Never';
        spec(o)['podReplacementPolicy'] = 'Failed';
        spec(o)['podFailurePolicy'] = {
          rules: [
            { action: 'Ignore', onPodConditions: [{ type: 'Bad Type', status: 'Maybe' }, { type: 'Ready' }] },
          ],
        };
      },
      [
        "spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"Bad Type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
        'spec.podFailurePolicy.rules[0].onPodConditions[1].status: Required value: valid values: ["False" "True" "Unknown"]',
      ],
    ],
    [
      'success policy on a NonIndexed job',
      (o) => (spec(o)['successPolicy'] = { rules: [{ succeededCount: 1 }] }),
      [
        'spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: requires indexed completion mode',
      ],
    ],
    [
      'success policy without rules',
      (o) => {
        indexed(o);
        spec(o)['successPolicy'] = { rules: [] };
      },
      [
        'spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified',
      ],
    ],
    [
      'success rule empty',
      (o) => {
        indexed(o);
        spec(o)['successPolicy'] = { rules: [{}] };
      },
      [
        'spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified',
      ],
    ],
    [
      'success rule indexes out of order',
      (o) => {
        indexed(o);
        spec(o)['successPolicy'] = { rules: [{ succeededIndexes: '1-3,2' }] };
      },
      [
        'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "1-3,2": error parsing succeededIndexes: non-increasing order, previous: 3, current: 2',
      ],
    ],
    [
      'success rule index too large',
      (o) => {
        indexed(o);
        spec(o)['successPolicy'] = { rules: [{ succeededIndexes: '0-5' }] };
      },
      [
        'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-5": error parsing succeededIndexes: too large index: "5"',
      ],
    ],
    [
      'success rule count above indexes and completions',
      (o) => {
        indexed(o);
        spec(o)['successPolicy'] = { rules: [{ succeededIndexes: '0-1', succeededCount: 6 }] };
      },
      [
        'spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)',
        'spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)',
      ],
    ],
    [
      'selector missing',
      (o) => delete spec(o)['selector'],
      [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: {"batch.kubernetes.io/controller-uid":"1a2b3c","batch.kubernetes.io/job-name":"myjob","controller-uid":"1a2b3c","job-name":"myjob"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'generated labels missing',
      (o) => delete at(o, 'spec', 'template', 'metadata', 'labels')['job-name'],
      ['spec.template.metadata.labels[job-name]: Required value: myjob'],
    ],
    [
      'generated label wrong',
      (o) => (at(o, 'spec', 'template', 'metadata', 'labels')['batch.kubernetes.io/job-name'] = 'other'),
      [
        'spec.template.metadata.labels[batch.kubernetes.io/job-name]: Invalid value: {"batch.kubernetes.io/controller-uid":"1a2b3c","batch.kubernetes.io/job-name":"other","controller-uid":"1a2b3c","job-name":"myjob"}: must be \'myjob\'',
      ],
    ],
    [
      'selector not generated',
      (o) => (at(o, 'spec', 'selector', 'matchLabels')['batch.kubernetes.io/controller-uid'] = 'other'),
      [
        'spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":"other"}}: `selector` not auto-generated',
        'spec.template.metadata.labels: Invalid value: {"batch.kubernetes.io/controller-uid":"1a2b3c","batch.kubernetes.io/job-name":"myjob","controller-uid":"1a2b3c","job-name":"myjob"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'uid missing',
      (o) => {
        delete at(o, 'metadata')['uid'];
        at(o, 'spec', 'selector', 'matchLabels')['batch.kubernetes.io/controller-uid'] = '';
        for (const k of ['batch.kubernetes.io/controller-uid', 'controller-uid'])
          at(o, 'spec', 'template', 'metadata', 'labels')[k] = '';
      },
      ['metadata.uid: Required value'],
    ],
  ]);
});
