import { parseResourceVersion } from '../request/index.js';
import { badRequest, resourceExpired, StatusError, StatusReason } from '../../apimachinery/errors/index.js';
import { errorString, goQuote, invalid } from '../../apimachinery/field/index.js';

/** Seconds a client is told to wait after a resourceVersion the cache has not reached yet. */
export const TooLargeRetryAfterSeconds = 1;

/**
 * 410 Expired for a watch that starts before the oldest event the cache still holds.
 * `oldestKnown` is the newest revision a watch may not start below (oldest event - 1). Pure.
 */
export function tooOldResourceVersion(requested: number, oldestKnown: number): StatusError {
  return resourceExpired(`too old resource version: ${requested} (${oldestKnown})`);
}

/**
 * 504 Timeout for a resourceVersion newer than what the cache reached within the wait,
 * with upstream's cause `ResourceVersionTooLarge` and a one second retry hint. Pure.
 */
export function tooLargeResourceVersion(requested: number, current: number): StatusError {
  return new StatusError({
    status: 'Failure',
    message: `Timeout: Too large resource version: ${requested}, current: ${current}`,
    reason: StatusReason.Timeout,
    details: {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: TooLargeRetryAfterSeconds,
    },
    code: 504,
  });
}

/** What a request's resourceVersion asks the cache for. */
export type RequestedVersion =
  /** `''`: the latest state of the store (a consistent read). */
  | { readonly kind: 'latest' }
  /** `'0'`: any state the cache has. */
  | { readonly kind: 'any' }
  /** A revision. */
  | { readonly kind: 'at'; readonly revision: number };

/**
 * Reads a request's resourceVersion. Throws a 400 StatusError with upstream's text for
 * anything but '' or a decimal uint64; revisions past 2^53 are refused the same way since no
 * store of ours reaches them. Pure.
 */
export function parseRequestedVersion(rv: string): RequestedVersion {
  if (rv === '') return { kind: 'latest' };
  const parsed = parseResourceVersion(rv);
  if (!parsed.ok) throw parsed.error;
  // Revisions past 2^53 cannot be told apart here; upstream's uint64 would still parse them.
  if (!Number.isSafeInteger(parsed.value)) {
    const fe = invalid(
      'resourceVersion',
      rv,
      `strconv.ParseUint: parsing ${goQuote(rv)}: value out of range`,
    );
    throw badRequest(`invalid resource version: ${errorString(fe)}`);
  }
  // Leading zeros ("007") parse as Go's ParseUint does; "0000" is revision 0, i.e. any.
  return parsed.value === 0 ? { kind: 'any' } : { kind: 'at', revision: parsed.value };
}
