import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContinueExpiredMessage,
  ContinueTokenError,
  continueExpired,
  decodeContinue,
  encodeContinue,
  InconsistentContinueMessage,
  listStart,
  nextPage,
  parseResourceVersion,
} from './continue-token.js';

const tok = (json: string): string => Buffer.from(json, 'utf8').toString('base64url');
const v1 = (rv: number | string, start: string): string =>
  tok(`{"v":"meta.k8s.io/v1","rv":${rv},"start":${JSON.stringify(start)}}`);

describe('encodeContinue', () => {
  it('is byte-identical to the upstream token', () => {
    assert.equal(
      encodeContinue('/test/key', '/test/', 1),
      'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiJrZXkifQ',
    );
  });
  it('escapes as Go encoding/json does', () => {
    assert.equal(
      encodeContinue('/registry/pods/ns/a<b>&\x00', '/registry/pods/', 12345),
      'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzNDUsInN0YXJ0IjoibnMvYVx1MDAzY2JcdTAwM2VcdTAwMjZcdTAwMDAifQ',
    );
  });
  it('encodes rv -1 for "latest"', () => {
    assert.equal(
      encodeContinue('/registry/deployments/default/web\x00', '/registry/deployments/', -1),
      'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTEsInN0YXJ0IjoiZGVmYXVsdC93ZWJcdTAwMDAifQ',
    );
  });
  const bad: [string, string, string][] = [
    ['key outside the prefix', '/other/key', '/test/'],
    ['empty prefix', '/test/key', ''],
  ];
  for (const [name, key, prefix] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => encodeContinue(key, prefix, 1),
        (e: unknown) =>
          e instanceof ContinueTokenError &&
          e.message === `unable to encode next field: the key and key prefix do not match ${prefix} ${key}`,
      );
    });
  }
  it('round-trips through decodeContinue', () => {
    for (const key of ['/p/a', '/p/ns/name\x00', '/p/ünï/cödé', '/p/a b/c']) {
      assert.deepEqual(decodeContinue(encodeContinue(key, '/p/', 42), '/p/'), { key, rv: 42 });
    }
  });
});

