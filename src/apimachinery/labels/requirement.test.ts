import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LabelSelectorError, type Labels, newRequirement, parseSelector, Requirement } from './index.js';

function errorOf(fn: () => unknown): LabelSelectorError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LabelSelectorError) return e;
    throw e;
  }
  assert.fail('expected a LabelSelectorError');
}

describe('newRequirement validation', () => {
  // [name, key, op, values, expected [field, message-prefix] list; empty = valid]
  const cases: Array<[string, string, string, string[] | null, Array<[string, string]>]> = [
    [
      'in without values',
      'x1',
      'in',
      null,
      [['values', "values: Invalid value: null: for 'in', 'notin' operators"]],
    ],
    [
      'notin with empty list',
      'x2',
      'notin',
      [],
      [['values', "values: Invalid value: []: for 'in', 'notin' operators"]],
    ],
    ['in with a value', 'x3', 'in', ['foo'], []],
    ['notin with a value', 'x4', 'notin', ['foo'], []],
    [
      'equals with two values',
      'x5',
      '=',
      ['bar', 'foo'],
      [
        [
          'values',
          'values: Invalid value: ["bar","foo"]: exact-match compatibility requires one single value',
        ],
      ],
    ],
    ['exists', 'x6', 'exists', [], []],
    ['does not exist', 'x7', '!', [], []],
    [
      'exists with a value',
      'x8',
      'exists',
      ['foo'],
      [['values', 'values: Invalid value: ["foo"]: values set must be empty for exists and does not exist']],
    ],
    ['gt with an integer', 'x11', 'gt', ['1'], []],
    ['lt with an integer', 'x12', 'lt', ['6'], []],
    [
      'gt without values',
      'x13',
      'gt',
      [],
      [['values', "values: Invalid value: []: for 'Gt', 'Lt' operators, exactly one value is required"]],
    ],
    [
      'gt with text',
      'x14',
      'gt',
      ['bar'],
      [
        [
          'values[0]',
          `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`,
        ],
      ],
    ],
    [
      'lt with text',
      'x15',
      'lt',
      ['bar'],
      [
        [
          'values[0]',
          `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`,
        ],
      ],
    ],
    ['key longer than a DNS name', 'a'.repeat(254), 'exists', [], [['key', 'key: Invalid value: "aaaa']]],
    [
      'value longer than 63',
      'x16',
      '=',
      ['a'.repeat(254)],
      [['values[0][x16]', 'values[0][x16]: Invalid value: "aaaa']],
    ],
    [
      'value with a blank',
      'x17',
      '=',
      ['a b'],
      [['values[0][x17]', 'values[0][x17]: Invalid value: "a b": a valid label']],
    ],
    [
      'unsupported operator',
      'x18',
      'unsupportedOp',
      [],
      [
        [
          'operator',
          'operator: Unsupported value: "unsupportedOp": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
        ],
      ],
    ],
    [
      'two problems at once',
      '-k',
      'exists',
      ['v'],
      [
        ['key', 'key: Invalid value: "-k": name part must consist'],
        ['values', 'values: Invalid value: ["v"]: values set must be empty'],
      ],
    ],
    ['empty value is valid', 'x19', '=', [''], []],
    [
      'html characters render as upstream JSON',
      'x20',
      'exists',
      ['<&>'],
      [
        ['values', 'values: Invalid value: ["\\u003c\\u0026\\u003e"]: values set must be empty'],
        ['values[0][x20]', 'values[0][x20]: Invalid value: "<&>": a valid label'],
      ],
    ],
  ];
  for (const [name, key, op, values, want] of cases) {
    test(name, () => {
      if (want.length === 0) {
        const r = newRequirement(key, op, values);
        assert.equal(r.key, key);
        assert.equal(r.operator, op);
        return;
      }
      const e = errorOf(() => newRequirement(key, op, values));
      assert.deepEqual(
        e.fieldErrors.map((f) => f.field),
        want.map(([f]) => f),
      );
      const messages = want.length === 1 ? [e.message] : e.message.slice(1, -1).split(/, (?=key:|values)/);
      for (const [i, [, prefix]] of want.entries()) {
        assert.ok(messages[i]?.startsWith(prefix), `${messages[i]} ~ ${prefix}`);
      }
    });
  }

  test('several errors aggregate in brackets', () => {
    const e = errorOf(() => newRequirement('-k', 'exists', ['v']));
    assert.match(e.message, /^\[key: .*, values: .*\]$/);
  });
});

