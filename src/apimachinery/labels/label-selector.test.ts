import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  everything,
  formatLabelSelector,
  type LabelSelector,
  LabelSelectorError,
  labelSelectorAsMap,
  labelSelectorAsSelector,
  matchesNothing,
  matchLabelSelector,
  nothing,
  parseSelector,
  parseToLabelSelector,
  selectorToLabelSelector,
  setAsLabelSelector,
} from './index.js';

const matchLabels = { foo: 'bar' };
const matchExpressions = [{ key: 'baz', operator: 'In', values: ['qux', 'norf'] }];

function throwsWith(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof LabelSelectorError && e.message === message, message);
}

describe('labelSelectorAsSelector', () => {
  test('null selects nothing', () => {
    assert.ok(matchesNothing(labelSelectorAsSelector(null)));
    assert.ok(matchesNothing(labelSelectorAsSelector(undefined)));
  });

  test('{} selects everything', () => {
    assert.equal(labelSelectorAsSelector({}), everything());
    assert.equal(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).empty(), true);
    assert.equal(
      labelSelectorAsSelector({ matchLabels: null, matchExpressions: null }).matches({ a: 'b' }),
      true,
    );
  });

  const cases: Array<[string, LabelSelector, string]> = [
    ['match labels', { matchLabels }, 'foo=bar'],
    ['match expressions', { matchExpressions }, 'baz in (norf,qux)'],
    ['both', { matchLabels, matchExpressions }, 'baz in (norf,qux),foo=bar'],
    ['exists without values', { matchExpressions: [{ key: 'a', operator: 'Exists' }] }, 'a'],
    ['exists with empty values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: [] }] }, 'a'],
    ['does not exist', { matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: null }] }, '!a'],
    ['notin', { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }] }, 'a notin (x)'],
  ];
  for (const [name, ls, want] of cases) {
    test(name, () => {
      const before = structuredClone(ls);
      assert.equal(labelSelectorAsSelector(ls).toString(), want);
      assert.equal(labelSelectorAsSelector(ls).toString(), parseSelector(want).toString());
      assert.deepEqual(ls, before, 'the input is not modified');
    });
  }

  const errors: Array<[string, unknown, string]> = [
    [
      'exists with values',
      { matchExpressions: [{ key: 'baz', operator: 'Exists', values: ['qux', 'norf'] }] },
      'values: Invalid value: ["qux","norf"]: values set must be empty for exists and does not exist',
    ],
    [
      'in without values',
      { matchExpressions: [{ key: 'baz', operator: 'In' }] },
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      'notin with empty values',
      { matchExpressions: [{ key: 'baz', operator: 'NotIn', values: [] }] },
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      'unknown operator',
      { matchExpressions: [{ key: 'baz', operator: 'Gt', values: ['1'] }] },
      '"Gt" is not a valid label selector operator',
    ],
    [
      'lower-case operator',
      { matchExpressions: [{ key: 'baz', operator: 'in', values: ['1'] }] },
      '"in" is not a valid label selector operator',
    ],
    [
      'operator quoted as Go does',
      { matchExpressions: [{ key: 'baz', operator: 'a"\n' }] },
      '"a\\"\\n" is not a valid label selector operator',
    ],
    [
      'invalid match label value',
      { matchLabels: { a: '-' } },
      'values[0][a]: Invalid value: "-": a valid label must be an empty string or consist of alphanumeric characters, ' +
        "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or " +
        "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    ['not an object', [], 'invalid label selector: must be an object'],
    [
      'match labels not strings',
      { matchLabels: { a: 1 } },
      'invalid label selector: matchLabels[a] must be a string',
    ],
    [
      'expressions not a list',
      { matchExpressions: {} },
      'invalid label selector: matchExpressions must be a list',
    ],
    [
      'expression key missing',
      { matchExpressions: [{ operator: 'Exists' }] },
      'invalid label selector: matchExpressions[0].key must be a string',
    ],
    [
      'values not strings',
      { matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] },
      'invalid label selector: matchExpressions[0].values must be a list of strings',
    ],
  ];
  for (const [name, ls, message] of errors) {
    test(`rejects: ${name}`, () => throwsWith(() => labelSelectorAsSelector(ls as LabelSelector), message));
  }
});

describe('matchLabelSelector', () => {
  const cases: Array<[string, LabelSelector | null, Record<string, string>, boolean]> = [
    ['null matches nothing', null, { a: 'b' }, false],
    ['{} matches everything', {}, {}, true],
    ['labels match', { matchLabels }, { foo: 'bar', x: 'y' }, true],
    ['labels differ', { matchLabels }, { foo: 'baz' }, false],
    ['expression matches', { matchExpressions }, { baz: 'norf' }, true],
    ['expression fails', { matchExpressions }, { baz: 'nope' }, false],
    ['both must hold', { matchLabels, matchExpressions }, { foo: 'bar' }, false],
  ];
  for (const [name, ls, labels, want] of cases)
    test(name, () => assert.equal(matchLabelSelector(ls, labels), want));
});

