import { describe } from 'node:test';
import type { JsonObject } from '../types.js';
import { cronJobValidation } from './cronjob.js';
import { at, podTemplate, stored, table } from './test-support.js';

const cronJob: JsonObject = {
  metadata: { name: 'mycronjob', namespace: 'default' },
  spec: {
    schedule: '* * * * ?',
    concurrencyPolicy: 'Allow',
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    jobTemplate: {
      spec: { backoffLimit: 6, completionMode: 'NonIndexed', template: podTemplate({}, 'OnFailure') },
    },
  },
};

const spec = (o: JsonObject) => at(o, 'spec');
const jobSpec = (o: JsonObject) => at(o, 'spec', 'jobTemplate', 'spec');

describe('CronJob create', () => {
  table(cronJobValidation.validate, cronJob, [
    ['valid', () => {}, []],
    ['valid time zone', (o) => (spec(o)['timeZone'] = 'America/New_York'), []],
    ['valid descriptor', (o) => (spec(o)['schedule'] = '@daily'), []],
    ['valid 52-character name', (o) => (at(o, 'metadata')['name'] = 'a'.repeat(52)), []],
    ['schedule missing', (o) => delete spec(o)['schedule'], ['spec.schedule: Required value']],
    [
      'schedule unparsable',
      (o) => (spec(o)['schedule'] = 'error'),
      ['spec.schedule: Invalid value: "error": expected exactly 5 fields, found 1: [error]'],
    ],
    [
      'TZ in schedule',
      (o) => (spec(o)['schedule'] = 'TZ=UTC 0 * * * *'),
      [
        'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ],
    ],
    [
      'CRON_TZ with a bad zone',
      (o) => (spec(o)['schedule'] = 'CRON_TZ=Foo/Bar 0 * * * *'),
      [
        'spec.schedule: Invalid value: "CRON_TZ=Foo/Bar 0 * * * *": provided bad location Foo/Bar: unknown time zone Foo/Bar',
        'spec.schedule: Invalid value: "CRON_TZ=Foo/Bar 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ],
    ],
    [
      'empty time zone',
      (o) => (spec(o)['timeZone'] = ''),
      ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string'],
    ],
    [
      'unknown time zone',
      (o) => (spec(o)['timeZone'] = 'America/New_Yorks'),
      ['spec.timeZone: Invalid value: "America/New_Yorks": unknown time zone America/New_Yorks'],
    ],
    [
      'time zone part too long',
      (o) => (spec(o)['timeZone'] = 'Continent/Zonenamelongerthan14'),
      [
        'spec.timeZone: Invalid value: "Continent/Zonenamelongerthan14": unknown time zone Continent/Zonenamelongerthan14',
      ],
    ],
    [
      'time zone with spaces',
      (o) => (spec(o)['timeZone'] = ' Continent/Zone '),
      ['spec.timeZone: Invalid value: " Continent/Zone ": unknown time zone  Continent/Zone '],
    ],
    [
      'Local time zone',
      (o) => (spec(o)['timeZone'] = 'Local'),
      [
        'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ],
    ],
    [
      'local in lower case',
      (o) => (spec(o)['timeZone'] = 'local'),
      [
        'spec.timeZone: Invalid value: "local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
        'spec.timeZone: Invalid value: "local": unknown time zone local',
      ],
    ],
    [
      'negative startingDeadlineSeconds',
      (o) => (spec(o)['startingDeadlineSeconds'] = -1),
      ['spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'concurrencyPolicy empty',
      (o) => (spec(o)['concurrencyPolicy'] = ''),
      ['spec.concurrencyPolicy: Required value'],
    ],
    [
      'concurrencyPolicy unknown',
      (o) => (spec(o)['concurrencyPolicy'] = 'Sometimes'),
      [
        'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      ],
    ],
    [
      'negative history limits',
      (o) => {
        spec(o)['successfulJobsHistoryLimit'] = -1;
        spec(o)['failedJobsHistoryLimit'] = -1;
      },
      [
        'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
        'spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
      ],
    ],
    [
      'name of 53 characters',
      (o) => (at(o, 'metadata')['name'] = 'a'.repeat(53)),
      [`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`],
    ],
    [
      'job template with a selector',
      (o) => (jobSpec(o)['selector'] = { matchLabels: { a: 'b' } }),
      [
        'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
      ],
    ],
    [
      'job template with manualSelector',
      (o) => (jobSpec(o)['manualSelector'] = true),
      ['spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"'],
    ],
    [
      'job template restartPolicy Always',
      (o) => (at(o, 'spec', 'jobTemplate', 'spec', 'template', 'spec')['restartPolicy'] = 'Always'),
      [
        'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      ],
    ],
    [
      'job template negative parallelism',
      (o) => (jobSpec(o)['parallelism'] = -1),
      ['spec.jobTemplate.spec.parallelism: Invalid value: -1: must be greater than or equal to 0'],
    ],
  ]);
});

describe('CronJob update', () => {
  const old = stored(cronJob);
  at(old, 'metadata')['name'] = 'a'.repeat(60);
  table((o) => cronJobValidation.validateUpdate(o, old), old, [
    ['long names stay updatable', (o) => (spec(o)['suspend'] = true), []],
    [
      'TZ still rejected when the old schedule had none',
      (o) => (spec(o)['schedule'] = 'TZ=UTC 0 * * * *'),
      [
        'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ],
    ],
  ]);
  const withTZ = stored(cronJob);
  spec(withTZ)['schedule'] = 'TZ=UTC 0 * * * *';
  table((o) => cronJobValidation.validateUpdate(o, withTZ), withTZ, [
    ['TZ kept where it already was', (o) => (spec(o)['suspend'] = true), []],
    [
      'TZ and timeZone together',
      (o) => (spec(o)['timeZone'] = 'UTC'),
      [
        'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
      ],
    ],
  ]);
});
