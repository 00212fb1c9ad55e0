import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { errorString } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';
import { workloadValidations } from './index.js';
import { podTemplate } from './test-support.js';

// Random JSON, and random JSON grafted into plausible objects, must only ever yield field errors.
const anyJson = fc.jsonValue({ maxDepth: 4 });
const fields = [
  'spec',
  'selector',
  'template',
  'metadata',
  'labels',
  'strategy',
  'updateStrategy',
  'rollingUpdate',
  'maxSurge',
  'maxUnavailable',
  'minAvailable',
  'replicas',
  'podFailurePolicy',
  'rules',
  'onExitCodes',
  'values',
  'successPolicy',
  'succeededIndexes',
  'completions',
  'completionMode',
  'schedule',
  'timeZone',
  'jobTemplate',
  'metrics',
  'behavior',
  'scaleUp',
  'policies',
  'status',
  'conditions',
  'matchExpressions',
];

function graft(base: JsonObject, keys: string[], value: unknown): JsonObject {
  const out = structuredClone(base);
  let cur: Record<string, unknown> = out;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1] ?? 'spec'] = value;
  return out;
}

const seedObject: JsonObject = {
  metadata: { name: 'x', namespace: 'default', resourceVersion: '1' },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    template: podTemplate({ a: 'b' }),
    jobTemplate: { spec: { template: podTemplate({}, 'Never') } },
    schedule: '* * * * *',
    concurrencyPolicy: 'Allow',
    scaleTargetRef: { kind: 'Deployment', name: 'x' },
    maxReplicas: 1,
  },
  data: {},
};

const inputs = fc.oneof(
  fc.dictionary(fc.constantFrom(...fields, 'kind', 'apiVersion'), anyJson, { maxKeys: 4 }),
  fc
    .tuple(fc.array(fc.constantFrom(...fields), { minLength: 1, maxLength: 4 }), anyJson)
    .map(([keys, v]) => graft(seedObject, keys, v)),
);

test('every validator returns field errors (and warnings) for any JSON and never throws', () => {
  const kinds = Object.entries(workloadValidations);
  fc.assert(
    fc.property(inputs, inputs, (obj, old) => {
      for (const [, v] of kinds) {
        const results = [
          v.validate(obj),
          v.validateUpdate(obj, old),
          v.validateStatusUpdate?.(obj, old) ?? [],
          v.validateUpdate(obj, obj),
        ];
        for (const errs of results) {
          assert.ok(Array.isArray(errs));
          for (const e of errs) assert.equal(typeof errorString(e), 'string');
        }
        for (const w of [...(v.warnings?.(obj) ?? []), ...(v.warnings?.(obj, old) ?? [])]) {
          assert.equal(typeof w, 'string');
        }
      }
    }),
    { seed: 4242, numRuns: 2000 },
  );
});
