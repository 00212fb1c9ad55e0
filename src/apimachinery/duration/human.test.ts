import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  NS_PER_HOUR as H,
  humanDuration,
  humanDurationNs,
  NS_PER_MILLISECOND as MS,
  NS_PER_MINUTE as M,
  NS_PER_SECOND as S,
  shortHumanDuration,
  shortHumanDurationNs,
} from './index.js';

const D = 24n * H;
const Y = 365n * D;

describe('humanDuration (upstream TestHumanDuration)', () => {
  const cases: [bigint, string][] = [
    [S, '1s'],
    [70n * S, '70s'],
    [190n * S, '3m10s'],
    [70n * M, '70m'],
    [47n * H, '47h'],
    [49n * H, '2d1h'],
    [(8n * 24n + 2n) * H, '8d'],
    [367n * D, '367d'],
    [(365n * 2n * 24n + 25n) * H, '2y1d'],
    [(365n * 8n * 24n + 2n) * H, '8y'],
  ];
  for (const [ns, text] of cases) test(text, () => assert.equal(humanDurationNs(ns), text));
});

describe('humanDuration at every boundary (upstream TestHumanDurationBoundaries)', () => {
  const cases: [bigint, string][] = [
    [-2n * S, '<invalid>'],
    [-2n * S + 1n, '0s'],
    [0n, '0s'],
    [S - MS, '0s'],
    [2n * M - MS, '119s'],
    [2n * M, '2m'],
    [2n * M + S, '2m1s'],
    [10n * M - MS, '9m59s'],
    [10n * M, '10m'],
    [10n * M + S, '10m'],
    [3n * H - MS, '179m'],
    [3n * H, '3h'],
    [3n * H + M, '3h1m'],
    [8n * H - MS, '7h59m'],
    [8n * H, '8h'],
    [8n * H + 59n * M, '8h'],
    [2n * D - MS, '47h'],
    [2n * D, '2d'],
    [2n * D + H, '2d1h'],
    [8n * D - MS, '7d23h'],
    [8n * D, '8d'],
    [8n * D + 23n * H, '8d'],
    [2n * Y - MS, '729d'],
    [2n * Y, '2y'],
    [2n * Y + 23n * H, '2y'],
    [2n * Y + 23n * H + 59n * M, '2y'],
    [2n * Y + D - MS, '2y'],
    [2n * Y + D, '2y1d'],
    [3n * Y, '3y'],
    [7n * Y, '7y'],
    [8n * Y - MS, '7y364d'],
    [8n * Y, '8y'],
    [8n * Y + 364n * D, '8y'],
    [9n * Y, '9y'],
  ];
  for (const [ns, text] of cases) test(`${ns}ns is ${text}`, () => assert.equal(humanDurationNs(ns), text));
});

describe('shortHumanDuration at every boundary (upstream TestShortHumanDurationBoundaries)', () => {
  const cases: [bigint, string][] = [
    [-2n * S, '<invalid>'],
    [-2n * S + 1n, '0s'],
    [0n, '0s'],
    [S - MS, '0s'],
    [S, '1s'],
    [2n * S - MS, '1s'],
    [M - MS, '59s'],
    [M, '1m'],
    [2n * M - MS, '1m'],
    [H - MS, '59m'],
    [H, '1h'],
    [2n * H - MS, '1h'],
    [D - MS, '23h'],
    [D, '1d'],
    [2n * D - MS, '1d'],
    [Y - MS, '364d'],
    [Y, '1y'],
    [2n * Y - MS, '1y'],
    [2n * Y, '2y'],
  ];
  for (const [ns, text] of cases)
    test(`${ns}ns is ${text}`, () => assert.equal(shortHumanDurationNs(ns), text));
});

describe('millisecond entry points', () => {
  test('ages from Date arithmetic', () => {
    assert.equal(humanDuration(-2000), '<invalid>');
    assert.equal(humanDuration(-1999), '0s');
    assert.equal(humanDuration(119_999), '119s');
    assert.equal(humanDuration(190_000), '3m10s');
    assert.equal(shortHumanDuration(59_999), '59s');
    assert.equal(shortHumanDuration(3_600_000), '1h');
    assert.equal(shortHumanDuration(Number.POSITIVE_INFINITY), '292y');
    assert.equal(humanDuration(Number.NEGATIVE_INFINITY), '<invalid>');
    assert.throws(() => humanDuration(Number.NaN), RangeError);
  });
  test('fuzz: every finite age prints one of the documented shapes', () => {
    const shape = /^(<invalid>|\d+[smhdy]|\d+m\d+s|\d+h\d+m|\d+d\d+h|\d+y\d+d)$/;
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (ms) => {
        assert.match(humanDuration(ms), shape);
        assert.match(shortHumanDuration(ms), shape);
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });
});
