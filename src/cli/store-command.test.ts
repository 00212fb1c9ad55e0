import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { openSqliteStore } from '../storage/sqlite/index.js';
import { DEFAULT_DATA_DIR, parseStoreArgs, UsageError } from './store-command.js';

const bin = fileURLToPath(new URL('./main.js', import.meta.url));
const writer = fileURLToPath(new URL('../../test/support/sqlite-crash-child.js', import.meta.url));
const children = new Set<ChildProcess>();
after(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('parseStoreArgs', () => {
  const ok: Array<[string, string[], ReturnType<typeof parseStoreArgs>]> = [
    [
      'save with default dir',
      ['snapshot', 'save', '/tmp/s.db'],
      { action: 'save', file: '/tmp/s.db', dataDir: DEFAULT_DATA_DIR },
    ],
    [
      'restore with --data-dir',
      ['snapshot', 'restore', '/tmp/s.db', '--data-dir', '/d'],
      { action: 'restore', file: '/tmp/s.db', dataDir: '/d', bumpRevision: 0 },
    ],
    [
      'restore with a bump',
      ['snapshot', 'restore', '/s', '--bump-revision', '1000000', '--data-dir=/d'],
      { action: 'restore', file: '/s', dataDir: '/d', bumpRevision: 1_000_000 },
    ],
    [
      'bump = form',
      ['snapshot', 'restore', '/s', '--bump-revision=0'],
      { action: 'restore', file: '/s', dataDir: DEFAULT_DATA_DIR, bumpRevision: 0 },
    ],
    [
      'flag first, = form',
      ['--data-dir=/d', 'snapshot', 'save', 's.db'],
      { action: 'save', file: resolve('s.db'), dataDir: '/d' },
    ],
    [
      'relative data dir',
      ['snapshot', 'save', '/s', '--data-dir', 'rel'],
      { action: 'save', file: '/s', dataDir: resolve('rel') },
    ],
    [
      'after --',
      ['snapshot', 'save', '--', '-odd-name'],
      { action: 'save', file: resolve('-odd-name'), dataDir: DEFAULT_DATA_DIR },
    ],
    ['help', ['snapshot', '--help'], { action: 'help' }],
  ];
  for (const [name, args, want] of ok) test(name, () => assert.deepEqual(parseStoreArgs(args), want));

  const bad: Array<[string, string[], string]> = [
    ['nothing', [], 'missing subcommand: snapshot'],
    ['unknown subcommand', ['backup'], 'unknown subcommand "backup"'],
    ['no action', ['snapshot'], 'missing action: save or restore'],
    ['unknown action', ['snapshot', 'list'], 'unknown action "list"'],
    ['no file', ['snapshot', 'save'], 'snapshot save needs a FILE'],
    ['extra argument', ['snapshot', 'save', 'a', 'b'], 'unexpected argument "b"'],
    ['flag without value', ['snapshot', 'save', 'a', '--data-dir'], 'flag needs an argument: --data-dir'],
    ['empty = value', ['snapshot', 'save', 'a', '--data-dir='], 'flag needs an argument: --data-dir'],
    [
      'repeated flag',
      ['snapshot', 'save', 'a', '--data-dir', '/x', '--data-dir', '/y'],
      '--data-dir given more than once',
    ],
    ['unknown flag', ['snapshot', 'save', 'a', '--force'], 'unknown flag: --force'],
    [
      'bump on save',
      ['snapshot', 'save', 'a', '--bump-revision', '5'],
      '--bump-revision applies to restore only',
    ],
    [
      'negative bump',
      ['snapshot', 'restore', 'a', '--bump-revision=-5'],
      'invalid value "-5" for --bump-revision: want a non-negative integer',
    ],
    [
      'bump without value',
      ['snapshot', 'restore', 'a', '--bump-revision'],
      'flag needs an argument: --bump-revision',
    ],
    [
      'huge bump',
      ['snapshot', 'restore', 'a', '--bump-revision', '1234567890123456'],
      'invalid value "1234567890123456" for --bump-revision: want a non-negative integer',
    ],
  ];
  for (const [name, args, message] of bad) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => parseStoreArgs(args),
        (err: unknown) => err instanceof UsageError && err.message === message,
      );
    });
  }

  test('fuzz: any argv parses or fails with a UsageError', () => {
    const word = fc.oneof(
      fc.constantFrom(
        'snapshot',
        'save',
        'restore',
        '--data-dir',
        '--data-dir=',
        '--bump-revision',
        '7',
        '--',
        '-h',
        '-',
        '',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 7 }), (args) => {
        try {
          parseStoreArgs(args);
        } catch (err) {
          assert.ok(err instanceof UsageError, `threw ${String(err)}`);
          assert.ok(err.message.length > 0);
        }
      }),
      { seed: 31337, numRuns: 2000 },
    );
  });
});

describe('kite store snapshot', () => {
  test('save while a server writes, restore refused while it runs, restore after it stops', {
    timeout: 60_000,
  }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'kite-store-cli-'));
    try {
      const data = join(root, 'data');
      const child = spawn(process.execPath, [writer, data, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.add(child);
      const exited = new Promise<void>((r) => child.on('exit', () => r()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('ack ')) resolve();
        });
        child.on('exit', () => reject(new Error('writer exited early')));
      });
      const snap = join(root, 'snap.db');
      const save = spawnSync(process.execPath, [bin, 'store', 'snapshot', 'save', snap, '--data-dir', data], {
        encoding: 'utf8',
      });
      assert.equal(save.status, 0, save.stderr);
      assert.match(
        save.stdout,
        /^Snapshot saved to .*snap\.db at revision \d+ \(from the running server\)\n$/,
      );
      const refused = spawnSync(
        process.execPath,
        [bin, 'store', 'snapshot', 'restore', snap, '--data-dir', data],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(refused.status, 1);
      assert.match(
        refused.stderr,
        /is in use by a running process \(pid \d+\); stop the server before restoring/,
      );

      child.kill('SIGKILL');
      await exited;
      children.delete(child);
      const restore = spawnSync(
        process.execPath,
        [bin, 'store', 'snapshot', 'restore', snap, '--data-dir', data],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(restore.status, 0, restore.stderr);
      const rev = Number(/revision (\d+)/.exec(save.stdout)?.[1]);
      const store = await openSqliteStore({ dir: data, compactionRetentionMs: 0 });
      try {
        assert.equal(await store.currentRevision(), rev);
      } finally {
        await store.close();
      }
      const usage = spawnSync(process.execPath, [bin, 'store', 'snapshot'], { encoding: 'utf8' });
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /missing action: save or restore/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
