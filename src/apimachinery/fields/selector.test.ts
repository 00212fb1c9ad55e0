import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  andSelectors,
  escapeValue,
  everythingFields,
  type FieldSelector,
  FieldSelectorError,
  fieldSelectorFromSet,
  nothingFields,
  oneTermEqualSelector,
  oneTermNotEqualSelector,
  parseAndTransformFieldSelector,
  parseFieldSelector,
  type TransformFunc,
  unescapeValue,
} from './index.js';
import { splitTerm, splitTerms } from './selector.js';

describe('splitTerms', () => {
  const cases: Array<[string, string, string[]]> = [
    ['single key', 'a', ['a']],
    ['one term', 'a=avalue', ['a=avalue']],
    ['two terms', 'a=avalue,b=bvalue', ['a=avalue', 'b=bvalue']],
    ['three operators', 'a=avalue,b==bvalue,c!=cvalue', ['a=avalue', 'b==bvalue', 'c!=cvalue']],
    ['empty selector', '', []],
    ['trailing comma', 'a=a,', ['a=a', '']],
    ['leading comma', ',a=a', ['', 'a=a']],
    ['escaped comma', 'k=\\,,k2=v2', ['k=\\,', 'k2=v2']],
    ['escaped backslash then comma', 'k=\\\\,k2=v2', ['k=\\\\', 'k2=v2']],
    ['escaped backslash and comma', 'k=\\\\\\,,k2=v2', ['k=\\\\\\,', 'k2=v2']],
    ['non-escape sequences', 'k=\\a\\b\\', ['k=\\a\\b\\']],
    ['orphan backslash', 'k=\\', ['k=\\']],
    ['multi-byte', '함=수,목=록', ['함=수', '목=록']],
  ];
  for (const [name, input, want] of cases) test(name, () => assert.deepEqual(splitTerms(input), want));
});

describe('splitTerm', () => {
  const cases: Array<[string, string, [string, string, string] | undefined]> = [
    ['equals', 'a=value', ['a', '=', 'value']],
    ['double equals', 'b==value', ['b', '==', 'value']],
    ['not equals', 'c!=value', ['c', '!=', 'value']],
    ['empty', '', undefined],
    ['no operator', 'a', undefined],
    ['escaped comma value', 'k=\\,', ['k', '=', '\\,']],
    ['escaped equals value', 'k=\\=', ['k', '=', '\\=']],
    ['value keeps escapes', 'k=\\\\\\a\\b\\=\\,\\', ['k', '=', '\\\\\\a\\b\\=\\,\\']],
    ['multi-byte', '함=수', ['함', '=', '수']],
    ['first operator wins', 'a=!=b', ['a', '=', '!=b']],
    ['bang without equals is field text', 'a!b=c', ['a!b', '=', 'c']],
  ];
  for (const [name, input, want] of cases) {
    test(name, () => {
      const got = splitTerm(input);
      assert.deepEqual(got === undefined ? undefined : [got.lhs, got.op, got.rhs], want);
    });
  }
});

describe('escaping', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ];
  for (const [raw, escaped] of cases) {
    test(`escape ${JSON.stringify(raw)}`, () => {
      assert.equal(escapeValue(raw), escaped);
      assert.equal(unescapeValue(escaped), raw);
    });
  }

  const invalid: Array<[string, string, string]> = [
    ['orphan backslash', '\\', 'invalid field selector: invalid escape sequence: \\'],
    ['orphan after escaped backslash', '\\\\\\', 'invalid field selector: invalid escape sequence: \\'],
    ['unknown escape', '\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['unknown multi-byte escape', '\\수', 'invalid field selector: invalid escape sequence: \\수'],
    ['bare equals prints its code point', 'a=b', 'invalid field selector: unescaped character in value: 61'],
    ['bare comma prints its code point', 'a,b', 'invalid field selector: unescaped character in value: 44'],
  ];
  for (const [name, input, message] of invalid) {
    test(name, () => {
      assert.throws(
        () => unescapeValue(input),
        (e: unknown) => e instanceof FieldSelectorError && e.message === message,
      );
    });
  }
});

