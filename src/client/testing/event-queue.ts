// An unbounded single-consumer queue exposed as an async iterable, ended by close() or an abort signal.

/**
 * A push queue read as an async iterable by one consumer. `push` never blocks; the iterable ends
 * (without error) after `close()` or when `signal` aborts, once the items pushed before are read —
 * except that an abort ends it at once, dropping what is left. Not safe for two consumers.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly onAbort = (): void => {
    this.items.length = 0;
    this.close();
  };

  constructor(
    private readonly signal: AbortSignal,
    private readonly onClose: () => void = () => {},
  ) {
    if (signal.aborted) this.onAbort();
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Adds an item; ignored after close. */
  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.notify();
  }

  /** Ends the iterable after the items already pushed. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.signal.removeEventListener('abort', this.onAbort);
    this.onClose();
    this.notify();
  }

  /** Whether close() ran (or the signal aborted). */
  get isClosed(): boolean {
    return this.closed;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for (;;) {
        const next = this.items.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      this.close();
    }
  }
}
