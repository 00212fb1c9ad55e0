import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  formatGoDuration,
  formatGoDurationMs,
  GoDurationError,
  goDurationFromJSON,
  goTimeQuote,
  NS_PER_HOUR as H,
  NS_PER_MICROSECOND as US,
  NS_PER_MILLISECOND as MS,
  NS_PER_MINUTE as M,
  NS_PER_SECOND as S,
  parseGoDuration,
  parseGoDurationMs,
} from './index.js';

describe('parseGoDuration accepts what Go accepts', () => {
  const cases: [string, bigint][] = [
    ['0', 0n],
    ['5s', 5n * S],
    ['30s', 30n * S],
    ['1478s', 1478n * S],
    ['-5s', -5n * S],
    ['+5s', 5n * S],
    ['-0', 0n],
    ['+0', 0n],
    ['5.0s', 5n * S],
    ['5.6s', 5n * S + 600n * MS],
    ['5.s', 5n * S],
    ['.5s', 500n * MS],
    ['1.0s', S],
    ['1.00s', S],
    ['1.004s', S + 4n * MS],
    ['1.0040s', S + 4n * MS],
    ['100.00100s', 100n * S + MS],
    ['10ns', 10n],
    ['11us', 11n * US],
    ['12\u00b5s', 12n * US],
    ['12\u03bcs', 12n * US],
    ['13ms', 13n * MS],
    ['14s', 14n * S],
    ['15m', 15n * M],
    ['16h', 16n * H],
    ['3h30m', 3n * H + 30n * M],
    ['10.5s4m', 4n * M + 10n * S + 500n * MS],
    ['-2m3.4s', -(2n * M + 3n * S + 400n * MS)],
    ['1h2m3s4ms5us6ns', H + 2n * M + 3n * S + 4n * MS + 5n * US + 6n],
    ['1h2m3.5s', H + 2n * M + 3n * S + 500n * MS],
    ['39h9m14.425s', 39n * H + 9n * M + 14n * S + 425n * MS],
    ['52763797000ns', 52763797000n],
    ['0.3333333333333333333h', 20n * M],
    ['9007199254740993ns', 9007199254740993n],
    ['9223372036854775807ns', 9223372036854775807n],
    ['9223372036854775.807us', 9223372036854775807n],
    ['9223372036s854ms775us807ns', 9223372036854775807n],
    ['-9223372036854775808ns', -9223372036854775808n],
    ['-9223372036854775.808us', -9223372036854775808n],
    ['-9223372036s854ms775us808ns', -9223372036854775808n],
    ['-2562047h47m16.854775808s', -9223372036854775808n],
    ['0.100000000000000000000h', 6n * M],
    ['0.830103483285477580700h', 49n * M + 48n * S + 372539827n],
  ];
  for (const [input, want] of cases) {
    test(input, () => assert.equal(parseGoDuration(input), want));
  }
  test('milliseconds', () => {
    assert.equal(parseGoDurationMs('1.5s'), 1500);
    assert.equal(parseGoDurationMs('1us'), 0.001);
  });
});

describe('parseGoDuration rejects what Go rejects, with its messages', () => {
  const invalid = (s: string) => `time: invalid duration ${goTimeQuote(s)}`;
  const cases: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1h2', 'time: missing unit in duration "1h2"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['x', 'time: invalid duration "x"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1 s', 'time: unknown unit " s" in duration "1 s"'],
    ['1S', 'time: unknown unit "S" in duration "1S"'],
    ['1\u00b5', 'time: unknown unit "\\xc2\\xb5" in duration "1\\xc2\\xb5"'],
    ['\u0085\u0085', 'time: invalid duration "\\xc2\\x85\\xc2\\x85"'],
    ['\ufffd', 'time: invalid duration "\\xef\\xbf\\xbd"'],
    ['"', 'time: invalid duration "\\""'],
    ['--1s', 'time: invalid duration "--1s"'],
    ['9223372036854775808ns', invalid('9223372036854775808ns')],
    ['9223372036854775.808us', invalid('9223372036854775.808us')],
    ['9223372036854ms775us808ns', invalid('9223372036854ms775us808ns')],
    ['-9223372036854775809ns', invalid('-9223372036854775809ns')],
    ['3000000h', invalid('3000000h')],
    ['9223372036854s', invalid('9223372036854s')],
    ['99999999999999999999s', invalid('99999999999999999999s')],
  ];
  for (const [input, message] of cases) {
    test(JSON.stringify(input), () =>
      assert.throws(() => parseGoDuration(input), { name: 'GoDurationError', message }),
    );
  }
});

