/**
 * Counts requests in progress so that shutdown can wait for them, as upstream's
 * NonLongRunningRequestWaitGroup does. Single-threaded use only.
 */
export class RequestDrain {
  private active = 0;
  private waiters: (() => void)[] = [];

  /** Requests in progress now. */
  get size(): number {
    return this.active;
  }

  /** Counts one request in; the returned function (idempotent) counts it out. */
  enter(): () => void {
    this.active++;
    let inside = true;
    return () => {
      if (!inside) return;
      inside = false;
      this.active--;
      if (this.active === 0) {
        const waiters = this.waiters;
        this.waiters = [];
        for (const w of waiters) w();
      }
    };
  }

  /** Resolves true once no request is in progress, or false when `timeoutMs` passes first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }
}
