// A writer for the crash test: opens the store in argv[2], writes as fast as it can with eight
// concurrent writers while compacting, and prints one line per acknowledged write. The parent kills it with
// SIGKILL at a random moment and then checks that every acknowledged write survived.
//   ack <key> <revision>           a create was acknowledged
//   cas <key> <value> <revision>   an update of a counter was acknowledged
import { openSqliteStore } from '../../src/storage/sqlite/index.js';

const [dir, round] = process.argv.slice(2);
if (dir === undefined || round === undefined) {
  process.stderr.write('usage: sqlite-crash-child DIR ROUND\n');
  process.exit(2);
}

const store = await openSqliteStore({ dir, compactionRetentionMs: 0 });
const out: string[] = [];
let flushing = false;
function report(line: string): void {
  out.push(line);
  if (flushing) return;
  flushing = true;
  // Acknowledged lines go out in order; a line may be lost in the kill, never invented.
  setImmediate(() => {
    flushing = false;
    const text = out.join('');
    out.length = 0;
    process.stdout.write(text);
  });
}

async function writer(w: number): Promise<void> {
  const counter = `/registry/counters/${w}`;
  let current = await store.get(counter);
  if (current.kv === undefined) {
    const c = await store.create(counter, '0');
    current = { kv: c.ok ? c.kv : c.current, revision: 0 };
  }
  for (let i = 0; ; i++) {
    const key = `/registry/crash/r${round}-w${w}-${i}`;
    const r = await store.create(key, `${round}:${w}:${i}:${'x'.repeat(200)}`);
    if (r.ok) report(`ack ${key} ${r.kv.modRevision}\n`);
    const kv = current.kv!;
    const next = String(Number(kv.value) + 1);
    const u = await store.update(counter, next, kv.modRevision);
    if (u.ok) {
      report(`cas ${counter} ${next} ${u.kv.modRevision}\n`);
      current = { kv: u.kv, revision: u.kv.modRevision };
    } else {
      current = await store.get(counter);
    }
  }
}

// Compaction runs all the time too, so kills also land in the middle of it.
setInterval(() => {
  void store.currentRevision().then((rev) => (rev > 50 ? store.compact(rev - 50) : undefined));
}, 50);

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
