import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  everything,
  LabelSelectorError,
  labelSelectorForRequest,
  matchesNothing,
  newRequirement,
  nothing,
  parseSelector,
  Requirement,
  type Selector,
  selectorFromRequirements,
  selectorFromSet,
  validatedSelectorFromSet,
} from './index.js';

describe('everything and nothing', () => {
  test('everything matches and is empty', () => {
    assert.equal(everything().matches({ x: 'y' }), true);
    assert.equal(everything().empty(), true);
    assert.equal(everything().toString(), '');
    assert.equal(everything().requirements().selectable, true);
  });

  test('nothing matches nothing and is not empty', () => {
    assert.equal(nothing().matches({}), false);
    assert.equal(nothing().matches({ x: 'y' }), false);
    assert.equal(nothing().empty(), false);
    assert.equal(nothing().toString(), '');
    assert.equal(nothing().requirements().selectable, false);
    assert.equal(nothing().add(newRequirement('a', 'exists', [])), nothing());
    assert.equal(nothing().requiresExactMatch('a'), undefined);
  });

  const cases: Array<[string, Selector, boolean]> = [
    ['nothing()', nothing(), true],
    ['everything()', everything(), false],
    ['empty set', selectorFromSet({}), false],
    ['non-empty set', selectorFromSet({ key: 'value' }), false],
    ['empty selector', parseSelector(''), false],
    ['exists', parseSelector('a'), false],
    ['not exists', parseSelector('!a'), false],
    ['equals', parseSelector('a=b'), false],
    ['not equals', parseSelector('a!=b'), false],
    ['in', parseSelector('a in (b)'), false],
    ['notin', parseSelector('a notin (b)'), false],
    ['exists and not exists', parseSelector('a,!a'), false],
    ['equals and not equals', parseSelector('a=b,a!=b'), false],
    ['in and notin', parseSelector('a in (b),a notin (b)'), false],
  ];
  for (const [name, sel, want] of cases)
    test(`matchesNothing: ${name}`, () => assert.equal(matchesNothing(sel), want));
});

describe('selectors from sets', () => {
  const labelset = { foo: 'bar', baz: 'blah' };
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['empty set matches', {}, true],
    ['one pair', { foo: 'bar' }, true],
    ['other pair', { baz: 'blah' }, true],
    ['both pairs', { foo: 'bar', baz: 'blah' }, true],
    ['wrong value', { foo: '=blah' }, false],
    ['extra pair', { foo: '=bar', foobar: 'bar', baz: 'blah' }, false],
  ];
  for (const [name, set, want] of cases) {
    test(name, () => assert.equal(selectorFromSet(set).matches(labelset), want));
  }

  test('null and empty sets are empty selectors', () => {
    assert.equal(selectorFromSet(null).empty(), true);
    assert.equal(selectorFromSet(undefined).empty(), true);
    assert.equal(selectorFromSet({}).empty(), true);
  });

  test('text is sorted by key', () => {
    assert.equal(selectorFromSet({ app: 'foo', a: 'b' }).toString(), 'a=b,app=foo');
    assert.equal(selectorFromSet({ app: 'foo' }).toString(), 'app=foo');
  });

  test('unvalidated sets are taken as they are', () => {
    assert.equal(selectorFromSet({ 'bad key': '=v' }).toString(), 'bad key==v');
  });

  test('validated sets check each pair', () => {
    assert.equal(validatedSelectorFromSet({ key: 'val' }).toString(), 'key=val');
    assert.throws(
      () =>
        validatedSelectorFromSet({ Key: 'axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui' }),
      (e: unknown) =>
        e instanceof LabelSelectorError &&
        e.message ===
          'values[0][Key]: Invalid value: "axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui": must be no more than 63 characters',
    );
  });
});

describe('add', () => {
  test('adds to an empty selector', () => {
    const s = everything().add(newRequirement('key', 'in', ['value']));
    assert.equal(s.toString(), 'key in (value)');
    assert.equal(everything().toString(), '', 'the receiver is unchanged');
  });

  test('keeps requirements sorted by key', () => {
    const s = parseSelector('key2=value2').add(newRequirement('key', 'in', ['value']));
    assert.equal(s.toString(), 'key in (value),key2=value2');
  });
});

describe('requiresExactMatch', () => {
  const req = (key: string, op: Requirement['operator'], ...values: string[]) =>
    new Requirement(key, op, values);
  const cases: Array<[string, Selector, string, string | undefined]> = [
    ['in with one value', selectorFromRequirements([req('key', 'in', 'value')]), 'key', 'value'],
    ['in with two values', selectorFromRequirements([req('key', 'in', 'value', 'value2')]), 'key', undefined],
    [
      'second key',
      selectorFromRequirements([req('key', 'in', 'value', 'value1'), req('key2', 'in', 'value2')]),
      'key2',
      'value2',
    ],
    ['equals', selectorFromRequirements([req('key', '=', 'value')]), 'key', 'value'],
    ['double equals', selectorFromRequirements([req('key', '==', 'value')]), 'key', 'value'],
    ['not equals', selectorFromRequirements([req('key', '!=', 'value')]), 'key', undefined],
    [
      'first of two keys',
      selectorFromRequirements([req('key', 'in', 'value'), req('key2', 'in', 'value2')]),
      'key',
      'value',
    ],
    ['first requirement on the key decides', parseSelector('key,key=value'), 'key', undefined],
    ['absent key', parseSelector('a=b'), 'key', undefined],
    ['empty value', parseSelector('key='), 'key', ''],
  ];
  for (const [name, sel, label, want] of cases)
    test(name, () => assert.equal(sel.requiresExactMatch(label), want));
});

describe('labelSelectorForRequest', () => {
  test('parses', () => {
    const r = labelSelectorForRequest('a in (b),!c');
    assert.ok(r.ok);
    assert.equal(r.selector.matches({ a: 'b' }), true);
  });

  test('answers 400 BadRequest with the parse message', () => {
    const r = labelSelectorForRequest('a in (');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 400);
    assert.equal(r.error.reason, 'BadRequest');
    assert.equal(r.error.message, "unable to parse requirement: found '', expected: ',', ')' or identifier");
  });
});
