import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseQuantity, QuantityError } from './index.js';
import { ARITHMETIC_CASES, PARSE_CASES } from './upstream-cases.js';

/** Go prints +Inf/-Inf/NaN in words; everything else is a shortest decimal JavaScript reads back exactly. */
function goFloat(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

describe('parsing matches recorded upstream results', () => {
  for (const [input, text, format, float] of PARSE_CASES) {
    test(JSON.stringify(input), () => {
      if (format === undefined) {
        assert.throws(
          () => parseQuantity(input as string),
          (e: unknown) => e instanceof QuantityError && e.reason === text,
        );
        return;
      }
      const q = parseQuantity(input as string);
      assert.equal(q.toString(), text);
      assert.equal(q.format, format);
      assert.equal(q.asApproximateFloat64(), goFloat(float as string));
    });
  }
});

describe('arithmetic matches recorded upstream results', () => {
  for (const row of ARITHMETIC_CASES) {
    const [a = '', b = '', sum, sumFormat, diff, cmp, sumFloat = '', exact, rounded] = row.split(' ');
    test(`${a} and ${b}`, () => {
      const qa = parseQuantity(a);
      const qb = parseQuantity(b);
      const s = qa.add(qb);
      assert.equal(s.toString(), sum);
      assert.equal(s.format, sumFormat);
      assert.equal(qa.sub(qb).toString(), diff);
      assert.equal(qa.cmp(qb), Number(cmp));
      assert.equal(s.asApproximateFloat64(), goFloat(sumFloat));
      const r = qa.roundUp(-3);
      assert.equal(r.exact, exact === 'true');
      assert.equal(r.quantity.toString(), rounded);
    });
  }
});
