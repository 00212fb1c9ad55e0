// Data plugins keep for one pod's scheduling cycle (PreFilter computes, Filter/Score read).

/** A per-cycle key-value store; `clone` copies it for preemption's what-if runs (values must be cloneable via their own `clone`). */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Set by the framework when scoring is skipped for this cycle's plugins. */
  readonly skipFilterPlugins = new Set<string>();
  readonly skipScorePlugins = new Set<string>();

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  /** A copy; values with a `clone()` method are cloned, others shared. */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) {
      const cl = (v as { clone?: () => unknown } | null)?.clone;
      c.data.set(k, typeof cl === 'function' ? cl.call(v) : v);
    }
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    return c;
  }
}
