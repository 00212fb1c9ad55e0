import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqliteStore, storePaths } from '../../src/storage/sqlite/index.js';
import { tempDir } from '../support/temp-dir.js';

const child = fileURLToPath(new URL('../support/sqlite-crash-child.js', import.meta.url));
const running = new Set<ChildProcess>();

after(() => {
  for (const c of running) c.kill('SIGKILL');
});

interface Acks {
  creates: Map<string, number>;
  counters: Map<string, { value: number; rev: number }>;
  lines: number;
}

/** Runs the writer until `killAfterMs` after it is ready, then SIGKILLs it; returns what it acknowledged. */
function runAndKill(dir: string, round: number, killAfterMs: number): Promise<Acks> {
  const acks: Acks = { creates: new Map(), counters: new Map(), lines: 0 };
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [child, dir, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(c);
    let buf = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => c.kill('SIGKILL'), 20_000);
    c.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    c.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
        const [kind, key, a, b] = line.split(' ');
        if (kind === 'ready') {
          timer = setTimeout(() => c.kill('SIGKILL'), killAfterMs);
        } else if (kind === 'ack' && key !== undefined) {
          acks.creates.set(key, Number(a));
          acks.lines++;
        } else if (kind === 'cas' && key !== undefined) {
          acks.counters.set(key, { value: Number(a), rev: Number(b) });
          acks.lines++;
        }
      }
    });
    c.on('error', reject);
    c.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      running.delete(c);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code ?? signal}: ${stderr}`));
      else resolve(acks);
    });
  });
}

test('every acknowledged write survives SIGKILL and the store reopens cleanly', {
  timeout: 120_000,
}, async () => {
  const dir = tempDir('sqlite-crash');
  try {
    const all = new Map<string, number>();
    let lastRevision = 0;
    for (let round = 0; round < 5; round++) {
      const acks = await runAndKill(dir.path, round, 200 + Math.floor(Math.random() * 1300));
      assert.ok(acks.lines > 0, `round ${round}: the writer acknowledged nothing`);
      for (const [k, rev] of acks.creates) all.set(k, rev);

      const check = new Database(storePaths(dir.path).file);
      try {
        assert.equal(check.pragma('integrity_check', { simple: true }), 'ok', `round ${round}: integrity`);
      } finally {
        check.close();
      }
      const store = await openSqliteStore({ dir: dir.path, compactionRetentionMs: 0 });
      try {
        const now = await store.currentRevision();
        assert.ok(now >= lastRevision, `round ${round}: revision went back from ${lastRevision} to ${now}`);
        lastRevision = now;
        for (const [key, rev] of all) {
          const { kv } = await store.get(key);
          assert.ok(kv !== undefined, `round ${round}: acknowledged ${key} is missing`);
          assert.equal(kv.modRevision, rev, `round ${round}: ${key} revision`);
          assert.ok(rev <= now, `round ${round}: ${key} at ${rev} beyond current ${now}`);
        }
        for (const [key, { value, rev }] of acks.counters) {
          const { kv } = await store.get(key);
          assert.ok(kv !== undefined, `round ${round}: counter ${key} is missing`);
          assert.ok(
            Number(kv.value) >= value,
            `round ${round}: ${key} went back to ${kv.value} from ${value}`,
          );
          assert.ok(kv.modRevision >= rev, `round ${round}: ${key} revision went back`);
        }
        assert.ok((await store.compactedRevision()) <= now, `round ${round}: compacted beyond current`);
        const listed = await store.list('/registry/crash/');
        assert.ok(listed.kvs.length >= all.size, `round ${round}: list lost keys`);
      } finally {
        await store.close();
      }
    }
  } finally {
    dir.remove();
  }
});
