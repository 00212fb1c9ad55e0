import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { errorString, path } from '../field/index.js';
import { validateLabelSelector } from './index.js';

const f = path('spec', 'selector');
const run = (sel: unknown, allow = false) =>
  validateLabelSelector(sel, f, { allowInvalidLabelValueInSelector: allow }).map(errorString);

const cases: Array<[string, unknown, string[]]> = [
  ['unset is valid', undefined, []],
  ['empty is valid', {}, []],
  [
    'labels and expressions',
    { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
    [],
  ],
  [
    'In without values',
    { matchExpressions: [{ key: 'k', operator: 'In' }] },
    [
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ],
  ],
  [
    'Exists with values',
    { matchExpressions: [{ key: 'k', operator: 'Exists', values: ['x'] }] },
    [
      "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ],
  ],
  [
    'unknown operator',
    { matchExpressions: [{ key: 'k', operator: 'Gt', values: ['1'] }] },
    ['spec.selector.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator'],
  ],
  ['wrong type', 'app=web', ['spec.selector: Invalid value: "string": must be of type object']],
];
for (const [name, sel, want] of cases) test(name, () => assert.deepEqual(run(sel), want));

test('invalid values are accepted only when asked', () => {
  const sel = { matchExpressions: [{ key: 'k', operator: 'In', values: ['a b'] }] };
  assert.equal(run(sel).length, 1);
  assert.deepEqual(run(sel, true), []);
});

test('fuzz: never throws', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      run(v);
      run({ matchExpressions: [v] });
    }),
    { seed: 11, numRuns: 2000 },
  );
});
