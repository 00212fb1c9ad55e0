// `npm run bench -- store [--duration-ms N] [--list-keys N] [--watch-events N] [--no-etcd]`:
// the embedded store against a single-member etcd on the same machine, both fsyncing every
// acknowledged write, plus the embedded store with synchronous=NORMAL for comparison.
import type { Store } from '../src/storage/index.js';
import type { BenchSettings } from './store/args.js';
import { parseBenchArgs } from './store/args.js';
import type { BenchBackend } from './store/backends.js';
import { openEmbedded, openEtcd } from './store/backends.js';
import type { CompactionFigures, ListFigures, WatchFigures, WriteFigures } from './store/measure.js';
import { compactionLoad, listLoad, watchLoad, writeLoad } from './store/measure.js';

const CONCURRENCY = [1, 16, 256] as const;
const SIZES = [1024, 10 * 1024] as const;

interface BackendFigures {
  writes: Record<string, WriteFigures>;
  list?: ListFigures;
  watch?: WatchFigures;
  compaction?: CompactionFigures;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function measure(
  b: BenchBackend,
  s: BenchSettings,
  full: boolean,
  compaction: boolean,
): Promise<BackendFigures> {
  const store: Store = b.store;
  const out: BackendFigures = { writes: {} };
  const cells = full
    ? CONCURRENCY.flatMap((c) => SIZES.map((size) => [c, size] as const))
    : ([
        [1, 1024],
        [16, 1024],
        [256, 1024],
      ] as const);
  for (const [c, size] of cells) {
    const f = await writeLoad(store, `/bench/w-c${c}-s${size}/`, c, size, s.durationMs);
    out.writes[`c${c}_${size / 1024}k`] = f;
    say(
      `  ${b.name.padEnd(24)} writes c=${String(c).padStart(3)} ${String(size / 1024).padStart(2)} KiB: ${String(f.writesPerSec).padStart(7)}/s  p50 ${f.p50} ms  p99 ${f.p99} ms`,
    );
  }
  if (full) {
    out.list = await listLoad(store, '/bench/list/', s.listKeys);
    say(
      `  ${b.name.padEnd(24)} list ${s.listKeys} keys: p50 ${out.list.fullListMs.p50} ms, paged (500) ${out.list.pagedListMs} ms`,
    );
    out.watch = await watchLoad(store, '/bench/watch/', s.watchEvents);
    say(
      `  ${b.name.padEnd(24)} watch ${out.watch.events} events: ack→event p99 ${out.watch.ackToEvent.p99} ms, issue→event p99 ${out.watch.issueToEvent.p99} ms`,
    );
  }
  if (compaction) {
    out.compaction = await compactionLoad(store, '/bench/compact/', 20_000);
    const c = out.compaction;
    say(
      `  ${b.name.padEnd(24)} compact ${c.superseded} superseded versions: ${c.compactMs} ms, longest loop stall ${c.maxLoopBlockMs} ms, concurrent write p99 ${c.writerDuring.p99} ms`,
    );
  }
  return out;
}

/** Runs the store benchmark; prints a table and returns the figures (see bench/run.ts). */
export async function run(args: readonly string[]): Promise<Record<string, unknown>> {
  const s = parseBenchArgs(args);
  const figures: Record<string, unknown> = { settings: s };
  say('store benchmark (every acknowledged write durable unless marked NORMAL)');

  const embedded = await openEmbedded('FULL');
  let sqlite: BackendFigures;
  try {
    sqlite = await measure(embedded, s, true, true);
  } finally {
    await embedded.dispose();
  }
  figures['sqlite_full'] = sqlite;

  const normal = await openEmbedded('NORMAL');
  try {
    figures['sqlite_normal'] = await measure(normal, s, false, false);
  } finally {
    await normal.dispose();
  }

  let etcd: BackendFigures | undefined;
  if (!s.etcd) {
    figures['etcd'] = 'skipped (--no-etcd)';
  } else {
    const e = await openEtcd();
    if ('unavailable' in e) {
      say(`  ${e.unavailable}`);
      figures['etcd'] = e.unavailable;
    } else {
      try {
        etcd = await measure(e, s, true, false);
        figures['etcd'] = etcd;
      } catch (err) {
        // Reported as a failure, never as numbers: the embedded half stands on its own.
        const why = `etcd run failed: ${err instanceof Error ? err.message : String(err)}`;
        say(`  ${why}`);
        figures['etcd'] = why;
      } finally {
        await e.dispose().catch(() => undefined);
      }
    }
  }

  const mine = sqlite.writes['c16_1k']!.writesPerSec;
  const theirs = etcd?.writes['c16_1k']?.writesPerSec;
  figures['write_ratio_vs_etcd'] =
    theirs === undefined || theirs === 0 ? null : Math.round((mine / theirs) * 100) / 100;
  figures['watch_p99_ms'] = sqlite.watch?.ackToEvent.p99 ?? null;
  say(
    `write_ratio_vs_etcd (c=16, 1 KiB): ${String(figures['write_ratio_vs_etcd'] ?? 'n/a (etcd not measured)')}`,
  );
  say(`watch_p99_ms (embedded, ack→event): ${String(figures['watch_p99_ms'])}`);
  return figures;
}
