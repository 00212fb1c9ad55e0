import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateName, MaxGeneratedNameLength, newUID, randomString, SafeAlphabet } from './index.js';

// A deterministic source: 0, 1, 2, ... modulo n.
function counter(): (n: number) => number {
  let i = 0;
  return (n) => i++ % n;
}

describe('generateName', () => {
  test('appends five safe characters', () => assert.equal(generateName('web-', counter()), 'web-bcdfg'));
  test('empty base', () => assert.equal(generateName('', counter()), 'bcdfg'));
  test('base at the limit is kept', () => {
    const base = 'a'.repeat(MaxGeneratedNameLength);
    assert.equal(generateName(base, counter()), `${base}bcdfg`);
  });
  test('long base is cut to 58 so the name is 63', () => {
    const name = generateName('a'.repeat(100), counter());
    assert.equal(name.length, 63);
    assert.equal(name, `${'a'.repeat(58)}bcdfg`);
  });
  test('multi-byte characters are not split', () => {
    const name = generateName(`${'a'.repeat(57)}é`, counter());
    assert.equal(name, `${'a'.repeat(57)}bcdfg`);
  });
  test('real randomness uses the alphabet', () => {
    for (let i = 0; i < 50; i++) assert.match(generateName('x-'), /^x-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
  test('randomString covers the alphabet', () =>
    assert.equal(randomString(SafeAlphabet.length, counter()), SafeAlphabet));
});

describe('newUID', () => {
  test('is an RFC 4122 version 4 UUID', () =>
    assert.match(newUID(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/));
  test('is unique', () => assert.notEqual(newUID(), newUID()));
});
