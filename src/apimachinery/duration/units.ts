/**
 * Nanosecond units and the conversion from JavaScript milliseconds to Go's int64 nanoseconds.
 */

/** Nanoseconds in a microsecond. */
export const NS_PER_MICROSECOND = 1000n;
/** Nanoseconds in a millisecond. */
export const NS_PER_MILLISECOND = 1_000_000n;
/** Nanoseconds in a second. */
export const NS_PER_SECOND = 1_000_000_000n;
/** Nanoseconds in a minute. */
export const NS_PER_MINUTE = 60n * NS_PER_SECOND;
/** Nanoseconds in an hour, the largest unit Go durations use. */
export const NS_PER_HOUR = 60n * NS_PER_MINUTE;

/** The longest Go time.Duration (int64 nanoseconds), about 292 years. */
export const MAX_DURATION_NS = (1n << 63n) - 1n;
/** The most negative Go time.Duration. */
export const MIN_DURATION_NS = -(1n << 63n);

/** ns clamped into the int64 range, as Go's time arithmetic saturates. */
export function saturateDuration(ns: bigint): bigint {
  return ns > MAX_DURATION_NS ? MAX_DURATION_NS : ns < MIN_DURATION_NS ? MIN_DURATION_NS : ns;
}

/**
 * Milliseconds (fractions allowed) to whole nanoseconds, rounded to nearest and saturated
 * to the int64 range. NaN is refused with a RangeError: it is a caller bug, not a duration.
 */
export function fromMilliseconds(ms: number): bigint {
  if (Number.isNaN(ms)) throw new RangeError('duration in milliseconds is NaN');
  const ns = Math.round(ms * 1e6);
  if (ns === Number.POSITIVE_INFINITY) return MAX_DURATION_NS;
  if (ns === Number.NEGATIVE_INFINITY) return MIN_DURATION_NS;
  return saturateDuration(BigInt(ns));
}