describe('decodeContinue (upstream table and more)', () => {
  const ok: [string, string, string, string, number][] = [
    ['valid', v1(1, 'key'), '/test/', '/test/key', 1],
    ['root path', v1(1, '/'), '/test/', '/test/', 1],
    ['leading slash', v1(3, '/ns/x'), '/test/', '/test/ns/x', 3],
    ['negative rv means latest', v1(-1, 'key'), '/test/', '/test/key', -1],
    ['field names fold case', tok('{"V":"meta.k8s.io/v1","RV":2,"Start":"k"}'), '/t/', '/t/k', 2],
    [
      'unknown fields are ignored',
      tok('{"v":"meta.k8s.io/v1","rv":2,"start":"k","x":[1,{}]}'),
      '/t/',
      '/t/k',
      2,
    ],
    ['later duplicates win', tok('{"v":"meta.k8s.io/v1","rv":2,"start":"a","start":"b"}'), '/t/', '/t/b', 2],
    [
      'newlines in base64 are skipped',
      `${v1(1, 'key').slice(0, 10)}\n${v1(1, 'key').slice(10)}`,
      '/test/',
      '/test/key',
      1,
    ],
  ];
  for (const [name, token, prefix, key, rv] of ok) {
    it(name, () => assert.deepEqual(decodeContinue(token, prefix), { key, rv }));
  }
  const bad: [string, string, string][] = [
    [
      'empty version',
      v1(1, 'key').replace(/.*/, tok('{"v":"","rv":1,"start":"key"}')),
      'continue key is not valid: server does not recognize this encoded version ',
    ],
    [
      'invalid version',
      tok('{"v":"v1","rv":1,"start":"key"}'),
      'continue key is not valid: server does not recognize this encoded version v1',
    ],
    [
      'invalid RV',
      v1(0, 'key'),
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    ],
    [
      'missing RV',
      tok('{"v":"meta.k8s.io/v1","start":"key"}'),
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    ],
    [
      'no start key',
      v1(1, ''),
      'continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
    ],
    ['path traversal - parent', v1(1, '../key'), 'continue key is not valid: ../key'],
    ['path traversal - local', v1(1, './key'), 'continue key is not valid: ./key'],
    ['path traversal - double parent', v1(1, './../key'), 'continue key is not valid: ./../key'],
    ['path traversal - after parent', v1(1, 'key/../..'), 'continue key is not valid: key/../..'],
    ['double slash', v1(1, 'a//b'), 'continue key is not valid: a//b'],
    ['trailing slash', v1(1, 'a/'), 'continue key is not valid: a/'],
    [
      'padding is not allowed',
      `${v1(1, 'key')}==`,
      'continue key is not valid: illegal base64 data at input byte 58',
    ],
    [
      'standard alphabet is not allowed',
      'ab+c',
      'continue key is not valid: illegal base64 data at input byte 2',
    ],
    ['a lone trailing character', 'abcde', 'continue key is not valid: illegal base64 data at input byte 4'],
    [
      'not JSON',
      tok('nope'),
      "continue key is not valid: invalid character 'o' in literal null (expecting 'u')",
    ],
    [
      'not JSON at all',
      tok('x'),
      "continue key is not valid: invalid character 'x' looking for beginning of value",
    ],
    ['empty', '', 'continue key is not valid: unexpected end of JSON input'],
    ['truncated', tok('{"v":"meta.k8s.io/v1"'), 'continue key is not valid: unexpected end of JSON input'],
    ['trailing data', tok('{} x'), "continue key is not valid: invalid character 'x' after top-level value"],
    [
      'an array',
      tok('[]'),
      'continue key is not valid: json: cannot unmarshal array into Go value of type storage.continueToken',
    ],
    [
      'a string rv',
      tok('{"v":"meta.k8s.io/v1","rv":"1","start":"k"}'),
      'continue key is not valid: json: cannot unmarshal string into Go struct field continueToken.rv of type int64',
    ],
    [
      'a fractional rv',
      tok('{"v":"meta.k8s.io/v1","rv":1.5,"start":"k"}'),
      'continue key is not valid: json: cannot unmarshal number 1.5 into Go struct field continueToken.rv of type int64',
    ],
    [
      'an rv past int64',
      v1('9223372036854775808', 'k'),
      'continue key is not valid: json: cannot unmarshal number 9223372036854775808 into Go struct field continueToken.rv of type int64',
    ],
    [
      'a numeric version',
      tok('{"v":1,"rv":1,"start":"k"}'),
      'continue key is not valid: json: cannot unmarshal number into Go struct field continueToken.v of type string',
    ],
    [
      'a bad escape',
      tok('{"v":"\\x"}'),
      "continue key is not valid: invalid character 'x' in string escape code",
    ],
    [
      'a control character in a string',
      tok('{"v":"\x01"}'),
      "continue key is not valid: invalid character '\\x01' in string literal",
    ],
    ['a missing colon', tok('{"v" 1}'), "continue key is not valid: invalid character '1' after object key"],
    [
      'a missing comma',
      tok('{"v":"a" "rv":1}'),
      "continue key is not valid: invalid character '\"' after object key:value pair",
    ],
    [
      'a leading zero',
      tok('{"rv":01}'),
      "continue key is not valid: invalid character '1' after object key:value pair",
    ],
  ];
  for (const [name, token, msg] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => decodeContinue(token, '/test/'),
        (e: unknown) => e instanceof ContinueTokenError && e.message === msg,
      );
    });
  }
});

