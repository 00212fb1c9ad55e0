import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  aggregateMessage,
  duplicate,
  errorBody,
  errorString,
  forbidden,
  goQuote,
  internalError,
  invalid,
  notFound,
  notSupported,
  path,
  required,
  tooLong,
  tooFew,
  tooLongCharacters,
  tooMany,
  tooShort,
  typeInvalid,
} from './index.js';

describe('FieldPath', () => {
  const cases: Array<[string, string, string]> = [
    ['single root', path('spec').toString(), 'spec'],
    ['root with more segments', path('spec', 'template', 'spec').toString(), 'spec.template.spec'],
    [
      'child and index',
      path('spec').child('containers').index(0).child('image').toString(),
      'spec.containers[0].image',
    ],
    [
      'map key with dots and slash',
      path('metadata', 'labels').key('app.kubernetes.io/name').toString(),
      'metadata.labels[app.kubernetes.io/name]',
    ],
    ['index after index', path('a').index(1).index(2).toString(), 'a[1][2]'],
    ['empty root then index', path('').index(3).toString(), '[3]'],
  ];
  for (const [name, got, want] of cases) test(name, () => assert.equal(got, want));

  test('paths are immutable', () => {
    const p = path('spec');
    p.child('x');
    assert.equal(p.toString(), 'spec');
  });
});

describe('field error messages', () => {
  const f = path('spec', 'x');
  const cases: Array<[string, string, string]> = [
    ['required', errorString(required(f)), 'spec.x: Required value'],
    ['required with detail', errorString(required(f, 'must be set')), 'spec.x: Required value: must be set'],
    ['invalid string', errorString(invalid(f, 'a"b', 'bad')), 'spec.x: Invalid value: "a\\"b": bad'],
    [
      'invalid number',
      errorString(invalid(f, -1, 'must be greater than or equal to 0')),
      'spec.x: Invalid value: -1: must be greater than or equal to 0',
    ],
    ['invalid bool', errorString(invalid(f, true, '')), 'spec.x: Invalid value: true'],
    ['invalid null prints null', errorString(invalid(f, null, 'x')), 'spec.x: Invalid value: null: x'],
    [
      'invalid object prints JSON',
      errorString(invalid(f, { a: 1 }, 'x')),
      'spec.x: Invalid value: {"a":1}: x',
    ],
    [
      'invalid object prints Go JSON with sorted keys',
      errorString(invalid(f, { b: '<', a: 1 }, 'x')),
      'spec.x: Invalid value: {"a":1,"b":"\\u003c"}: x',
    ],
    ['invalid list', errorString(invalid(f, ['a', 'b'], 'x')), 'spec.x: Invalid value: ["a","b"]: x'],
    [
      'too short',
      errorString(tooShort(f, 'ab', 3)),
      'spec.x: Too short: "ab": must be at least 3 characters',
    ],
    ['too few', errorString(tooFew(f, 1, 2)), 'spec.x: Too few: 1: must have at least 2 items'],
    [
      'too long in characters',
      errorString(tooLongCharacters(f, 'abc', 2)),
      'spec.x: Too long: may not be more than 2 characters',
    ],
    ['not found', errorString(notFound(f, 'v')), 'spec.x: Not found: "v"'],
    ['duplicate', errorString(duplicate(f, 'c1')), 'spec.x: Duplicate value: "c1"'],
    ['forbidden', errorString(forbidden(f, 'may not be set')), 'spec.x: Forbidden: may not be set'],
    [
      'not supported',
      errorString(
        notSupported(path('spec', 'restartPolicy'), 'Sometimes', ['Always', 'IfNotPresent', 'Never']),
      ),
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ],
    ['not supported without list', errorString(notSupported(f, 'x', [])), 'spec.x: Unsupported value: "x"'],
    ['too long', errorString(tooLong(f, 'xxxx', 63)), 'spec.x: Too long: may not be more than 63 bytes'],
    ['too long one byte', errorString(tooLong(f, 'xx', 1)), 'spec.x: Too long: may not be more than 1 byte'],
    ['too long unknown max', errorString(tooLong(f, 'xx', -1)), 'spec.x: Too long: value is too long'],
    ['too many', errorString(tooMany(f, 5, 3)), 'spec.x: Too many: 5: must have at most 3 items'],
    ['too many one item', errorString(tooMany(f, 2, 1)), 'spec.x: Too many: 2: must have at most 1 item'],
    ['too many unknown count', errorString(tooMany(f, -1, 3)), 'spec.x: Too many: must have at most 3 items'],
    [
      'type invalid',
      errorString(typeInvalid(f, 'x', 'must be an integer')),
      'spec.x: Invalid value: "x": must be an integer',
    ],
    ['internal', errorString(internalError(f, new Error('boom'))), 'spec.x: Internal error: boom'],
  ];
  for (const [name, got, want] of cases) test(name, () => assert.equal(got, want));

  test('errorBody has no path', () => assert.equal(errorBody(required(f)), 'Required value'));
});

describe('aggregateMessage', () => {
  const a = required(path('a'));
  const b = invalid(path('b'), 1, 'x');
  test('empty', () => assert.equal(aggregateMessage([]), ''));
  test('one error is bare', () => assert.equal(aggregateMessage([a]), 'a: Required value'));
  test('several are bracketed', () =>
    assert.equal(aggregateMessage([a, b]), '[a: Required value, b: Invalid value: 1: x]'));
  test('repeats fold to the first', () => assert.equal(aggregateMessage([a, a]), 'a: Required value'));
  test('repeats fold inside a list', () =>
    assert.equal(aggregateMessage([a, b, a]), '[a: Required value, b: Invalid value: 1: x]'));
});

describe('goQuote', () => {
  const cases: Array<[string, string, string]> = [
    ['plain', 'abc', '"abc"'],
    ['quotes and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['control escapes', '\n\t\r\u0007\b\f\v', '"\\n\\t\\r\\a\\b\\f\\v"'],
    ['other control bytes use \\x', '\u0001\u007f', '"\\x01\\x7f"'],
    ['printable unicode kept', 'héllo ☃', '"héllo ☃"'],
    ['non-printable unicode escaped', '\u200b', '"\\u200b"'],
    ['lone surrogate becomes U+FFFD', '\ud800', '"\ufffd"'],
  ];
  for (const [name, input, want] of cases) test(name, () => assert.equal(goQuote(input), want));
});
