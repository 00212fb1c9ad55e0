import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  conflicts,
  convertSelectorToLabelsMap,
  formatLabels,
  LabelSelectorError,
  labelsEqual,
  labelsToString,
  merge,
  parseSelector,
} from './index.js';

describe('label set helpers', () => {
  test('labelsToString sorts and parses back', () => {
    const s = labelsToString({ x: 'y', foo: 'bar', baz: 'blam' });
    assert.equal(s, 'baz=blam,foo=bar,x=y');
    assert.equal(parseSelector(s).matches({ x: 'y', foo: 'bar', baz: 'blam' }), true);
    assert.equal(labelsToString({}), '');
  });

  test('formatLabels', () => {
    assert.equal(formatLabels({}), '<none>');
    assert.equal(formatLabels(null), '<none>');
    assert.equal(formatLabels({ a: 'b' }), 'a=b');
  });

  const conflictCases: Array<[string, Record<string, string>, Record<string, string>, boolean]> = [
    ['both empty', {}, {}, false],
    ['one empty', {}, { env: 'test' }, false],
    ['different keys', { infra: 'true' }, { env: 'test' }, false],
    ['same pair', { env: 'test' }, { env: 'test' }, false],
    ['same key, other value', { env: 'test' }, { env: 'dev' }, true],
    ['one shared key differs', { env: 'test', infra: 'false' }, { infra: 'true', color: 'blue' }, true],
  ];
  for (const [name, a, b, want] of conflictCases) {
    test(`conflicts: ${name}`, () => {
      assert.equal(conflicts(a, b), want);
      assert.equal(conflicts(b, a), want);
    });
  }

  test('merge lets the second win and copies', () => {
    const a = { env: 'test', x: '1' };
    const b = { env: 'dev' };
    assert.deepEqual(merge(a, b), { env: 'dev', x: '1' });
    assert.deepEqual(a, { env: 'test', x: '1' });
  });

  const equalCases: Array<[string, Record<string, string>, Record<string, string>, boolean]> = [
    ['both empty', {}, {}, true],
    ['same', { a: 'b' }, { a: 'b' }, true],
    ['different value', { a: 'b' }, { a: 'c' }, false],
    ['different key', { a: 'b' }, { c: 'b' }, false],
    ['subset', { a: 'b' }, { a: 'b', c: 'd' }, false],
  ];
  for (const [name, a, b, want] of equalCases)
    test(`labelsEqual: ${name}`, () => assert.equal(labelsEqual(a, b), want));
});

describe('convertSelectorToLabelsMap', () => {
  const ok: Array<[string, string, Record<string, string>]> = [
    ['empty', '', {}],
    ['one pair', 'a=b', { a: 'b' }],
    ['blanks trimmed', ' a = b ,c=d', { a: 'b', c: 'd' }],
    ['empty value', 'a=', { a: '' }],
  ];
  for (const [name, input, want] of ok)
    test(name, () => assert.deepEqual(convertSelectorToLabelsMap(input), want));

  const errors: Array<[string, string, string]> = [
    ['two equals', 'a=b=c', 'invalid selector: [a b c]'],
    ['no equals', 'a', 'invalid selector: [a]'],
    ['trailing comma', 'a=b,', 'invalid selector: []'],
    ['bad key', '-a=b', '<nil>: Invalid value: "-a": name part must consist'],
    ['bad value', 'a=-b', '[a]: Invalid value: "-b": a valid label must be an empty string'],
  ];
  for (const [name, input, prefix] of errors) {
    test(`rejects: ${name}`, () => {
      assert.throws(
        () => convertSelectorToLabelsMap(input),
        (e: unknown) => e instanceof LabelSelectorError && e.message.startsWith(prefix),
      );
    });
  }
});