describe('parseFieldSelector', () => {
  const good: Array<[string, string, string]> = [
    ['three terms', 'x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['empty', '', ''],
    ['not equals', 'x!=a,y=b', 'x!=a,y=b'],
    ['escaped equals in value', 'x=a||y\\=b', 'x=a||y\\=b'],
    ['two escaped equals', 'x=a\\=\\=b', 'x=a\\=\\=b'],
    ['double equals prints as one', 'x==a', 'x=a'],
    ['terms sorted as text', 'x=a,a=x', 'a=x,x=a'],
    ['empty terms skipped', ',a=b,,', 'a=b'],
    ['blanks are not trimmed', ' a = b', ' a = b'],
    ['empty field and value select everything', '=', ''],
    ['empty value', 'a=', 'a='],
    ['dotted paths', 'metadata.name=foo,spec.nodeName!=', 'metadata.name=foo,spec.nodeName!='],
  ];
  for (const [name, input, want] of good)
    test(name, () => assert.equal(parseFieldSelector(input).toString(), want));

  const bad: Array<[string, string, string]> = [
    ['or operator', 'x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['chained equals', 'x==a==b', 'invalid field selector: unescaped character in value: 61'],
    ['term without operator', 'x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['set syntax', 'x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    ['set syntax with commas', 'x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
    ['bare key', 'x', "invalid selector: 'x'; can't understand 'x'"],
    ['bad escape', 'x=\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['exists syntax', '!x', "invalid selector: '!x'; can't understand '!x'"],
  ];
  for (const [name, input, message] of bad) {
    test(`rejects: ${name}`, () => {
      assert.throws(
        () => parseFieldSelector(input),
        (e: unknown) => e instanceof FieldSelectorError && e.message === message,
      );
    });
  }

  test('parse is deterministic', () => {
    assert.equal(parseFieldSelector('x=a,a=x').toString(), parseFieldSelector('a=x,x=a').toString());
  });

  test('requirements report = and !=', () => {
    assert.deepEqual(parseFieldSelector('b==2,a!=1').requirements(), [
      { operator: '!=', field: 'a', value: '1' },
      { operator: '=', field: 'b', value: '2' },
    ]);
  });
});

describe('matching', () => {
  const fieldset = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };
  const cases: Array<[string, string, Record<string, string>, boolean]> = [
    ['empty matches', '', { x: 'y' }, true],
    ['equality', 'x=y', { x: 'y' }, true],
    ['two equalities', 'x=y,z=w', { x: 'y', z: 'w' }, true],
    ['two inequalities', 'x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['keywords', 'notin=in', { notin: 'in' }, true],
    ['different value', 'x=y', { x: 'z' }, false],
    ['one fails', 'x=y,z=w', { x: 'w', z: 'w' }, false],
    ['one inequality fails', 'x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['foo', 'foo=bar', fieldset, true],
    ['baz', 'baz=blah', fieldset, true],
    ['both', 'foo=bar,baz=blah', fieldset, true],
    ['escaped value', 'foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fieldset, true],
    ['wrong value', 'foo=blah', fieldset, false],
    ['swapped', 'baz=bar', fieldset, false],
    ['missing field', 'foo=bar,foobar=bar,baz=blah', fieldset, false],
    ['missing field equals empty', 'absent=', {}, true],
    ['missing field is not a value', 'absent!=x', {}, true],
    ['inherited names are not fields', 'toString=', {}, true],
  ];
  for (const [name, selector, fields, want] of cases) {
    test(name, () => assert.equal(parseFieldSelector(selector).matches(fields), want));
  }

  test('one-term selectors', () => {
    assert.equal(oneTermEqualSelector('x', 'y').matches({ x: 'y' }), true);
    assert.equal(oneTermEqualSelector('x', 'y').matches({ x: 'z' }), false);
    assert.equal(oneTermNotEqualSelector('x', 'y').matches({ x: 'z' }), true);
  });

  const labelset = { foo: 'bar', baz: 'blah' };
  const setCases: Array<[string, Record<string, string>, boolean]> = [
    ['empty set', {}, true],
    ['one pair', { foo: 'bar' }, true],
    ['other pair', { baz: 'blah' }, true],
    ['both', { foo: 'bar', baz: 'blah' }, true],
    ['value with equals', { foo: '=blah' }, false],
    ['value with equals 2', { baz: '=bar' }, false],
    ['extra pair', { foo: '=bar', foobar: 'bar', baz: 'blah' }, false],
  ];
  for (const [name, set, want] of setCases) {
    test(`from set: ${name}`, () => assert.equal(fieldSelectorFromSet(set).matches(labelset), want));
  }

  test('set selectors print escaped and parse back', () => {
    const sel = fieldSelectorFromSet({ b: 'x,y', a: '1=2' });
    assert.equal(sel.toString(), 'a=1\\=2,b=x\\,y');
    assert.equal(parseFieldSelector(sel.toString()).matches({ a: '1=2', b: 'x,y' }), true);
  });
});

describe('empty and exact matches', () => {
  test('emptiness', () => {
    assert.equal(fieldSelectorFromSet({}).empty(), true);
    assert.equal(fieldSelectorFromSet(null).empty(), true);
    assert.equal(everythingFields().empty(), true);
    assert.equal(everythingFields().matches({ x: 'y' }), true);
    assert.equal(oneTermEqualSelector('', '').empty(), false);
    assert.equal(oneTermNotEqualSelector('', '').empty(), false);
    assert.equal(andSelectors(andSelectors()).empty(), true);
    assert.equal(andSelectors(oneTermEqualSelector('a', 'b')).empty(), false);
    assert.equal(nothingFields().empty(), false);
    assert.equal(nothingFields().matches({}), false);
  });

  const cases: Array<[string, FieldSelector, string, string | undefined]> = [
    ['empty set', fieldSelectorFromSet({}), 'test', undefined],
    ['empty term', oneTermEqualSelector('', ''), 'test', undefined],
    ['other field', oneTermEqualSelector('a', 'b'), 'test', undefined],
    ['equal term', oneTermEqualSelector('test', 'b'), 'test', 'b'],
    ['equal term, empty value', oneTermEqualSelector('test', ''), 'test', ''],
    ['not-equal term', oneTermNotEqualSelector('test', 'b'), 'test', undefined],
    ['not-equal term, empty value', oneTermNotEqualSelector('test', ''), 'test', undefined],
    ['empty and', andSelectors(), 'test', undefined],
    ['nested empty and', andSelectors(andSelectors()), 'test', undefined],
    ['nested match', andSelectors(oneTermEqualSelector('test', 'b')), 'test', 'b'],
    [
      'later term matches',
      andSelectors(oneTermEqualSelector('', ''), oneTermEqualSelector('test', 'b')),
      'test',
      'b',
    ],
  ];
  for (const [name, sel, field, want] of cases)
    test(`requiresExactMatch: ${name}`, () => assert.equal(sel.requiresExactMatch(field), want));
});

describe('transform', () => {
  const identity: TransformFunc = (field, value) => ({ field, value });
  const cases: Array<[string, string, TransformFunc, string, boolean]> = [
    ['empty selector', '', identity, '', true],
    ['no-op', 'a=b,c=d', identity, 'a=b,c=d', false],
    [
      'one field renamed',
      'a=b,c=d',
      (f, v) => (f === 'a' ? { field: 'e', value: 'f' } : { field: f, value: v }),
      'e=f,c=d',
      false,
    ],
    ['dropped to empty', 'a=b', () => ({ field: '', value: '' }), '', true],
    [
      'one of three dropped',
      'a=b,c=d,e=f',
      (f, v) => (f === 'c' ? { field: '', value: '' } : { field: f, value: v }),
      'a=b,e=f',
      false,
    ],
    ['not-equal kept', 'a!=b', (_f, v) => ({ field: 'z', value: v }), 'z!=b', false],
  ];
  for (const [name, selector, fn, want, empty] of cases) {
    test(name, () => {
      const sel = parseAndTransformFieldSelector(selector, fn);
      assert.equal(sel.toString(), want);
      assert.equal(sel.empty(), empty);
    });
  }

  test('errors from the function pass through', () => {
    const boom = new FieldSelectorError('unsupported', 'no');
    assert.throws(
      () =>
        parseFieldSelector('a=b').transform(() => {
          throw boom;
        }),
      (e: unknown) => e === boom,
    );
  });

  test('transform leaves the receiver unchanged', () => {
    const sel = parseFieldSelector('a=b,c=d');
    sel.transform(() => ({ field: 'x', value: 'y' }));
    assert.equal(sel.toString(), 'a=b,c=d');
  });
});
