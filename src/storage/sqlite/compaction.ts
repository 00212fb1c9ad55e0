import type Database from 'better-sqlite3';
import type { Statements } from './schema.js';

/** Log rows examined per compaction transaction of its own (only while writers are idle). */
export const COMPACT_BATCH = 500;
/** Log rows examined inside each write transaction while compaction is behind. */
export const PIGGYBACK_ROWS = 128;
/** Free pages returned to the file system per incremental-vacuum step. */
export const VACUUM_PAGES = 256;

/**
 * Physically removes what compaction made unreachable, for up to `limit` log rows in
 * (done, target]:
 *
 *   row r (put or delete) at or below target  → the version r replaced (r.prev_rev) is dead
 *   row r is a delete at or below target      → r itself is dead too
 *
 * Rows are visited in revision order and a dead version goes in the same transaction as the
 * row that superseded it, so readers above the target never see a key come back. Returns the
 * new `done` position and records it in meta. Must run inside a write transaction.
 */
export function compactRows(st: Statements, done: number, target: number, limit: number): number {
  const rows = st.compactBatch.all(done, target, limit);
  for (const r of rows) {
    if (r.prev_rev > 0) st.deleteLog.run(r.prev_rev);
    if (r.deleted === 1) st.deleteLog.run(r.rev);
  }
  const next = rows.length < limit ? target : rows[rows.length - 1]!.rev;
  st.setMeta.run(next, 'compact_done');
  return next;
}

/** `compactRows` of COMPACT_BATCH rows in a transaction of its own (used while writers are idle). */
export function compactStep(db: Database.Database, st: Statements, done: number, target: number): number {
  return db.transaction(() => compactRows(st, done, target, COMPACT_BATCH)).immediate();
}

/** Returns up to VACUUM_PAGES free pages to the file system; resolves to the pages still free. */
export function vacuumStep(db: Database.Database): number {
  db.pragma(`incremental_vacuum(${VACUUM_PAGES})`);
  return Number(db.pragma('freelist_count', { simple: true }));
}

/**
 * Remembers, about once a second, which revision was current at what time, so that "keep five
 * minutes of history" can be turned into a revision. Revisions written before this process
 * started count as written at start (history is kept a full retention period after a restart).
 */
export class RevisionClock {
  private samples: Array<{ rev: number; at: number }> = [];

  /** Notes that `rev` was current at `at` (ms). Cheap; call after every commit. */
  record(rev: number, at: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && at - last.at < 1000) return;
    this.samples.push({ rev, at });
  }

  /**
   * The newest revision that was already current at `cutoff`, or 0. Forgets samples older than
   * the one returned (they can never be needed again).
   */
  revisionAt(cutoff: number): number {
    let found = -1;
    for (let i = 0; i < this.samples.length && this.samples[i]!.at <= cutoff; i++) found = i;
    if (found < 0) return 0;
    const rev = this.samples[found]!.rev;
    this.samples = this.samples.slice(found);
    return rev;
  }
}
