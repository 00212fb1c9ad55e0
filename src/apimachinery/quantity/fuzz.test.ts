import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseQuantity, parseQuantityJSON, Quantity, QuantityError, quantityFromJSON } from './index.js';

const RUNS = { seed: 20261123, numRuns: 2000 };

/** Runs f and requires that it either returns or throws a QuantityError with a message. */
function returnsOrQuantityError(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof QuantityError, `unexpected ${String(e)}`);
    assert.ok(e.message.length > 0);
  }
}

const quantityAlphabet = fc.constantFrom(...'0123456789.+-eEinumkKMGTP x'.split(''));
const quantityLike = fc.array(quantityAlphabet, { maxLength: 24 }).map((cs) => cs.join(''));

test('parseQuantity never crashes on random strings', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 30 }), quantityLike), (s) => {
      returnsOrQuantityError(() => parseQuantity(s));
    }),
    RUNS,
  );
});

test('every accepted string reprints to text that parses to the same value', () => {
  fc.assert(
    fc.property(quantityLike, (s) => {
      let q: Quantity;
      try {
        q = parseQuantity(s);
      } catch (e) {
        assert.ok(e instanceof QuantityError);
        return;
      }
      const again = parseQuantity(q.toString());
      assert.equal(again.cmp(q), 0, `${s} -> ${q.toString()}`);
      assert.equal(parseQuantity(again.toString()).toString(), again.toString());
    }),
    RUNS,
  );
});

test('JSON readers never crash on random JSON', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 2 }), (v) => {
      returnsOrQuantityError(() => quantityFromJSON(v));
      returnsOrQuantityError(() => parseQuantityJSON(JSON.stringify(v) ?? 'null'));
    }),
    RUNS,
  );
});

test('arithmetic agrees with exact rational arithmetic', () => {
  const arb = fc.record({
    m: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
    s: fc.integer({ min: -12, max: 12 }),
  });
  fc.assert(
    fc.property(arb, arb, (a, b) => {
      const qa = Quantity.fromDecimal(a.m, a.s, 'DecimalSI');
      const qb = Quantity.fromDecimal(b.m, b.s, 'DecimalSI');
      // Compare on a common scale of 10^-12 (both scales are >= -12).
      const ra = a.m * 10n ** BigInt(a.s + 12);
      const rb = b.m * 10n ** BigInt(b.s + 12);
      const sum = qa.add(qb);
      assert.equal(sum.mantissa * 10n ** BigInt(sum.scale + 12), ra + rb);
      assert.equal(qa.cmp(qb), ra === rb ? 0 : ra < rb ? -1 : 1);
      // Text of values at nano precision or coarser parses back exactly.
      if (a.s >= -9) assert.equal(parseQuantity(qa.toString()).cmp(qa), 0);
    }),
    RUNS,
  );
});
