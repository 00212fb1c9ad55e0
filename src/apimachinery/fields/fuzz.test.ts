import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  escapeValue,
  type FieldSelector,
  FieldSelectorError,
  fieldSelectorForRequest,
  fieldsOf,
  parseFieldSelector,
  unescapeValue,
} from './index.js';

const chars = ['a', 'b', '.', '=', '!', ',', '\\', ' ', '수', 'x'];
const selectorish = fc.oneof(
  fc.string({ unit: fc.constantFrom(...chars), maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const fieldSets = fc.dictionary(
  fc.constantFrom('a', 'b', 'a.b', 'x', ''),
  fc.constantFrom('', 'a', '=', ',', '\\'),
  {
    maxKeys: 4,
  },
);

function tryParse(s: string): FieldSelector | FieldSelectorError {
  try {
    return parseFieldSelector(s);
  } catch (e) {
    if (e instanceof FieldSelectorError && e.message !== '') return e;
    throw e;
  }
}

test('parseFieldSelector returns a selector or throws FieldSelectorError', () => {
  fc.assert(
    fc.property(selectorish, fieldSets, (s, fields) => {
      const r = tryParse(s);
      if (r instanceof FieldSelectorError) return;
      assert.equal(typeof r.matches(fields), 'boolean');
    }),
    { seed: 2024, numRuns: 3000 },
  );
});

test('printed selectors parse back to the same text and meaning', () => {
  fc.assert(
    fc.property(selectorish, fieldSets, (s, fields) => {
      const r = tryParse(s);
      if (r instanceof FieldSelectorError) return;
      const again = parseFieldSelector(r.toString());
      assert.equal(again.toString(), r.toString());
      assert.equal(again.matches(fields), r.matches(fields));
    }),
    { seed: 8, numRuns: 3000 },
  );
});

test('escapeValue and unescapeValue are inverse; unescape never crashes', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      assert.equal(unescapeValue(escapeValue(s)), s);
      try {
        unescapeValue(s);
      } catch (e) {
        assert.ok(e instanceof FieldSelectorError, String(e));
      }
    }),
    { seed: 13, numRuns: 2000 },
  );
});

test('request conversion never crashes and matches against computed fields', () => {
  const resources = fc.constantFrom(
    { group: '', resource: 'pods' },
    { group: '', resource: 'nodes' },
    { group: '', resource: 'events' },
    { group: 'events.k8s.io', resource: 'events' },
    { group: 'batch', resource: 'jobs' },
    { group: 'apps', resource: 'deployments' },
  );
  const labels = fc.constantFrom(
    'metadata.name',
    'spec.nodeName',
    'spec.host',
    'regarding.name',
    'reason',
    'x',
    'status.successful',
  );
  const terms = fc.array(fc.tuple(labels, fc.constantFrom('=', '==', '!='), fc.constantFrom('', 'a', 'n1')), {
    maxLength: 3,
  });
  fc.assert(
    fc.property(
      resources,
      fc.oneof(
        terms.map((t) => t.map(([l, o, v]) => l + o + v).join(',')),
        selectorish,
      ),
      fc.jsonValue(),
      (gr, text, obj) => {
        const r = fieldSelectorForRequest(gr, text);
        if (!r.ok) {
          assert.equal(r.error.code, 400);
          assert.notEqual(r.error.message, '');
          return;
        }
        assert.equal(typeof r.selector.matches(fieldsOf(gr, obj)), 'boolean');
      },
    ),
    { seed: 77, numRuns: 2000 },
  );
});
