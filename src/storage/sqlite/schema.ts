import Database from 'better-sqlite3';
import { StoreError } from '../store.js';

/**
 * On-disk layout (schema version 1).
 *
 *   log   one row per write, keyed by its revision: the revision log. A put row holds the value;
 *         a delete row holds '' and points at the version it removed (prev_rev). Watch history
 *         and reads at older revisions come from here.
 *   kv    the live keys: key → (create_rev, mod_rev, expires_at). The value is the log row at
 *         mod_rev, so each value is stored once.
 *   meta  current_rev, compact_rev (logical: reads at or below fail) and compact_done (how far
 *         superseded rows have been physically removed).
 *
 * Invariant kept by compaction: for every key, the newest log row at or below compact_rev
 * survives if it is a put, so any read above compact_rev and the prev of any event above
 * compact_rev still resolve.
 */
export const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log (
  rev INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  create_rev INTEGER NOT NULL,
  prev_rev INTEGER NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS log_key_rev ON log (key, rev, deleted, create_rev);
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  create_rev INTEGER NOT NULL,
  mod_rev INTEGER NOT NULL,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expiry ON kv (expires_at) WHERE expires_at IS NOT NULL;
`;

/** How commits reach the disk: FULL fsyncs the WAL on every commit; NORMAL only at checkpoints. */
export type Synchronous = 'FULL' | 'NORMAL';

/**
 * Opens (creating when absent) the database file and brings its schema up. Throws StoreError
 * ('invalid') for a file that is not a kite store of a known version.
 */
export function openDatabase(file: string, synchronous: Synchronous): Database.Database {
  const db = new Database(file);
  try {
    // auto_vacuum only takes effect before the first table exists; a no-op afterwards.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_size_limit = 67108864');
    db.pragma('foreign_keys = OFF');
    db.exec(DDL);
    const version = db.prepare(`SELECT value FROM meta WHERE name = 'schema_version'`).pluck().get();
    if (version === undefined) {
      const init = db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)');
      db.transaction(() => {
        init.run('schema_version', SCHEMA_VERSION);
        init.run('current_rev', 0);
        init.run('compact_rev', 0);
        init.run('compact_done', 0);
      })();
    } else if (version !== SCHEMA_VERSION) {
      throw new StoreError('invalid', `${file}: store schema version ${String(version)} is not supported`);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Reads one integer from meta; 0 when absent. */
export function readMeta(db: Database.Database, name: string): number {
  const v = db.prepare('SELECT value FROM meta WHERE name = ?').pluck().get(name);
  return typeof v === 'number' ? v : 0;
}

/** A row of `kv` joined with its value. */
export interface LiveRow {
  readonly key: string;
  readonly create_rev: number;
  readonly mod_rev: number;
  readonly value: string;
}

/** A row of `log`, with the value of the version it replaced (for watch events). */
export interface LogRow {
  readonly rev: number;
  readonly key: string;
  readonly deleted: number;
  readonly create_rev: number;
  readonly prev_rev: number;
  readonly value: string;
  readonly prev_value: string | null;
}

/** The newest version of a key at or below a revision, without its value. */
export interface VersionRow {
  readonly key: string;
  readonly rev: number;
  readonly deleted: number;
  readonly create_rev: number;
}

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    getLive: db.prepare<[string], LiveRow>(
      'SELECT k.key, k.create_rev, k.mod_rev, l.value FROM kv k JOIN log l ON l.rev = k.mod_rev WHERE k.key = ?',
    ),
    getAt: db.prepare<[string, number], VersionRow>(
      'SELECT key, rev, deleted, create_rev FROM log WHERE key = ? AND rev <= ? ORDER BY rev DESC LIMIT 1',
    ),
    valueAt: db.prepare<[number], string>('SELECT value FROM log WHERE rev = ?').pluck(),
    listLive: db.prepare<[string, string, number], LiveRow>(
      `SELECT k.key, k.create_rev, k.mod_rev, l.value FROM kv k JOIN log l ON l.rev = k.mod_rev
       WHERE k.key >= ? AND k.key < ? ORDER BY k.key LIMIT ?`,
    ),
    countLive: db
      .prepare<[string, string], number>('SELECT count(*) FROM kv WHERE key >= ? AND key < ?')
      .pluck(),
    countLiveAfter: db
      .prepare<[string, string], number>('SELECT count(*) FROM kv WHERE key > ? AND key < ?')
      .pluck(),
    // The bare columns come from the row holding max(rev) (SQLite guarantees this).
    versionsAt: db.prepare<[string, string, number], VersionRow>(
      `SELECT key, max(rev) AS rev, deleted, create_rev FROM log
       WHERE key >= ? AND key < ? AND rev <= ? GROUP BY key ORDER BY key`,
    ),
    // `+l.key` keeps the planner on the revision range: history reads are bounded by revision.
    history: db.prepare<[number, number, string, string], LogRow>(
      `SELECT l.rev, l.key, l.deleted, l.create_rev, l.prev_rev, l.value, p.value AS prev_value
       FROM log l LEFT JOIN log p ON p.rev = l.prev_rev
       WHERE l.rev > ? AND l.rev <= ? AND +l.key >= ? AND +l.key < ? ORDER BY l.rev`,
    ),
    insertLog: db.prepare<[number, string, number, number, number, string]>(
      'INSERT INTO log (rev, key, deleted, create_rev, prev_rev, value) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    upsertKv: db.prepare<[string, number, number, number | null]>(
      `INSERT INTO kv (key, create_rev, mod_rev, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET create_rev = excluded.create_rev, mod_rev = excluded.mod_rev,
       expires_at = excluded.expires_at`,
    ),
    deleteKv: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
    setMeta: db.prepare<[number, string]>('UPDATE meta SET value = ? WHERE name = ?'),
    nextExpiry: db
      .prepare<[], number | null>('SELECT min(expires_at) FROM kv WHERE expires_at IS NOT NULL')
      .pluck(),
    expired: db.prepare<[number, number], { key: string; mod_rev: number }>(
      'SELECT key, mod_rev FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?',
    ),
    compactBatch: db.prepare<[number, number, number], { rev: number; prev_rev: number; deleted: number }>(
      'SELECT rev, prev_rev, deleted FROM log WHERE rev > ? AND rev <= ? ORDER BY rev LIMIT ?',
    ),
    deleteLog: db.prepare<[number]>('DELETE FROM log WHERE rev = ?'),
  };
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;
