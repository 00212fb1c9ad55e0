import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { runtimeClassValidation } from './runtime-class.js';
import { leaseValidation, priorityClassValidation } from './scheduling.js';
import { type Case, meta, runCases } from './testing.js';

describe('PriorityClass', () => {
  const pc = (name: string, value: number, extra: JsonObject = {}): JsonObject => ({
    metadata: meta(name),
    value,
    ...extra,
  });
  const cases: Case[] = [
    { name: 'valid user class', obj: pc('high', 1000, { preemptionPolicy: 'Never' }), want: [] },
    { name: 'valid highest user value', obj: pc('top', 1_000_000_000), want: [] },
    { name: 'valid system class', obj: pc('system-node-critical', 2_000_001_000), want: [] },
    {
      name: 'user value too high',
      obj: pc('tier', 1_000_000_001),
      want: ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000'],
    },
    {
      name: 'unknown system name',
      obj: pc('system-foo', 10),
      want: [
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class",
      ],
    },
    {
      name: 'system class with wrong value',
      obj: pc('system-cluster-critical', 10),
      want: [
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000",
      ],
    },
    {
      name: 'bad preemption policy',
      obj: pc('p', 1, { preemptionPolicy: 'Always' }),
      want: [
        'preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"',
      ],
    },
    {
      name: 'value immutable',
      obj: pc('p', 2),
      old: pc('p', 1),
      want: ['value: Forbidden: may not be changed in an update.'],
    },
    {
      name: 'preemption policy immutable',
      obj: pc('p', 1, { preemptionPolicy: 'Never' }),
      old: pc('p', 1, { preemptionPolicy: 'PreemptLowerPriority' }),
      want: ['preemptionPolicy: Invalid value: "Never": field is immutable'],
    },
  ];
  runCases(priorityClassValidation, cases, test);
});

describe('Lease', () => {
  const lease = (spec: JsonObject): JsonObject => ({ metadata: meta('l', 'kube-node-lease'), spec });
  const cases: Case[] = [
    {
      name: 'valid',
      obj: lease({ holderIdentity: 'n1', leaseDurationSeconds: 40, leaseTransitions: 0 }),
      want: [],
    },
    {
      name: 'zero duration',
      obj: lease({ leaseDurationSeconds: 0 }),
      want: ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0'],
    },
    {
      name: 'negative transitions',
      obj: lease({ leaseTransitions: -1 }),
      want: ['spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'preferred holder without strategy',
      obj: lease({ preferredHolder: 'x' }),
      want: ['spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined'],
    },
    {
      name: 'unknown strategy (upstream repeats the field name in the path)',
      obj: lease({ strategy: 'Newest' }),
      want: [
        'spec.strategy.strategy: Unsupported value: "Newest": supported values: "OldestEmulationVersion"',
      ],
    },
    {
      name: 'namespace required',
      obj: { metadata: meta('l'), spec: {} },
      want: ['metadata.namespace: Required value'],
    },
  ];
  runCases(leaseValidation, cases, test);
});

describe('RuntimeClass', () => {
  const rc = (extra: JsonObject): JsonObject => ({ metadata: meta('gvisor'), handler: 'runsc', ...extra });
  const cases: Case[] = [
    {
      name: 'valid',
      obj: rc({
        overhead: { podFixed: { cpu: '100m', memory: '10Mi' } },
        scheduling: {
          nodeSelector: { sandbox: 'true' },
          tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
        },
      }),
      want: [],
    },
    {
      name: 'handler must be a DNS label',
      obj: rc({ handler: 'run.sc' }),
      want: ['handler: Invalid value: "run.sc": must not contain dots'],
    },
    {
      name: 'negative overhead',
      obj: rc({ overhead: { podFixed: { cpu: '-1' } } }),
      want: ['overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0'],
    },
    // Struct-valued errors print with sorted keys: the shared Go-JSON printer sorts them, where
    // upstream keeps the struct's field order (Key, Operator, Value, Effect, TolerationSeconds).
    {
      name: 'toleration rules',
      obj: rc({
        scheduling: {
          tolerations: [
            { operator: 'Equal', value: 'v' },
            { key: 'k', operator: 'Exists', value: 'v' },
          ],
        },
      }),
      want: [
        'scheduling.tolerations.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
        'scheduling.tolerations.tolerations[1].operator: Invalid value: {"Effect":"","Key":"k","Operator":"Exists","TolerationSeconds":null,"Value":"v"}: value must be empty when `operator` is \'Exists\'',
      ],
    },
    {
      name: 'duplicate tolerations',
      obj: rc({
        scheduling: {
          tolerations: [
            { key: 'k', operator: 'Exists' },
            { key: 'k', operator: 'Exists' },
          ],
        },
      }),
      want: [
        'scheduling.tolerations[1]: Duplicate value: {"Effect":"","Key":"k","Operator":"Exists","TolerationSeconds":null,"Value":""}',
      ],
    },
    {
      name: 'handler immutable',
      obj: rc({ handler: 'kata' }),
      old: rc({}),
      want: ['handler: Invalid value: "kata": field is immutable'],
    },
  ];
  runCases(runtimeClassValidation, cases, test);
});

describe('RuntimeClass warnings', () => {
  test('deprecated node selector label', () => {
    const obj = {
      metadata: meta('r'),
      handler: 'h',
      scheduling: { nodeSelector: { 'beta.kubernetes.io/os': 'linux' } },
    };
    assert.deepEqual(runtimeClassValidation.warnings?.(obj), [
      'scheduling.nodeSelector: deprecated since v1.14; use "kubernetes.io/os" instead',
    ]);
  });
});
