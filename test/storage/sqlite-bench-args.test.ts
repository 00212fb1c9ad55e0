import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BenchUsageError, parseBenchArgs } from '../../bench/store/args.js';

describe('store benchmark arguments', () => {
  const ok: Array<[string, string[], Partial<ReturnType<typeof parseBenchArgs>>]> = [
    ['defaults', [], { durationMs: 2000, listKeys: 10_000, watchEvents: 2000, etcd: true }],
    ['short run without etcd', ['--duration-ms', '500', '--no-etcd'], { durationMs: 500, etcd: false }],
    [
      'list and watch sizes',
      ['--list-keys', '100', '--watch-events', '50'],
      { listKeys: 100, watchEvents: 50 },
    ],
  ];
  for (const [name, args, want] of ok) {
    test(name, () => {
      const got = parseBenchArgs(args);
      for (const [k, v] of Object.entries(want)) assert.equal(got[k as keyof typeof got], v, k);
    });
  }

  const bad: Array<[string, string[], string]> = [
    ['unknown flag', ['--fast'], 'unknown argument "--fast"'],
    ['missing value', ['--duration-ms'], '--duration-ms needs a positive integer, got ""'],
    ['zero', ['--list-keys', '0'], '--list-keys needs a positive integer, got "0"'],
    ['fraction', ['--watch-events', '1.5'], '--watch-events needs a positive integer, got "1.5"'],
    ['prototype key', ['toString'], 'unknown argument "toString"'],
  ];
  for (const [name, args, message] of bad) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => parseBenchArgs(args),
        (err: unknown) => err instanceof BenchUsageError && err.message === message,
      );
    });
  }

  test('fuzz: any argv parses or fails with a BenchUsageError', () => {
    const word = fc.oneof(
      fc.constantFrom(
        '--duration-ms',
        '--list-keys',
        '--watch-events',
        '--no-etcd',
        '1',
        '0',
        '__proto__',
        'constructor',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (args) => {
        try {
          const s = parseBenchArgs(args);
          assert.ok(Number.isSafeInteger(s.durationMs) && s.durationMs > 0);
        } catch (err) {
          assert.ok(err instanceof BenchUsageError, `threw ${String(err)}`);
        }
      }),
      { seed: 555, numRuns: 2000 },
    );
  });
});
