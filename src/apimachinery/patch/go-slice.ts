import type { JsonValue } from './values.js';

/**
 * A Go slice over a shared backing array. Upstream's list merge deletes entries by
 * shifting them in place and appends into freed capacity, so the caller's view of
 * the original list changes under it; that view later decides the order of
 * server-only items. Reproducing the aliasing keeps kite's list order identical.
 */
export class GoSlice {
  private store: (JsonValue | undefined)[];
  private cap: number;
  private aliased = true;
  /** Number of elements in the slice. */
  len: number;

  /**
   * Wraps `shared` (the caller's array, mutated through this slice while aliased).
   * The capacity models a list decoded by appending: the next power of two.
   */
  constructor(private readonly shared: JsonValue[]) {
    this.len = shared.length;
    this.cap = initialCap(shared.length);
    this.store = shared.slice();
  }

  get(i: number): JsonValue {
    return this.store[i] as JsonValue;
  }

  set(i: number, v: JsonValue): void {
    this.store[i] = v;
    if (this.aliased && i < this.shared.length) this.shared[i] = v;
  }

  /** Go's `s = append(s[:i], s[i+1:]...)`. */
  removeAt(i: number): void {
    for (let j = i; j < this.len - 1; j++) this.set(j, this.get(j + 1));
    this.len--;
  }

  /** Go's `s = append(s, v)`: writes into spare capacity, or reallocates and stops aliasing. */
  push(v: JsonValue): void {
    if (this.len < this.cap) {
      this.set(this.len, v);
    } else {
      this.store = this.store.slice(0, this.len);
      this.store.push(v);
      this.cap = Math.max(1, this.cap * 2);
      this.aliased = false;
    }
    this.len++;
  }

  /** The slice's elements as a new array. */
  toArray(): JsonValue[] {
    return this.store.slice(0, this.len) as JsonValue[];
  }
}

function initialCap(n: number): number {
  if (n === 0 || n > 512) return n;
  let c = 1;
  while (c < n) c *= 2;
  return c;
}
