import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../store.js';
import { show } from './keys.js';
import { acquireLock, lockHolder, releaseLock } from './lock.js';
import { SCHEMA_VERSION } from './schema.js';
import { writeSnapshot } from './snapshot-file.js';
import { openSqliteStore, storePaths } from './sqlite-store.js';

/** What `saveSnapshot` did: copied from a running server's store, or opened the store itself. */
export interface SaveResult {
  readonly mode: 'online' | 'offline';
  readonly revision: number;
}

function snapshotRevision(file: string): number {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StoreError('invalid', `${file} is not a kite store snapshot: ${String(err)}`, { cause: err });
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new StoreError('invalid', `${file} is damaged: ${String(check)}`);
    const rows = db
      .prepare<[], { name: string; value: number }>(
        `SELECT name, value FROM meta WHERE name IN ('schema_version', 'current_rev')`,
      )
      .all();
    const meta = new Map(rows.map((r) => [r.name, r.value]));
    if (meta.get('schema_version') !== SCHEMA_VERSION) {
      throw new StoreError(
        'invalid',
        `${file} is not a kite store snapshot of schema version ${SCHEMA_VERSION}`,
      );
    }
    return meta.get('current_rev') ?? 0;
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError('invalid', `${file} is not a kite store snapshot: ${String(err)}`, { cause: err });
  } finally {
    db.close();
  }
}

/**
 * Writes a consistent snapshot of the store under `dataDir` to `file`. When a server holds the
 * store, a read-only connection copies one read transaction's view (`VACUUM INTO`; WAL lets the
 * server keep writing meanwhile); otherwise the store is opened (and locked) for the copy.
 * Throws StoreError('invalid') when there is no store there.
 */
export async function saveSnapshot(dataDir: string, file: string): Promise<SaveResult> {
  const paths = storePaths(dataDir);
  if (!existsSync(paths.file)) throw new StoreError('invalid', `no kite store at ${paths.dir}`);
  const target = resolve(file);
  if (lockHolder(paths.lock).state === 'held') {
    await writeSnapshot(target, async (tmp) => {
      const db = new Database(paths.file, { readonly: true, fileMustExist: true });
      try {
        db.pragma('busy_timeout = 5000');
        db.prepare('VACUUM INTO ?').run(tmp);
      } finally {
        db.close();
      }
    });
    return { mode: 'online', revision: snapshotRevision(target) };
  }
  const store = await openSqliteStore({ dir: dataDir, compactionRetentionMs: 0 });
  try {
    await store.snapshot(target);
  } finally {
    await store.close();
  }
  return { mode: 'offline', revision: snapshotRevision(target) };
}

/** Options of `restoreSnapshot`. */
export interface RestoreOptions {
  /**
   * Moves the revision this far past the snapshot's and marks everything up to there compacted,
   * so clients that saw revisions newer than the snapshot get 410 Gone and list again instead
   * of silently missing changes (etcd's --bump-revision with --mark-compacted). Default 0.
   */
  readonly bumpRevision?: number;
}

/**
 * Replaces the store under `dataDir` with the snapshot `file` (checked first). Refuses, with
 * StoreError('unavailable'), while a running process holds the store. Not atomic across a
 * crash in the middle: run it again.
 */
export async function restoreSnapshot(
  file: string,
  dataDir: string,
  opts: RestoreOptions = {},
): Promise<{ revision: number }> {
  const bump = opts.bumpRevision ?? 0;
  if (!Number.isSafeInteger(bump) || bump < 0) {
    throw new StoreError('invalid', `bumpRevision must be a non-negative integer, got ${show(bump)}`);
  }
  const source = resolve(file);
  const snapshotRev = snapshotRevision(source);
  const revision = snapshotRev + bump;
  const paths = storePaths(dataDir);
  mkdirSync(paths.dir, { recursive: true });
  const holder = lockHolder(paths.lock);
  if (holder.state === 'held') {
    throw new StoreError(
      'unavailable',
      `the store in ${paths.dir} is in use by a running process (pid ${holder.pid}); stop the server before restoring`,
    );
  }
  acquireLock(paths.lock, `store ${paths.dir}`);
  try {
    await writeSnapshot(`${paths.file}.restore`, async (tmp) => copyFileSync(source, tmp));
    for (const suffix of ['-wal', '-shm', '']) rmSync(`${paths.file}${suffix}`, { force: true });
    renameSync(`${paths.file}.restore`, paths.file);
    if (bump > 0) {
      const db = new Database(paths.file);
      try {
        db.pragma('synchronous = FULL');
        const set = db.prepare('UPDATE meta SET value = ? WHERE name = ?');
        db.transaction(() => {
          set.run(revision, 'current_rev');
          set.run(revision, 'compact_rev');
        })();
      } finally {
        db.close();
      }
    }
  } finally {
    releaseLock(paths.lock);
  }
  return { revision };
}
