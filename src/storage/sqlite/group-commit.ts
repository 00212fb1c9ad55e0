import type { Applied, WriteOp } from './writes.js';

/** A write waiting for its batch, with how to answer its caller. */
export interface Pending {
  readonly op: WriteOp;
  readonly resolve: (a: Applied) => void;
  readonly reject: (err: unknown) => void;
}

/** Writes per transaction at most; more wait for the next one. */
const MAX_BATCH = 2048;

/**
 * Collects writes issued in the same turn of the event loop and hands them to `commit` as one
 * batch (one transaction, one fsync). Because the commit runs synchronously, writes issued while
 * it runs land in the next batch, so batches grow with load by themselves.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private idle: Array<() => void> = [];

  constructor(private readonly commit: (batch: readonly Pending[]) => void) {}

  /** Queues a write; the promise settles once its batch is durable (or failed). */
  submit(op: WriteOp): Promise<Applied> {
    return new Promise<Applied>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.run());
      }
    });
  }

  /** Resolves once every write submitted so far has been committed or failed. */
  drained(): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private run(): void {
    while (this.queue.length > 0) {
      const batch = this.queue.length <= MAX_BATCH ? this.queue : this.queue.slice(0, MAX_BATCH);
      this.queue = this.queue.length <= MAX_BATCH ? [] : this.queue.slice(MAX_BATCH);
      this.commit(batch);
    }
    this.scheduled = false;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