describe('Requirement matching', () => {
  const r = (key: string, op: Requirement['operator'], ...values: string[]) =>
    new Requirement(key, op, values);
  const cases: Array<[string, Requirement[], Labels, boolean]> = [
    ['in and notin both hold', [r('x', 'in', 'foo'), r('y', 'notin', 'alpha')], { x: 'foo', y: 'baz' }, true],
    ['second in fails', [r('x', 'in', 'foo'), r('y', 'in', 'alpha')], { x: 'foo', y: 'baz' }, false],
    ['notin holds for a missing key', [r('x', 'notin', ''), r('y', 'exists')], { y: '' }, true],
    ['does not exist and exists', [r('x', '!'), r('y', 'exists')], { y: '' }, true],
    ['does not exist fails on a present key', [r('x', 'notin', ''), r('y', '!')], { y: '' }, false],
    ['in the empty value needs the key', [r('x', 'in', '')], { y: 'baz' }, false],
    ['in the empty value matches an empty label', [r('x', 'in', '')], { x: '' }, true],
    ['gt on an integer label', [r('z', 'gt', '1')], { z: '2' }, true],
    ['gt on a non-integer label', [r('z', 'gt', '1')], { z: 'v2' }, false],
    ['gt is strict', [r('z', 'gt', '2')], { z: '2' }, false],
    ['lt with negatives', [r('z', 'lt', '0')], { z: '-5' }, true],
    ['gt needs the key', [r('z', 'gt', '1')], {}, false],
    ['gt beyond float precision', [r('z', 'gt', '9007199254740992')], { z: '9007199254740993' }, true],
    ['gt on a label beyond int64', [r('z', 'lt', '1')], { z: '-9223372036854775809' }, false],
    ['gt with two values never matches', [r('z', 'gt', '1', '2')], { z: '5' }, false],
    ['not equals on a missing key', [r('x', '!=', 'a')], {}, true],
    ['equals', [r('x', '=', 'a')], { x: 'a' }, true],
    ['double equals', [r('x', '==', 'a')], { x: 'b' }, false],
    ['inherited names are not labels', [r('toString', 'exists')], {}, false],
    ['constructor is not a label', [r('constructor', '=', '')], {}, false],
  ];
  for (const [name, reqs, labels, want] of cases) {
    test(name, () =>
      assert.equal(
        reqs.every((x) => x.matches(labels)),
        want,
      ),
    );
  }
});

describe('parsed selectors match as upstream', () => {
  const set = { foo: 'bar', baz: 'blah' };
  const cases: Array<[string, string, Labels, boolean]> = [
    ['empty matches all', '', { x: 'y' }, true],
    ['equality', 'x=y', { x: 'y' }, true],
    ['two equalities', 'x=y,z=w', { x: 'y', z: 'w' }, true],
    ['two inequalities', 'x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['keywords as key and value', 'notin=in', { notin: 'in' }, true],
    ['exists', 'x', { x: 'z' }, true],
    ['does not exist', '!x', { y: 'z' }, true],
    ['greater than', 'x>1', { x: '2' }, true],
    ['less than', 'x<1', { x: '0' }, true],
    ['equality on empty set', 'x=z', {}, false],
    ['different value', 'x=y', { x: 'z' }, false],
    ['one of two fails', 'x=y,z=w', { x: 'w', z: 'w' }, false],
    ['one inequality fails', 'x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['exists on other key', 'x', { y: 'z' }, false],
    ['does not exist on present key', '!x', { x: 'z' }, false],
    ['greater than fails', 'x>1', { x: '0' }, false],
    ['less than fails', 'x<1', { x: '2' }, false],
    ['foo=bar', 'foo=bar', set, true],
    ['baz=blah', 'baz=blah', set, true],
    ['both', 'foo=bar,baz=blah', set, true],
    ['wrong value', 'foo=blah', set, false],
    ['swapped value', 'baz=bar', set, false],
    ['extra key', 'foo=bar,foobar=bar,baz=blah', set, false],
    ['empty value matches empty label', 'x=', { x: '' }, true],
    ['empty value needs the key', 'x=', {}, false],
    ['contradiction', 'a,!a', { a: '' }, false],
  ];
  for (const [name, selector, labels, want] of cases) {
    test(name, () => assert.equal(parseSelector(selector).matches(labels), want));
  }
});

describe('Requirement text and equality', () => {
  const cases: Array<[string, Requirement, string]> = [
    ['in sorts values', new Requirement('x', 'in', ['def', 'abc']), 'x in (abc,def)'],
    ['notin', new Requirement('y', 'notin', ['jkl']), 'y notin (jkl)'],
    ['exists', new Requirement('z', 'exists', []), 'z'],
    ['does not exist', new Requirement('z', '!', []), '!z'],
    ['not equals', new Requirement('y', '!=', ['jkl']), 'y!=jkl'],
    ['double equals', new Requirement('y', '==', ['jkl']), 'y==jkl'],
    ['notin the empty value', new Requirement('z', 'notin', ['']), 'z notin ()'],
    ['gt', new Requirement('x', 'gt', ['2']), 'x>2'],
    ['lt', new Requirement('y', 'lt', ['8']), 'y<8'],
    ['duplicates are printed', new Requirement('x', 'in', ['b', 'a', 'b']), 'x in (a,b,b)'],
  ];
  for (const [name, req, want] of cases) test(name, () => assert.equal(req.toString(), want));

  test('toString does not reorder the values it holds', () => {
    const r = new Requirement('x', 'in', ['b', 'a']);
    r.toString();
    assert.deepEqual(r.values, ['b', 'a']);
  });

  test('equality compares key, operator and ordered values', () => {
    const a = new Requirement('key', '=', ['foo', 'bar']);
    assert.equal(a.equals(new Requirement('key', '=', ['foo', 'bar'])), true);
    assert.equal(a.equals(new Requirement('key2', '=', ['foo', 'bar'])), false);
    assert.equal(a.equals(new Requirement('key', 'in', ['foo', 'bar'])), false);
    assert.equal(a.equals(new Requirement('key', '=', ['foobar'])), false);
  });
});