describe('parseToLabelSelector', () => {
  test('splits equalities and set operators', () => {
    assert.deepEqual(parseToLabelSelector('a=b,c in (z,y,z),!d,e,f notin (x),g==h'), {
      matchLabels: { a: 'b', g: 'h' },
      matchExpressions: [
        { key: 'c', operator: 'In', values: ['y', 'z'] },
        { key: 'd', operator: 'DoesNotExist', values: [] },
        { key: 'e', operator: 'Exists', values: [] },
        { key: 'f', operator: 'NotIn', values: ['x'] },
      ],
    });
  });

  test('empty string gives both empty parts', () => {
    assert.deepEqual(parseToLabelSelector(''), { matchLabels: {}, matchExpressions: [] });
  });

  test('later equality on the same key wins', () => {
    assert.deepEqual(parseToLabelSelector('a=x,a=y').matchLabels, { a: 'y' });
  });

  const errors: Array<[string, string, string]> = [
    ['gt', 'a>1', `"gt" isn't supported in label selectors`],
    ['lt', 'a<1', `"lt" isn't supported in label selectors`],
    ['not equals', 'a!=1', '"!=" is not a valid label selector operator'],
    [
      'syntax error',
      'a b',
      `couldn't parse the selector string "a b": unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`,
    ],
  ];
  for (const [name, input, message] of errors)
    test(`rejects: ${name}`, () => throwsWith(() => parseToLabelSelector(input), message));

  test('round trips through labelSelectorAsSelector', () => {
    for (const s of ['a=b', 'a in (x,y),b', '!c,d notin (e)', '']) {
      assert.equal(labelSelectorAsSelector(parseToLabelSelector(s)).toString(), parseSelector(s).toString());
    }
  });
});

describe('selectorToLabelSelector', () => {
  test('nothing becomes null and back', () => {
    assert.equal(selectorToLabelSelector(nothing()), null);
    assert.ok(matchesNothing(labelSelectorAsSelector(selectorToLabelSelector(nothing()))));
  });

  test('everything becomes an empty selector', () => {
    assert.deepEqual(selectorToLabelSelector(everything()), { matchLabels: {}, matchExpressions: [] });
  });

  test('keeps meaning', () => {
    const sel = parseSelector('x in (b,a),y=z,!w');
    assert.equal(labelSelectorAsSelector(selectorToLabelSelector(sel)).toString(), sel.toString());
  });

  test('rejects what the structured form cannot hold', () => {
    throwsWith(
      () => selectorToLabelSelector(parseSelector('a>1')),
      `"gt" isn't supported in label selectors`,
    );
  });
});

describe('labelSelectorAsMap', () => {
  const exprs = (operator: string, values: string[]) => [{ key: 'baz', operator, values }];
  const ok: Array<[string, LabelSelector | null, Record<string, string> | null]> = [
    ['null', null, null],
    ['labels', { matchLabels }, { foo: 'bar' }],
    [
      'labels and single in',
      { matchLabels, matchExpressions: exprs('In', ['norf']) },
      { foo: 'bar', baz: 'norf' },
    ],
    ['single in', { matchExpressions: exprs('In', ['norf']) }, { baz: 'norf' }],
  ];
  for (const [name, ls, want] of ok) test(name, () => assert.deepEqual(labelSelectorAsMap(ls), want));

  const errors: Array<[string, LabelSelector, string]> = [
    [
      'in with two values',
      { matchLabels, matchExpressions: exprs('In', ['norf', 'qux']) },
      'operator "In" without a single value cannot be converted into the old label selector format',
    ],
    [
      'notin',
      { matchExpressions: exprs('NotIn', ['norf']) },
      'operator "NotIn" cannot be converted into the old label selector format',
    ],
    [
      'exists',
      { matchExpressions: exprs('Exists', []) },
      'operator "Exists" cannot be converted into the old label selector format',
    ],
    [
      'does not exist',
      { matchExpressions: exprs('DoesNotExist', []) },
      'operator "DoesNotExist" cannot be converted into the old label selector format',
    ],
    ['unknown', { matchExpressions: exprs('Foo', []) }, '"Foo" is not a valid selector operator'],
  ];
  for (const [name, ls, message] of errors)
    test(`rejects: ${name}`, () => throwsWith(() => labelSelectorAsMap(ls), message));
});

describe('formatting helpers', () => {
  test('formatLabelSelector', () => {
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(formatLabelSelector(null), '<none>');
    assert.equal(formatLabelSelector({ matchLabels, matchExpressions }), 'baz in (norf,qux),foo=bar');
    assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] }), '<error>');
  });

  test('setAsLabelSelector copies', () => {
    const set = { a: 'b' };
    const ls = setAsLabelSelector(set);
    assert.deepEqual(ls, { matchLabels: { a: 'b' } });
    set.a = 'c';
    assert.deepEqual(ls, { matchLabels: { a: 'b' } });
    assert.equal(setAsLabelSelector(null), null);
  });
});
