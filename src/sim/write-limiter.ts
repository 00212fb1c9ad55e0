/** A FIFO of waiting starts with a moving head (no shifting of large arrays). */
class Lane {
  private items: (() => void)[] = [];
  private head = 0;

  push(fn: () => void): void {
    this.items.push(fn);
  }

  shift(): (() => void) | undefined {
    if (this.head >= this.items.length) return undefined;
    const fn = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return fn;
  }

  get length(): number {
    return this.items.length - this.head;
  }
}

/**
 * Runs at most `concurrency` asynchronous writes at a time; the rest wait in arrival order, urgent
 * ones (pod status) before background ones (lease renewals, periodic node status), so a backlog
 * of heartbeats never delays pods. Keeps a burst of thousands of writes from opening thousands of
 * requests at once.
 */
export class WriteLimiter {
  private active = 0;
  private readonly urgent = new Lane();
  private readonly background = new Lane();

  constructor(private readonly concurrency: number) {
    if (!(concurrency >= 1)) throw new Error('concurrency must be at least 1');
  }

  /** Queues `task`; never rejects (errors go to the task's own handling). */
  run(task: () => Promise<void>, background = false): void {
    const start = () => {
      this.active++;
      task()
        .catch(() => undefined)
        .finally(() => {
          this.active--;
          (this.urgent.shift() ?? this.background.shift())?.();
        });
    };
    if (this.active < this.concurrency) start();
    else if (background) this.background.push(start);
    else this.urgent.push(start);
  }

  /** Writes running plus waiting. */
  pending(): number {
    return this.active + this.urgent.length + this.background.length;
  }
}