describe("formatGoDuration prints as Go's Duration.String", () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1100n, '1.1\u00b5s'],
    [2200n * US, '2.2ms'],
    [100n * MS, '100ms'],
    [3300n * MS, '3.3s'],
    [1500n * MS, '1.5s'],
    [4n * M + 5n * S, '4m5s'],
    [4n * M + 5001n * MS, '4m5.001s'],
    [5n * H + 6n * M + 7001n * MS, '5h6m7.001s'],
    [8n * M + 1n, '8m0.000000001s'],
    [H + 2n * M + 3n * S, '1h2m3s'],
    [72n * H + 3n * M + 500n * MS, '72h3m0.5s'],
    [H, '1h0m0s'],
    [-1n, '-1ns'],
    [(1n << 63n) - 1n, '2562047h47m16.854775807s'],
    [-(1n << 63n), '-2562047h47m16.854775808s'],
    [1n << 70n, '2562047h47m16.854775807s'],
  ];
  for (const [ns, text] of cases) {
    test(text, () => {
      assert.equal(formatGoDuration(ns), text);
      if (ns > -(1n << 63n) && ns < 1n << 63n) assert.equal(parseGoDuration(text), ns);
    });
  }
  test('milliseconds', () => {
    assert.equal(formatGoDurationMs(1500), '1.5s');
    assert.equal(formatGoDurationMs(0.001), '1\u00b5s');
    assert.equal(formatGoDurationMs(-250), '-250ms');
    assert.throws(() => formatGoDurationMs(Number.NaN), RangeError);
  });
});

describe('goDurationFromJSON reads metav1.Duration values', () => {
  test('strings parse as Go durations', () => {
    assert.equal(goDurationFromJSON('1m30s'), 90n * S);
    assert.equal(goDurationFromJSON('0'), 0n);
  });
  const bad: [unknown, string][] = [
    [null, 'time: invalid duration ""'],
    ['', 'time: invalid duration ""'],
    [30, 'json: cannot unmarshal number into Go value of type string'],
    [true, 'json: cannot unmarshal bool into Go value of type string'],
    [{}, 'json: cannot unmarshal object into Go value of type string'],
    [[], 'json: cannot unmarshal array into Go value of type string'],
  ];
  for (const [value, message] of bad) {
    test(`rejects ${JSON.stringify(value)}`, () =>
      assert.throws(() => goDurationFromJSON(value), { name: 'GoDurationError', message }));
  }
});

test('fuzz: parseGoDuration returns an int64 or throws GoDurationError', () => {
  const alphabet = fc.constantFrom(...'0123456789.+-nsuµμmh d'.split(''));
  const durationLike = fc.array(alphabet, { maxLength: 24 }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 24 }), durationLike), (s) => {
      let ns: bigint;
      try {
        ns = parseGoDuration(s);
      } catch (e) {
        assert.ok(e instanceof GoDurationError && e.message.startsWith('time: '));
        return;
      }
      assert.ok(ns >= -(1n << 63n) && ns < 1n << 63n);
      assert.equal(parseGoDuration(formatGoDuration(ns)), ns);
    }),
    { seed: 20261123, numRuns: 2000 },
  );
});

test('fuzz: goDurationFromJSON returns an int64 or throws GoDurationError', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 2 }), (v) => {
      try {
        const ns = goDurationFromJSON(v);
        assert.ok(ns >= -(1n << 63n) && ns < 1n << 63n);
      } catch (e) {
        assert.ok(e instanceof GoDurationError && e.message.length > 0);
      }
    }),
    { seed: 20261123, numRuns: 2000 },
  );
});
