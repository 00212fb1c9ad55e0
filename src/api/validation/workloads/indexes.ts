import { goQuote } from '../../../apimachinery/field/index.js';

// Interval lists of job indexes ("1,3-5,7"), as Jobs use them in successPolicy rules and in
// status.completedIndexes / status.failedIndexes.

/** A parse failure of an index list; the message is upstream's text. */
export class IndexesError extends Error {
  override readonly name = 'IndexesError';
}

// Go's strconv.Atoi on a platform int: optional sign, ASCII digits, no other characters.
function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

// One interval `x` or `x-y` checked against `completions`; throws IndexesError.
function parseIndexInterval(interval: string, completions: number): [number, number] {
  const limits = interval.split('-');
  if (limits.length > 2) {
    throw new IndexesError(
      `the fragment ${goQuote(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`,
    );
  }
  const first = limits[0] ?? '';
  const x = atoi(first);
  if (x === undefined)
    throw new IndexesError(`cannot convert string to integer for index: ${goQuote(first)}`);
  if (x >= completions) throw new IndexesError(`too large index: ${goQuote(first)}`);
  if (limits.length === 1) return [x, x];
  const second = limits[1] ?? '';
  const y = atoi(second);
  if (y === undefined)
    throw new IndexesError(`cannot convert string to integer for index: ${goQuote(second)}`);
  if (y >= completions) throw new IndexesError(`too large index: ${goQuote(second)}`);
  if (x >= y) throw new IndexesError(`non-increasing order, previous: ${x}, current: ${y}`);
  return [x, y];
}

/**
 * Parses an interval list and returns how many indexes it holds (0 for ''). Intervals must be
 * increasing and within [0, completions). Throws IndexesError with upstream's message.
 */
export function validateIndexesFormat(indexes: string, completions: number): number {
  if (indexes === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of indexes.split(',')) {
    const [x, y] = parseIndexInterval(interval, completions);
    if (last !== undefined && last >= x) {
      throw new IndexesError(`non-increasing order, previous: ${last}, current: ${x}`);
    }
    total += y - x + 1;
    last = y;
  }
  return total;
}
