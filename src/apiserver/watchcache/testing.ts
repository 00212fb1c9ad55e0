import {
  CompactedError,
  type CreateResult,
  type DeleteResult,
  type GetResult,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type UpdateResult,
  type WatchBatch,
  type WatchEvent,
  type WatchOptions,
} from '../../storage/index.js';
import type { Clock, TimerHandle } from './clock.js';

/** A clock that moves only when told to; timers fire in time order during `advance`. */
export class FakeClock implements Clock {
  private t = 1_000_000;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): TimerHandle {
    const id = this.seq++;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return { cancel: () => this.timers.delete(id) };
  }

  /** Moves time forward by `ms`, firing due timers (including ones they schedule). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers)
        if (e[1].at <= end && (next === undefined || e[1].at < next[1].at)) next = e;
      if (next === undefined) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
  }

  /** Timers pending. */
  get pending(): number {
    return this.timers.size;
  }
}

interface MemWatcher {
  readonly prefix: string;
  readonly queue: WatchBatch[];
  wake: (() => void) | undefined;
  failure: Error | undefined;
}

/**
 * An in-memory Store for tests: full history (so lists at any uncompacted revision work),
 * plus levers to break watches and to send progress notices on demand.
 */
export class MemoryStore implements Store {
  private rev = 0;
  private compactRev = 0;
  private readonly log: { rev: number; ev: WatchEvent }[] = [];
  private readonly live = new Map<string, KeyValue>();
  private readonly watchers = new Set<MemWatcher>();

  async currentRevision(): Promise<number> {
    return this.rev;
  }
  async compactedRevision(): Promise<number> {
    return this.compactRev;
  }
  async get(key: string): Promise<GetResult> {
    return { kv: this.live.get(key), revision: this.rev };
  }
  async create(key: string, value: string): Promise<CreateResult> {
    const cur = this.live.get(key);
    if (cur !== undefined) return { ok: false, reason: 'exists', current: cur };
    const kv = { key, value, createRevision: this.rev + 1, modRevision: this.rev + 1 };
    this.commit({ type: 'put', kv, prev: undefined });
    return { ok: true, kv };
  }
  async update(key: string, value: string, expected: number): Promise<UpdateResult> {
    const cur = this.live.get(key);
    if (cur === undefined) return { ok: false, reason: 'not-found' };
    if (cur.modRevision !== expected) return { ok: false, reason: 'conflict', current: cur };
    const kv = { key, value, createRevision: cur.createRevision, modRevision: this.rev + 1 };
    this.commit({ type: 'put', kv, prev: cur });
    return { ok: true, kv };
  }
  async delete(key: string): Promise<DeleteResult> {
    const cur = this.live.get(key);
    if (cur === undefined) return { ok: false, reason: 'not-found' };
    this.commit({ type: 'delete', key, revision: this.rev + 1, prev: cur });
    return { ok: true, prev: cur, revision: this.rev };
  }
  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const at = opts.revision ?? this.rev;
    if (at <= this.compactRev && at !== this.rev) throw new CompactedError(at, this.compactRev);
    const state = new Map<string, KeyValue>();
    for (const { rev, ev } of this.log) {
      if (rev > at) break;
      if (ev.type === 'put') state.set(ev.kv.key, ev.kv);
      else state.delete(ev.key);
    }
    const kvs = [...state.values()]
      .filter((kv) => kv.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    return { kvs, revision: at, more: false, remaining: 0 };
  }
  async count(prefix: string): Promise<number> {
    return [...this.live.keys()].filter((k) => k.startsWith(prefix)).length;
  }
  async compact(revision: number): Promise<void> {
    this.compactRev = Math.max(this.compactRev, revision);
  }
  async close(): Promise<void> {}

  /** Makes every open watch throw `err` at its next step. */
  breakWatches(err: Error): void {
    for (const w of this.watchers) {
      w.failure = err;
      w.wake?.();
    }
  }

  /** Sends a progress notice at the current revision to every open watch. */
  progress(): void {
    for (const w of this.watchers) this.push(w, { type: 'progress', revision: this.rev });
  }

  /** Open watches. */
  get watchCount(): number {
    return this.watchers.size;
  }

  async *watch(opts: WatchOptions): AsyncGenerator<WatchBatch> {
    if (opts.afterRevision < this.compactRev)
      throw new CompactedError(opts.afterRevision + 1, this.compactRev);
    const w: MemWatcher = { prefix: opts.prefix, queue: [], wake: undefined, failure: undefined };
    const history = this.log.filter((e) => e.rev > opts.afterRevision && keyOf(e.ev).startsWith(opts.prefix));
    if (history.length > 0) w.queue.push({ type: 'events', events: history.map((e) => e.ev) });
    this.watchers.add(w);
    const onAbort = (): void => w.wake?.();
    opts.signal.addEventListener('abort', onAbort);
    try {
      while (!opts.signal.aborted) {
        if (w.failure !== undefined) throw w.failure;
        const b = w.queue.shift();
        if (b !== undefined) {
          yield b;
          continue;
        }
        await new Promise<void>((resolve) => {
          w.wake = resolve;
        });
        w.wake = undefined;
      }
    } finally {
      opts.signal.removeEventListener('abort', onAbort);
      this.watchers.delete(w);
    }
  }

  private commit(ev: WatchEvent): void {
    this.rev++;
    this.log.push({ rev: this.rev, ev });
    if (ev.type === 'put') this.live.set(ev.kv.key, ev.kv);
    else this.live.delete(ev.key);
    for (const w of this.watchers) {
      if (keyOf(ev).startsWith(w.prefix)) this.push(w, { type: 'events', events: [ev] });
    }
  }

  private push(w: MemWatcher, b: WatchBatch): void {
    w.queue.push(b);
    w.wake?.();
  }
}

function keyOf(ev: WatchEvent): string {
  return ev.type === 'put' ? ev.kv.key : ev.key;
}

/** Lets pending promise callbacks and immediates run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/** A pod-like object for `key`'s name with the given labels, as JSON. */
export function podJSON(
  name: string,
  labels: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', labels },
    ...extra,
  });
}
