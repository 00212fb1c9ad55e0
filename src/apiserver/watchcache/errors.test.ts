import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { StatusError } from '../../apimachinery/errors/index.js';
import { parseRequestedVersion, tooOldResourceVersion } from './errors.js';
import { DecodeError, decodeStored } from './objects.js';

describe('parseRequestedVersion', () => {
  const ok: { name: string; rv: string; want: ReturnType<typeof parseRequestedVersion> }[] = [
    { name: 'empty is latest', rv: '', want: { kind: 'latest' } },
    { name: 'zero is any', rv: '0', want: { kind: 'any' } },
    { name: 'zeros are any too', rv: '000', want: { kind: 'any' } },
    { name: 'decimal', rv: '42', want: { kind: 'at', revision: 42 } },
    { name: 'leading zeros', rv: '007', want: { kind: 'at', revision: 7 } },
  ];
  for (const c of ok) test(c.name, () => assert.deepEqual(parseRequestedVersion(c.rv), c.want));

  const bad: { name: string; rv: string; why: string }[] = [
    { name: 'letters', rv: 'abc', why: 'invalid syntax' },
    { name: 'negative', rv: '-1', why: 'invalid syntax' },
    { name: 'sign', rv: '+1', why: 'invalid syntax' },
    { name: 'space', rv: ' 1', why: 'invalid syntax' },
    { name: 'hex', rv: '0x10', why: 'invalid syntax' },
    { name: 'past uint64', rv: '18446744073709551616', why: 'value out of range' },
  ];
  for (const c of bad) {
    test(`400: ${c.name}`, () => {
      assert.throws(
        () => parseRequestedVersion(c.rv),
        (e: unknown) => {
          assert.ok(e instanceof StatusError);
          assert.equal(e.code, 400);
          assert.equal(e.reason, 'BadRequest');
          assert.equal(
            e.message,
            `invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(c.rv)}: strconv.ParseUint: parsing ${JSON.stringify(c.rv)}: ${c.why}`,
          );
          return true;
        },
      );
    });
  }

  test('fuzz: returns a version or throws a 400 StatusError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{0,25}$/)), (rv) => {
        try {
          const r = parseRequestedVersion(rv);
          if (r.kind === 'at') assert.ok(Number.isSafeInteger(r.revision) && r.revision > 0);
        } catch (e) {
          assert.ok(e instanceof StatusError && e.code === 400 && e.message !== '');
        }
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });
});

describe('tooOldResourceVersion', () => {
  test('410 Expired', () => {
    const e = tooOldResourceVersion(5, 9);
    assert.deepEqual(e.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'too old resource version: 5 (9)',
      reason: 'Expired',
      code: 410,
    });
  });
});

describe('decodeStored', () => {
  const cases: { name: string; value: string; want: Record<string, unknown> | RegExp }[] = [
    {
      name: 'sets resourceVersion',
      value: '{"metadata":{"name":"a"}}',
      want: { metadata: { name: 'a', resourceVersion: '7' } },
    },
    {
      name: 'replaces a stored resourceVersion',
      value: '{"metadata":{"resourceVersion":"1"}}',
      want: { metadata: { resourceVersion: '7' } },
    },
    {
      name: 'adds metadata when absent',
      value: '{"kind":"X"}',
      want: { kind: 'X', metadata: { resourceVersion: '7' } },
    },
    { name: 'not JSON', value: '{', want: /^\/k: stored value is not JSON: / },
    { name: 'an array', value: '[]', want: /^\/k: stored value is not a JSON object$/ },
    { name: 'null', value: 'null', want: /^\/k: stored value is not a JSON object$/ },
    { name: 'metadata not an object', value: '{"metadata":3}', want: /^\/k: metadata is not a JSON object$/ },
  ];
  for (const c of cases) {
    test(c.name, () => {
      if (c.want instanceof RegExp)
        assert.throws(() => decodeStored('/k', c.value, 7), { name: 'DecodeError', message: c.want });
      else {
        const got = decodeStored('/k', c.value, 7);
        assert.deepEqual(got, c.want);
        assert.ok(Object.isFrozen(got) && Object.isFrozen(got.metadata));
      }
    });
  }

  test('fuzz: random values decode or throw DecodeError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ metadata: v })),
        ),
        (value) => {
          try {
            const o = decodeStored('/k', value, 3);
            assert.equal((o.metadata as { resourceVersion: string }).resourceVersion, '3');
          } catch (e) {
            assert.ok(e instanceof DecodeError, String(e));
          }
        },
      ),
      { seed: 99, numRuns: 2000 },
    );
  });
});
