import assert from 'node:assert/strict';
import type { KeyValue, Store, WatchBatch, WatchEvent, WatchOptions } from '../store.js';
import { isCompacted, StoreError } from '../store.js';

/** A fresh, empty store for one test, with how to reopen it on the same data and how to remove it. */
export interface StoreFixture {
  readonly store: Store;
  /** Opens the same data again after `store.close()`; absent when the backend cannot. */
  readonly reopen?: () => Promise<Store>;
  /** Releases everything the fixture created. Called once, after the test, even when it failed. */
  readonly cleanup: () => Promise<void>;
}

/** Makes a new fixture; every call must give an empty store of its own. */
export type StoreFactory = () => Promise<StoreFixture>;

/**
 * Runs `body` against a new fixture and always cleans up: the store is closed (close is
 * idempotent, so bodies may close it themselves) and then `cleanup` runs.
 */
export async function withStore(
  newStore: StoreFactory,
  body: (store: Store, fixture: StoreFixture) => Promise<void>,
): Promise<void> {
  const fixture = await newStore();
  try {
    await body(fixture.store, fixture);
  } finally {
    await fixture.store.close().catch(() => undefined);
    await fixture.cleanup();
  }
}

/** Creates a key that must not exist yet and returns what was stored. */
export async function mustCreate(store: Store, key: string, value: string): Promise<KeyValue> {
  const r = await store.create(key, value);
  assert.equal(r.ok, true, `create ${key} failed: ${JSON.stringify(r)}`);
  if (!r.ok) throw new Error('unreachable');
  return r.kv;
}

/** Updates a key that must be at `rev` and returns what was stored. */
export async function mustUpdate(store: Store, key: string, value: string, rev: number): Promise<KeyValue> {
  const r = await store.update(key, value, rev);
  assert.equal(r.ok, true, `update ${key}@${rev} failed: ${JSON.stringify(r)}`);
  if (!r.ok) throw new Error('unreachable');
  return r.kv;
}

/** Deletes a key unconditionally (it must exist) and returns the delete's revision. */
export async function mustDelete(store: Store, key: string): Promise<number> {
  const r = await store.delete(key);
  assert.equal(r.ok, true, `delete ${key} failed: ${JSON.stringify(r)}`);
  if (!r.ok) throw new Error('unreachable');
  return r.revision;
}

/** Asserts that `p` rejects with a CompactedError. */
export async function rejectsCompacted(p: Promise<unknown>, what: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isCompacted(err), `${what}: expected CompactedError, got ${String(err)}`);
    return true;
  });
}

/** Asserts that `p` rejects with a StoreError of `code`. */
export async function rejectsStoreError(p: Promise<unknown>, code: string, what: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof StoreError, `${what}: expected StoreError, got ${String(err)}`);
    assert.equal(err.code, code, `${what}: error code`);
    return true;
  });
}

/** A compact description of an event, for exact comparisons. */
export function describeEvent(e: WatchEvent): string {
  if (e.type === 'delete') {
    return `delete ${e.key} @${e.revision} prev=${e.prev.modRevision}:${e.prev.value}`;
  }
  const prev = e.prev === undefined ? '-' : `${e.prev.modRevision}:${e.prev.value}`;
  return `put ${e.kv.key} @${e.kv.modRevision} cr=${e.kv.createRevision} v=${e.kv.value} prev=${prev}`;
}

/** The revision an event happened at. */
export function eventRevision(e: WatchEvent): number {
  return e.type === 'delete' ? e.revision : e.kv.modRevision;
}

/**
 * Consumes a watch in the background and records what it yields. `until` waits for a
 * condition on the recorded events; `stop` aborts the watch and waits for the iterator to end.
 */
export class WatchRecorder {
  readonly events: WatchEvent[] = [];
  readonly batches: WatchBatch[] = [];
  error: unknown;
  ended = false;
  private readonly controller = new AbortController();
  private readonly done: Promise<void>;
  private wake: (() => void) | undefined;

  constructor(store: Store, opts: Omit<WatchOptions, 'signal'>) {
    this.done = this.consume(store.watch({ ...opts, signal: this.controller.signal }));
  }

  private async consume(it: AsyncIterable<WatchBatch>): Promise<void> {
    try {
      for await (const batch of it) {
        this.batches.push(batch);
        if (batch.type === 'events') this.events.push(...batch.events);
        this.wake?.();
      }
    } catch (err) {
      this.error = err;
    } finally {
      this.ended = true;
      this.wake?.();
    }
  }

  /** Resolves once `cond` holds; fails the test after `timeoutMs` or if the watch ended first. */
  async until(cond: (r: WatchRecorder) => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond(this)) {
      if (this.ended) {
        assert.fail(`${what}: watch ended early (${String(this.error)}); saw ${this.summary()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) assert.fail(`${what}: timed out after ${timeoutMs} ms; saw ${this.summary()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Waits for the watch to end by itself (e.g. with an error). */
  async ending(timeoutMs: number, what: string): Promise<void> {
    await this.until((r) => r.ended, timeoutMs, what).catch((err: unknown) => {
      if (!this.ended) throw err;
    });
  }

  /** Aborts the watch and waits until its iterator has finished. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
  }

  private summary(): string {
    const shown = this.events.slice(-5).map(describeEvent);
    return `${this.events.length} events [... ${shown.join('; ')}], ${this.batches.length} batches`;
  }
}

/** Asserts that events are strictly increasing in revision (no duplicates, in order). */
export function assertStrictlyIncreasing(events: readonly WatchEvent[], what: string): void {
  for (let i = 1; i < events.length; i++) {
    const a = eventRevision(events[i - 1]!);
    const b = eventRevision(events[i]!);
    assert.ok(b > a, `${what}: event ${i} at revision ${b} does not follow ${a}`);
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