describe('listStart', () => {
  const base = { continue: '', resourceVersion: '', resourceVersionMatch: '', limit: 0 };
  it('continues from the token at its revision', () => {
    const r = listStart({ ...base, continue: v1(7, 'ns/a\x00') }, '/registry/pods/');
    assert.deepEqual(r, { ok: true, value: { withRev: 7, continueKey: '/registry/pods/ns/a\x00' } });
  });
  it('a -1 token continues at the latest revision', () => {
    const r = listStart({ ...base, continue: v1(-1, 'a') }, '/p/');
    assert.deepEqual(r, { ok: true, value: { withRev: 0, continueKey: '/p/a' } });
  });
  it('resourceVersion 0 may come with a continue token', () => {
    assert.ok(listStart({ ...base, continue: v1(7, 'a'), resourceVersion: '0' }, '/p/').ok);
  });
  const bad: [string, object, string][] = [
    [
      'a bad token',
      { continue: 'abc' },
      'invalid continue token: continue key is not valid: invalid character',
    ],
    [
      'a resourceVersion with a token',
      { continue: v1(7, 'a'), resourceVersion: '5' },
      'specifying resource version is not allowed when using continue',
    ],
    [
      'a non-numeric resourceVersion',
      { resourceVersion: 'abc' },
      'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    ],
    [
      'a signed resourceVersion',
      { resourceVersion: '+5' },
      'invalid resource version: resourceVersion: Invalid value: "+5": strconv.ParseUint: parsing "+5": invalid syntax',
    ],
    ['a huge resourceVersion', { resourceVersion: '18446744073709551616' }, 'value out of range'],
  ];
  for (const [name, o, msg] of bad) {
    it(`400 for ${name}`, () => {
      const r = listStart({ ...base, ...o }, '/p/');
      assert.ok(!r.ok);
      assert.equal(r.error.code, 400);
      assert.ok(r.error.status.message?.includes(msg), r.error.status.message);
    });
  }
  const pins: [string, object, number][] = [
    ['Exact pins the revision', { resourceVersion: '9', resourceVersionMatch: 'Exact' }, 9],
    ['NotOlderThan reads the latest', { resourceVersion: '9', resourceVersionMatch: 'NotOlderThan' }, 0],
    ['a legacy paged list pins the revision', { resourceVersion: '9', limit: 10 }, 9],
    ['a legacy unpaged list reads the latest', { resourceVersion: '9' }, 0],
    ['a legacy paged list at 0 reads the latest', { resourceVersion: '0', limit: 10 }, 0],
  ];
  for (const [name, o, rev] of pins) {
    it(name, () =>
      assert.deepEqual(listStart({ ...base, ...o }, '/p/'), {
        ok: true,
        value: { withRev: rev, continueKey: '' },
      }),
    );
  }
  it('parseResourceVersion accepts 0 and empty', () => {
    assert.deepEqual(parseResourceVersion(''), { ok: true, value: 0 });
    assert.deepEqual(parseResourceVersion('0'), { ok: true, value: 0 });
    assert.deepEqual(parseResourceVersion('0012'), { ok: true, value: 12 });
  });
});

describe('expiry and paging', () => {
  it('a compacted continue offers a token at the latest revision', () => {
    const e = continueExpired('/p/ns/a\x00', '/p/');
    assert.equal(e.code, 410);
    assert.equal(e.reason, 'Expired');
    assert.equal(e.status.message, InconsistentContinueMessage);
    assert.ok(
      InconsistentContinueMessage.startsWith(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token',
      ),
    );
    const next = e.status.metadata?.continue;
    assert.ok(next !== undefined);
    assert.deepEqual(decodeContinue(next, '/p/'), { key: '/p/ns/a\x00', rv: -1 });
  });
  it('without a usable key the shorter message', () => {
    const e = continueExpired('/elsewhere', '/p/');
    assert.equal(e.status.message, ContinueExpiredMessage);
    assert.equal(e.status.metadata?.continue, undefined);
  });
  it('nextPage starts after the last key and counts what remains', () => {
    const p = nextPage({ lastKey: '/p/a', keyPrefix: '/p/', rv: 5, remaining: 3, unfiltered: true });
    assert.equal(p.remainingItemCount, 3);
    assert.deepEqual(decodeContinue(p.continue, '/p/'), { key: '/p/a\x00', rv: 5 });
  });
  it('nextPage gives no count for a filtered list', () => {
    const p = nextPage({ lastKey: '/p/a', keyPrefix: '/p/', rv: 5, remaining: 3, unfiltered: false });
    assert.equal('remainingItemCount' in p, false);
  });
});
