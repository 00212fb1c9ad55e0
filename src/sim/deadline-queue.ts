import type { Clock, Timer } from '../client/clock.js';

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * Many deadlines on one clock timer: a binary min-heap ordered by due time (then insertion order),
 * with a single timer armed for the earliest entry. Due entries run in order, all at once, so
 * thousands of pods or nodes cost one timer rather than one each.
 */
export class DeadlineQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;
  private timer: Timer | undefined;
  private armedAt = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  /** Runs `fn` once the clock reaches `at` (ms since the epoch). */
  at(at: number, fn: () => void): void {
    if (this.stopped) return;
    const e: Entry = { at, seq: this.seq++, fn };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
    if (at < this.armedAt) this.arm();
  }

  /** Runs `fn` `ms` from now. */
  after(ms: number, fn: () => void): void {
    this.at(this.clock.now() + ms, fn);
  }

  /** Entries waiting. */
  size(): number {
    return this.heap.length;
  }

  /** Drops every entry and the timer. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.heap.length = 0;
  }

  private arm(): void {
    this.timer?.cancel();
    const first = this.heap[0];
    if (first === undefined) {
      this.timer = undefined;
      this.armedAt = Number.POSITIVE_INFINITY;
      return;
    }
    this.armedAt = first.at;
    this.timer = this.clock.setTimer(() => this.fire(), first.at - this.clock.now());
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    // Bounded: only entries already due when firing began; ones they add for now run next turn.
    let budget = this.heap.length;
    while (budget-- > 0 && !this.stopped) {
      const first = this.heap[0];
      if (first === undefined || first.at > now) break;
      this.pop();
      first.fn();
    }
    if (!this.stopped) this.arm();
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && less(h[r]!, h[l]!) ? r : l;
      if (!less(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
}

function less(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
