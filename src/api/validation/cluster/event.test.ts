import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { eventValidation } from './event.js';
import { type Case, meta, runCases } from './testing.js';

const now = '2024-01-02T03:04:05.000000Z';
const event = (extra: JsonObject): JsonObject => ({
  metadata: meta('e1', 'default'),
  eventTime: now,
  reportingController: 'example.com/controller',
  reportingInstance: 'controller-1',
  action: 'Create',
  reason: 'Created',
  type: 'Normal',
  regarding: { kind: 'Pod', namespace: 'default', name: 'p' },
  note: 'hello',
  ...extra,
});

describe('events.k8s.io Event', () => {
  const cases: Case[] = [
    { name: 'valid', obj: event({}), want: [] },
    { name: 'valid series', obj: event({ series: { count: 2, lastObservedTime: now } }), want: [] },
    {
      name: 'missing eventTime falls back to legacy rules and is then required',
      obj: event({ eventTime: null }),
      want: ['eventTime: Required value'],
    },
    {
      name: 'missing reporting fields',
      obj: event({ reportingController: '', reportingInstance: '', action: '', reason: '' }),
      want: [
        'reportingController: Required value',
        `reportingController: Invalid value: "": name part must be non-empty`,
        `reportingController: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
        'reportingInstance: Required value',
        'action: Required value',
        'reason: Required value',
      ],
    },
    {
      name: 'note too long (path is the internal message field)',
      obj: event({ note: 'x'.repeat(1025) }),
      want: ['message: Invalid value: "": can have at most 1024 characters'],
    },
    {
      name: 'bad type',
      obj: event({ type: 'Info' }),
      want: ['type: Invalid value: "": has invalid value: Info'],
    },
    {
      name: 'series count too small',
      obj: event({ series: { count: 1, lastObservedTime: now } }),
      want: ['series.count: Invalid value: "": should be at least 2'],
    },
    {
      name: 'deprecated fields must be unset',
      obj: event({ deprecatedCount: 3, deprecatedSource: { component: 'x' } }),
      want: [
        'deprecatedCount: Invalid value: "": needs to be unset',
        'deprecatedSource: Invalid value: "": needs to be unset',
      ],
    },
    {
      name: 'namespace mismatch',
      obj: event({ regarding: { kind: 'Node', name: 'n' }, metadata: meta('e1', 'team') }),
      want: ['involvedObject.namespace: Invalid value: "": does not match event.namespace'],
    },
    {
      name: 'update may not change the note',
      obj: event({ note: 'changed' }),
      old: event({}),
      want: ['message: Invalid value: "changed": field is immutable'],
    },
  ];
  runCases(eventValidation, cases, test);
});
