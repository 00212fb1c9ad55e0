// Sets of completion indexes as ordered, non-adjacent intervals, and their text form
// ("1,3-5,7") used by `.status.completedIndexes`, `.status.failedIndexes` and success policies.

/** A closed range of indexes. */
export interface Interval {
  readonly first: number;
  readonly last: number;
}

/**
 * Indexes as sorted, disjoint, non-touching intervals. Immutable: every operation returns a new
 * value.
 */
export class OrderedIntervals {
  static readonly EMPTY = new OrderedIntervals([]);

  private constructor(readonly intervals: readonly Interval[]) {}

  /**
   * Parses the text form, keeping indexes below `completions` (a range reaching past it is cut;
   * parsing stops at the first range starting at or past it). Unparsable pieces are skipped.
   */
  static parse(text: string | undefined, completions: number): OrderedIntervals {
    if (text === undefined || text === '') return OrderedIntervals.EMPTY;
    const out: Interval[] = [];
    for (const piece of text.split(',')) {
      const limits = piece.split('-');
      const first = parseDecimal(limits[0] ?? '');
      if (first === undefined) continue;
      if (first >= completions) break;
      let last = first;
      if (limits.length > 1) {
        const l = parseDecimal(limits[1] ?? '');
        if (l === undefined) continue;
        last = Math.min(l, completions - 1);
      }
      const prev = out[out.length - 1];
      if (prev !== undefined && prev.last === first - 1) out[out.length - 1] = { first: prev.first, last };
      else out.push({ first, last });
    }
    return new OrderedIntervals(out);
  }

  /** This set plus `indexes` (given in increasing order). */
  withIndexes(indexes: readonly number[]): OrderedIntervals {
    return this.merge(new OrderedIntervals(indexes.map((i) => ({ first: i, last: i }))));
  }

  /** The union of this set and `other`. */
  merge(other: OrderedIntervals): OrderedIntervals {
    const a = this.intervals;
    const b = other.intervals;
    const out: Interval[] = [];
    const push = (iv: Interval): void => {
      const last = out[out.length - 1];
      if (last === undefined || iv.first > last.last + 1) out.push(iv);
      else if (last.last < iv.last) out[out.length - 1] = { first: last.first, last: iv.last };
    };
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i] as Interval;
      const y = b[j] as Interval;
      if (x.first < y.first) {
        push(x);
        i++;
      } else {
        push(y);
        j++;
      }
    }
    for (; i < a.length; i++) push(a[i] as Interval);
    for (; j < b.length; j++) push(b[j] as Interval);
    return new OrderedIntervals(out);
  }

  /** How many indexes the set holds. */
  total(): number {
    let n = 0;
    for (const iv of this.intervals) n += iv.last - iv.first + 1;
    return n;
  }

  /** Whether `ix` is in the set (binary search). */
  has(ix: number): boolean {
    let lo = 0;
    let hi = this.intervals.length;
    while (hi > lo) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if ((this.intervals[mid] as Interval).last >= ix) hi = mid;
      else lo = mid + 1;
    }
    const iv = this.intervals[hi];
    return iv !== undefined && iv.first <= ix;
  }

  /** The text form: ranges of three or more as `a-b`, pairs as `a,b`. */
  toString(): string {
    const parts: string[] = [];
    for (const iv of this.intervals) {
      if (iv.last === iv.first) parts.push(String(iv.first));
      else if (iv.last === iv.first + 1) parts.push(`${iv.first},${iv.last}`);
      else parts.push(`${iv.first}-${iv.last}`);
    }
    return parts.join(',');
  }
}

/** A non-negative decimal as Go's strconv.Atoi reads it (sign allowed), or undefined. */
function parseDecimal(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number.parseInt(s, 10);
  return Number.isSafeInteger(n) ? n : undefined;
}
