// Runs the apiserver benchmark's core with tiny numbers, so that it keeps working as the
// server changes. Figures are not judged here: only that every one was measured.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FULL, parseApiserverBenchArgs } from '../../bench/apiserver/args.js';
import { runApiserverBench } from '../../bench/apiserver/suite.js';

test('the apiserver benchmark measures every figure on a tiny run', { timeout: 60_000 }, async () => {
  const lines: string[] = [];
  const f = await runApiserverBench(
    {
      ...FULL,
      concurrency: [2],
      cellMs: 150,
      rate: 60,
      openLoopMs: 1000,
      pods: 40,
      lists: 3,
      smallListPods: 10,
      watchers: 3,
      watchWrites: 10,
    },
    (l) => lines.push(l),
  );
  for (const key of [
    'mutating_p50_ms',
    'mutating_p99_ms',
    'list_10k_pods_p50_ms',
    'list_10k_pods_p99_ms',
    'list_10k_pods_rv0_p99_ms',
    'watch_events_per_second',
    'create_pods_per_second',
  ]) {
    assert.equal(typeof f[key], 'number', key);
    assert.ok((f[key] as number) > 0, `${key} is ${String(f[key])}`);
  }
  const cells = f['closed_loop'] as Record<string, { requests: number; errors: number }>;
  assert.deepEqual(Object.keys(cells).sort(), ['create_c2', 'get_c2', 'list_c2', 'update_c2']);
  for (const [name, c] of Object.entries(cells)) {
    assert.ok(c.requests > 0, `${name} made no requests`);
    assert.equal(c.errors, 0, `${name} had errors`);
  }
  // How many patches and deletes the open loop makes depends on how fast creates are answered.
  const open = f['open_loop'] as { errors: number; requests: number };
  assert.equal(open.errors, 0);
  assert.equal(open.requests, 60);
  const watch = f['watch'] as { deliveredEvents: number; expectedEvents: number };
  assert.equal(watch.deliveredEvents, watch.expectedEvents);
  assert.equal(watch.expectedEvents, 30);
  assert.ok(lines.some((l) => l.includes('watch fan-out')));
});

test('benchmark arguments: --quick, overrides and bad input', () => {
  const q = parseApiserverBenchArgs(['--quick', '--pods', '500', '--seconds', '2']);
  assert.equal(q.pods, 500);
  assert.equal(q.openLoopMs, 2000);
  assert.equal(q.cellMs, 500);
  assert.deepEqual(parseApiserverBenchArgs(['--concurrency', '2,8']).concurrency, [2, 8]);
  assert.equal(parseApiserverBenchArgs([]).pods, 10_000);
  assert.throws(() => parseApiserverBenchArgs(['--pods', '0']), /positive integer/);
  assert.throws(() => parseApiserverBenchArgs(['--nope']), /unknown argument/);
});
