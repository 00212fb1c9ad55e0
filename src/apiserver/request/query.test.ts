import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  goParseBool,
  goParseInt64,
  parseQuery,
  QueryConversionError,
  queryBool,
  splitTarget,
} from './query.js';

describe('parseQuery (Go url.ParseQuery)', () => {
  const cases: [string, string, [string, string[]][]][] = [
    ['empty', '', []],
    [
      'pairs',
      'a=1&b=2',
      [
        ['a', ['1']],
        ['b', ['2']],
      ],
    ],
    ['repeated keys keep order', 'a=1&a=2', [['a', ['1', '2']]]],
    ['no value', 'watch', [['watch', ['']]]],
    ['plus is space', 'labelSelector=a+in+(b)', [['labelSelector', ['a in (b)']]]],
    ['escapes', 'fieldSelector=metadata.name%3Dx%2Cy', [['fieldSelector', ['metadata.name=x,y']]]],
    ['a pair with ; is dropped', 'a=1;b=2&c=3', [['c', ['3']]]],
    ['a malformed escape drops the pair', 'a=%zz&b=1', [['b', ['1']]]],
    ['empty pieces are skipped', '&&a=1&', [['a', ['1']]]],
    ['only the first = splits', 'a=b=c', [['a', ['b=c']]]],
    ['utf-8 escapes', 'n=%C3%A9', [['n', ['é']]]],
  ];
  for (const [name, raw, want] of cases) {
    it(name, () => assert.deepEqual([...parseQuery(raw)], want));
  }
});

describe('scalar conversions', () => {
  const ints: [string, number | string][] = [
    ['0', 0],
    ['-5', -5],
    ['+7', 7],
    ['9223372036854775807', 2 ** 63],
    ['', 'strconv.ParseInt: parsing "": invalid syntax'],
    [' 1', 'strconv.ParseInt: parsing " 1": invalid syntax'],
    ['1_000', 'strconv.ParseInt: parsing "1_000": invalid syntax'],
    ['0x10', 'strconv.ParseInt: parsing "0x10": invalid syntax'],
    ['-9223372036854775809', 'strconv.ParseInt: parsing "-9223372036854775809": value out of range'],
  ];
  for (const [s, want] of ints) {
    it(`goParseInt64 ${JSON.stringify(s)}`, () => {
      if (typeof want === 'number') assert.equal(goParseInt64(s), want);
      else
        assert.throws(
          () => goParseInt64(s),
          (e: unknown) => e instanceof QueryConversionError && e.message === want,
        );
    });
  }
  it('queryBool', () => {
    const q = parseQuery('a=0&b=False&c=&d=no&e=1');
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e', 'z'].map((k) => queryBool(q, k)),
      [false, false, true, true, true, undefined],
    );
  });
  it('goParseBool', () => {
    assert.deepEqual(['1', 't', 'TRUE', 'True', '0', 'F', 'false', 'yes', ''].map(goParseBool), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      undefined,
      undefined,
    ]);
  });
  it('splitTarget', () => {
    assert.deepEqual(splitTarget('/a/b?x=1#frag'), { rawPath: '/a/b', rawQuery: 'x=1' });
    assert.deepEqual(splitTarget('/a'), { rawPath: '/a', rawQuery: '' });
    assert.deepEqual(splitTarget('https://h:6443/api/v1/pods?watch=1'), {
      rawPath: '/api/v1/pods',
      rawQuery: 'watch=1',
    });
    assert.deepEqual(splitTarget('http://h?x'), { rawPath: '', rawQuery: 'x' });
  });
});
