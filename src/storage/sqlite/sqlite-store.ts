import { mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type {
  CreateResult,
  DeleteResult,
  GetResult,
  ListOptions,
  ListResult,
  Store,
  UpdateResult,
  WatchBatch,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from '../store.js';
import { CompactedError, StoreError } from '../store.js';
import { compactRows, compactStep, PIGGYBACK_ROWS, RevisionClock, vacuumStep } from './compaction.js';
import type { Pending } from './group-commit.js';
import { GroupCommit } from './group-commit.js';
import { checkKey, checkRevision, prefixRange, show } from './keys.js';
import { acquireLock, releaseLock } from './lock.js';
import type { Statements, Synchronous } from './schema.js';
import { openDatabase, prepareStatements, readMeta } from './schema.js';
import type { ReadPoint } from './reads.js';
import { readHistory, readKey, readRange } from './reads.js';
import { writeSnapshot } from './snapshot-file.js';
import { TtlSweeper } from './ttl.js';
import { WatchHub } from './watch-hub.js';
import type { Applied, WriteOp } from './writes.js';
import { applyWrite } from './writes.js';

/** Where a data directory keeps its database and lock file. */
export function storePaths(dataDir: string): { dir: string; file: string; lock: string } {
  const dir = join(dataDir, 'db');
  return { dir, file: join(dir, 'state.db'), lock: join(dir, 'kite.lock') };
}

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** The data directory; the database lives in `<dir>/db/`. Created when absent. */
  readonly dir: string;
  /** History kept before automatic compaction drops it (default 5 minutes; 0 turns it off). */
  readonly compactionRetentionMs?: number;
  /** How often automatic compaction looks for work (default 30 s). */
  readonly compactionIntervalMs?: number;
  /**
   * 'FULL' (default) makes every acknowledged write survive power loss. 'NORMAL' survives a
   * process crash only; it exists to measure the difference.
   */
  readonly synchronous?: Synchronous;
  /** The clock (ms since the epoch) used for TTLs and retention. */
  readonly now?: () => number;
}

const FUTURE = 'mvcc: required revision is a future revision';
/** Writers count as idle after this long without a commit. */
const IDLE_MS = 20;

function mismatch(want: WriteOp['kind'], got: Applied): StoreError {
  return new StoreError('unavailable', `internal error: a ${want} was answered as a ${got.kind}`);
}

/**
 * The embedded store: one SQLite database in WAL mode, written through group commit, watched
 * through an in-process hub fed right after each commit. Safe for concurrent use within one
 * process; a lock file keeps other processes from opening the same store.
 */
export class SqliteStore implements Store {
  private rev: number;
  private compactRev: number;
  private compactDone: number;
  private closed = false;
  private started = false;
  private closing: Promise<void> | undefined;
  private compacting: Promise<void> | undefined;
  private vacuuming: Promise<void> | undefined;
  private compactTimer: NodeJS.Timeout | undefined;
  private readonly st: Statements;
  private readonly hub: WatchHub;
  private readonly ttl: TtlSweeper;
  private readonly writer: GroupCommit;
  private readonly clock = new RevisionClock();
  private readonly now: () => number;
  private readonly commitTxn: (batch: readonly Pending[]) => { applied: Applied[]; compactDone: number };
  private lastCommitAt = 0;
  private commits = 0;
  private committedWrites = 0;

  /** Use `openSqliteStore`. */
  constructor(
    private readonly db: Database.Database,
    private readonly lockPath: string,
    private readonly opts: SqliteStoreOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.st = prepareStatements(db);
    this.rev = readMeta(db, 'current_rev');
    this.compactRev = readMeta(db, 'compact_rev');
    this.compactDone = readMeta(db, 'compact_done');
    this.clock.record(this.rev, this.now());
    this.hub = new WatchHub({
      currentRevision: () => this.rev,
      compactedRevision: () => this.compactRev,
      readHistory: (after, upTo, range) => readHistory(this.st, after, upTo, range),
    });
    this.ttl = new TtlSweeper(this.st, this.now, (key, rev) => this.delete(key, rev));
    this.writer = new GroupCommit((batch) => this.commitBatch(batch));
    // While compaction is behind, each write transaction also removes a few dead rows: busy
    // writers then never wait for a compaction commit (and its fsync) of its own.
    const txn = db.transaction((batch: readonly Pending[]): { applied: Applied[]; compactDone: number } => {
      let rev = this.rev;
      const applied = batch.map((p) => {
        const a = applyWrite(this.st, p.op, rev + 1);
        if (a.event !== undefined) rev++;
        return a;
      });
      if (rev !== this.rev) this.st.setMeta.run(rev, 'current_rev');
      const behind = this.compactDone < this.compactRev;
      const compactDone = behind
        ? compactRows(this.st, this.compactDone, this.compactRev, PIGGYBACK_ROWS)
        : this.compactDone;
      return { applied, compactDone };
    });
    this.commitTxn = (batch) => txn.immediate(batch);
  }

  /** Starts the TTL and compaction timers and finishes an interrupted compaction. Idempotent. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.ttl.start();
    const retention = this.opts.compactionRetentionMs ?? 5 * 60_000;
    if (retention > 0) {
      const every = this.opts.compactionIntervalMs ?? 30_000;
      this.compactTimer = setInterval(() => void this.autoCompact(retention), every);
      this.compactTimer.unref();
    }
    if (this.compactDone < this.compactRev) void this.runCompaction();
  }

  /**
   * Counters since open: transactions committed, writes they carried (group commit puts many
   * writes in one transaction), open watches, and the database size in bytes. Reads only.
   */
  stats(): { commits: number; writes: number; watchers: number; fileBytes: number; freePages: number } {
    this.ensureOpen();
    const pageSize = Number(this.db.pragma('page_size', { simple: true }));
    const pages = Number(this.db.pragma('page_count', { simple: true }));
    return {
      commits: this.commits,
      writes: this.committedWrites,
      watchers: this.hub.size,
      fileBytes: pageSize * pages,
      freePages: Number(this.db.pragma('freelist_count', { simple: true })),
    };
  }

  async currentRevision(): Promise<number> {
    this.ensureOpen();
    return this.rev;
  }

  async compactedRevision(): Promise<number> {
    this.ensureOpen();
    return this.compactRev;
  }

  async get(key: string, revision?: number): Promise<GetResult> {
    this.ensureOpen();
    checkKey(key, 'key');
    return readKey(this.st, key, this.readPoint(revision));
  }

  async create(key: string, value: string, opts?: WriteOptions): Promise<CreateResult> {
    this.ensureOpen();
    const op: WriteOp = {
      kind: 'create',
      key: checkKey(key, 'key'),
      value: checkValue(value),
      expiresAt: this.expiry(opts),
    };
    const a = await this.writer.submit(op);
    if (a.kind !== 'create') throw mismatch('create', a);
    return a.result;
  }

  async update(
    key: string,
    value: string,
    expectedModRevision: number,
    opts?: WriteOptions,
  ): Promise<UpdateResult> {
    this.ensureOpen();
    const expected = checkExpected(expectedModRevision);
    const op: WriteOp = {
      kind: 'update',
      key: checkKey(key, 'key'),
      value: checkValue(value),
      expected,
      expiresAt: this.expiry(opts),
    };
    const a = await this.writer.submit(op);
    if (a.kind !== 'update') throw mismatch('update', a);
    return a.result;
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.ensureOpen();
    const expected = expectedModRevision === undefined ? undefined : checkExpected(expectedModRevision);
    const op: WriteOp = { kind: 'delete', key: checkKey(key, 'key'), expected };
    const a = await this.writer.submit(op);
    if (a.kind !== 'delete') throw mismatch('delete', a);
    return a.result;
  }

  async list(prefix: string, options?: ListOptions): Promise<ListResult> {
    this.ensureOpen();
    const range = prefixRange(prefix);
    const opts = checkOptions<ListOptions>(options, 'list options');
    const point = this.readPoint(opts.revision);
    const limit = opts.limit ?? 0;
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new StoreError('invalid', `limit must be a non-negative integer, got ${show(limit)}`);
    }
    let start = range.start;
    if (opts.startKey !== undefined) {
      start = checkKey(opts.startKey, 'start key');
      if (!start.startsWith(range.start)) {
        throw new StoreError(
          'invalid',
          `start key ${JSON.stringify(start)} is not under prefix ${JSON.stringify(range.start)}`,
        );
      }
    }
    return readRange(this.st, range, start, point, limit);
  }

  async count(prefix: string): Promise<number> {
    this.ensureOpen();
    const range = prefixRange(prefix);
    return this.st.countLive.get(range.start, range.end) ?? 0;
  }

  watch(opts: WatchOptions): AsyncIterable<WatchBatch> {
    // Checked lazily so that a closed store fails the iteration, as the contract says.
    const self = this;
    return (async function* () {
      self.ensureOpen();
      yield* self.hub.watch(opts);
    })();
  }

  async compact(revision: number): Promise<void> {
    this.ensureOpen();
    if (!Number.isSafeInteger(revision) || revision < 0) {
      throw new StoreError(
        'invalid',
        `compact revision must be a non-negative integer, got ${show(revision)}`,
      );
    }
    if (revision > this.rev) throw new StoreError('future-revision', FUTURE);
    if (revision > this.compactRev) {
      this.db.transaction(() => this.st.setMeta.run(revision, 'compact_rev')).immediate();
      this.compactRev = revision;
    }
    await this.runCompaction();
  }

  /**
   * Writes a consistent copy of the database to `file` while the store keeps serving (SQLite's
   * online backup, page by page across event-loop turns). Replaces `file` atomically.
   */
  async snapshot(file: string): Promise<void> {
    this.ensureOpen();
    await writeSnapshot(file, (tmp) => this.db.backup(tmp).then(() => undefined));
  }

  async close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    await this.writer.drained();
    this.ttl.stop();
    clearInterval(this.compactTimer);
    await this.compacting;
    await this.vacuuming;
    this.hub.closeAll();
    this.db.close();
    releaseLock(this.lockPath);
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreError('closed', 'store is closed');
  }

  private readPoint(revision: number | undefined): ReadPoint {
    const at = checkRevision(revision, 'revision');
    if (at === undefined) return { at: this.rev, live: true };
    if (at > this.rev) throw new StoreError('future-revision', FUTURE);
    if (at <= this.compactRev) throw new CompactedError(at, this.compactRev);
    return { at, live: at === this.rev };
  }

  private expiry(options: WriteOptions | undefined): number | null {
    const ttl = checkOptions<WriteOptions>(options, 'write options').ttlSeconds;
    if (ttl === undefined) return null;
    if (!Number.isSafeInteger(ttl) || ttl <= 0) {
      throw new StoreError('invalid', `ttlSeconds must be a positive integer, got ${show(ttl)}`);
    }
    return this.now() + ttl * 1000;
  }

  private commitBatch(batch: readonly Pending[]): void {
    let applied: Applied[];
    try {
      const r = this.commitTxn(batch);
      applied = r.applied;
      this.compactDone = r.compactDone;
      this.lastCommitAt = performance.now();
    } catch (err) {
      const e = new StoreError(
        'unavailable',
        `commit failed: ${err instanceof Error ? err.message : String(err)}`,
        {
          cause: err,
        },
      );
      for (const p of batch) p.reject(e);
      return;
    }
    this.commits++;
    this.committedWrites += batch.length;
    const events: WatchEvent[] = [];
    for (const a of applied) if (a.event !== undefined) events.push(a.event);
    if (events.length > 0) {
      const last = events[events.length - 1]!;
      this.rev = last.type === 'delete' ? last.revision : last.kv.modRevision;
      this.clock.record(this.rev, this.now());
      this.hub.publish(events);
    }
    for (const [i, p] of batch.entries()) {
      const op = p.op;
      if (op.kind !== 'delete' && op.expiresAt !== null && applied[i]?.event !== undefined) {
        this.ttl.schedule(op.expiresAt);
      }
      p.resolve(applied[i]!);
    }
  }

  private async autoCompact(retentionMs: number): Promise<void> {
    if (this.closed || this.compacting !== undefined) return;
    const target = this.clock.revisionAt(this.now() - retentionMs);
    if (target > this.compactRev) await this.compact(target).catch(() => undefined);
  }

  /**
   * Removes dead rows up to the compacted revision; resolves when they are gone. While writes
   * flow, the write transactions do the removing and this loop only waits; when writers are
   * idle it takes small transactions of its own, yielding to the event loop between them.
   * Afterwards free pages are handed back to the file system in the background, again only
   * while idle (under load SQLite reuses free pages, so the file does not grow meanwhile).
   */
  private runCompaction(): Promise<void> {
    this.compacting ??= (async () => {
      try {
        while (!this.closed && this.compactDone < this.compactRev) {
          if (this.busy()) await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
          else this.compactDone = compactStep(this.db, this.st, this.compactDone, this.compactRev);
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        this.compacting = undefined;
      }
      this.vacuuming ??= this.runVacuum().finally(() => {
        this.vacuuming = undefined;
      });
    })();
    return this.compacting;
  }

  private async runVacuum(): Promise<void> {
    while (!this.closed) {
      if (this.busy()) await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      else if (vacuumStep(this.db) === 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Whether a write committed in the last IDLE_MS. */
  private busy(): boolean {
    return performance.now() - this.lastCommitAt < IDLE_MS;
  }
}

function checkOptions<T extends object>(opts: T | undefined, what: string): Partial<T> {
  if (opts === undefined) return {};
  if (typeof opts !== 'object' || opts === null) throw new StoreError('invalid', `${what} must be an object`);
  return opts;
}

function checkValue(value: unknown): string {
  if (typeof value !== 'string') throw new StoreError('invalid', 'value must be a string');
  return value;
}

function checkExpected(rev: unknown): number {
  if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || rev < 0) {
    throw new StoreError('invalid', `expected revision must be a non-negative integer, got ${show(rev)}`);
  }
  return rev;
}

/**
 * Opens the store in `<dir>/db/` (creating it), after WAL recovery if the last run crashed.
 * Throws StoreError('unavailable') when another live process has the store open.
 */
export async function openSqliteStore(opts: SqliteStoreOptions): Promise<SqliteStore> {
  const paths = storePaths(opts.dir);
  mkdirSync(paths.dir, { recursive: true });
  acquireLock(paths.lock, `store ${paths.dir}`);
  let db: Database.Database;
  try {
    db = openDatabase(paths.file, opts.synchronous ?? 'FULL');
  } catch (err) {
    releaseLock(paths.lock);
    throw err instanceof StoreError
      ? err
      : new StoreError(
          'unavailable',
          `cannot open ${paths.file}: ${err instanceof Error ? err.message : show(err)}`,
          { cause: err },
        );
  }
  const store = new SqliteStore(db, paths.lock, opts);
  store.start();
  return store;
}
