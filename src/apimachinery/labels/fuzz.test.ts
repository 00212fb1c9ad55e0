import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  LabelSelectorError,
  type LabelSelector,
  labelSelectorAsSelector,
  parseSelector,
  parseToLabelSelector,
  type Selector,
  selectorFromSet,
} from './index.js';

// Characters that steer the parser into every branch, plus a few that must be rejected.
const selectorChars = [
  'a',
  'b',
  'x',
  '1',
  '-',
  '.',
  '/',
  '_',
  '=',
  '!',
  '(',
  ')',
  ',',
  '<',
  '>',
  ' ',
  '\t',
  '\u0000',
  'é',
];
const words = [
  'in',
  'notin',
  'a',
  'b',
  'x',
  '1',
  '',
  '=',
  '==',
  '!=',
  '!',
  '(',
  ')',
  ',',
  ' ',
  '<',
  '>',
  'k/x',
  'é',
];

const selectorish = fc.oneof(
  fc.string({ unit: fc.constantFrom(...selectorChars), maxLength: 40 }),
  fc.array(fc.constantFrom(...words), { maxLength: 16 }).map((w) => w.join('')),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const labelSets = fc.dictionary(
  fc.constantFrom('a', 'b', 'x', 'k/x', 'in', 'toString'),
  fc.constantFrom('', 'a', 'b', '1', '-3', '99999999999999999999', 'x'),
  { maxKeys: 4 },
);

function tryParse(s: string): Selector | LabelSelectorError {
  try {
    return parseSelector(s);
  } catch (e) {
    if (e instanceof LabelSelectorError && e.message !== '') return e;
    throw e;
  }
}

test('parseSelector returns a selector or throws LabelSelectorError, never anything else', () => {
  fc.assert(
    fc.property(selectorish, labelSets, (s, labels) => {
      const r = tryParse(s);
      if (r instanceof LabelSelectorError) return;
      assert.equal(typeof r.matches(labels), 'boolean');
    }),
    { seed: 4242, numRuns: 3000 },
  );
});

test('canonical text parses back to itself and selects the same label sets', () => {
  fc.assert(
    fc.property(selectorish, labelSets, (s, labels) => {
      const r = tryParse(s);
      if (r instanceof LabelSelectorError) return;
      const again = parseSelector(r.toString());
      assert.equal(again.toString(), r.toString());
      assert.equal(again.matches(labels), r.matches(labels));
    }),
    { seed: 777, numRuns: 3000 },
  );
});

test('parseToLabelSelector never crashes and its result converts back', () => {
  fc.assert(
    fc.property(selectorish, (s) => {
      let ls: LabelSelector;
      try {
        ls = parseToLabelSelector(s);
      } catch (e) {
        assert.ok(e instanceof LabelSelectorError, String(e));
        return;
      }
      labelSelectorAsSelector(ls);
    }),
    { seed: 99, numRuns: 2000 },
  );
});

test('labelSelectorAsSelector on arbitrary JSON returns or throws LabelSelectorError', () => {
  const expression = fc.record(
    {
      key: fc.oneof(fc.constantFrom('a', 'b/c', '-', ''), fc.jsonValue()),
      operator: fc.oneof(fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', ''), fc.jsonValue()),
      values: fc.oneof(fc.array(fc.constantFrom('a', '', '-', '1')), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );
  const selector = fc.oneof(
    fc.record(
      {
        matchLabels: fc.oneof(
          fc.dictionary(fc.constantFrom('a', 'b', '-'), fc.constantFrom('x', '', '-')),
          fc.jsonValue(),
        ),
        matchExpressions: fc.oneof(fc.array(expression, { maxLength: 3 }), fc.jsonValue()),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue(),
  );
  fc.assert(
    fc.property(selector, labelSets, (ls, labels) => {
      try {
        const sel = labelSelectorAsSelector(ls as LabelSelector);
        assert.equal(typeof sel.matches(labels), 'boolean');
      } catch (e) {
        assert.ok(e instanceof LabelSelectorError && e.message !== '', String(e));
      }
    }),
    { seed: 31337, numRuns: 3000 },
  );
});

test('a selector from a set matches that set and any superset', () => {
  fc.assert(
    fc.property(labelSets, labelSets, (set, extra) => {
      const sel = selectorFromSet(set);
      assert.equal(sel.matches(set), true);
      assert.equal(sel.matches({ ...extra, ...set }), true);
    }),
    { seed: 5, numRuns: 2000 },
  );
});
