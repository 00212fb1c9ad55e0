import { StatusError } from './status-error.js';
import { StatusReason } from './status.js';

/** The Status reason of an error, '' for anything that is not a StatusError. */
export function reasonForError(err: unknown): string {
  return err instanceof StatusError ? err.reason : '';
}

function codeOf(err: unknown): number | undefined {
  return err instanceof StatusError ? err.status.code : undefined;
}

const knownReasons: ReadonlySet<string> = new Set(
  Object.values(StatusReason).filter((r) => r !== StatusReason.Unknown),
);

// Upstream falls back to the HTTP code when the reason is not one it knows (e.g. a bare 404
// from a proxy, or a Status without a reason).
function is(reason: string, code: number): (err: unknown) => boolean {
  return (err) => {
    const r = reasonForError(err);
    if (r === reason) return true;
    return !knownReasons.has(r) && codeOf(err) === code;
  };
}

/** 404 NotFound. */
export const isNotFound = is(StatusReason.NotFound, 404);
/** 409 AlreadyExists (no code fallback: 409 alone means Conflict). */
export const isAlreadyExists = (err: unknown): boolean => reasonForError(err) === StatusReason.AlreadyExists;
/** 409 Conflict. */
export const isConflict = is(StatusReason.Conflict, 409);
/** 422 Invalid. */
export const isInvalid = is(StatusReason.Invalid, 422);
/** 410 Gone. */
export const isGone = is(StatusReason.Gone, 410);
/** 410 Expired (a compacted resourceVersion or continue token). */
export const isResourceExpired = (err: unknown): boolean => reasonForError(err) === StatusReason.Expired;
/** 400 BadRequest. */
export const isBadRequest = is(StatusReason.BadRequest, 400);
/** 401 Unauthorized. */
export const isUnauthorized = is(StatusReason.Unauthorized, 401);
/** 403 Forbidden. */
export const isForbidden = is(StatusReason.Forbidden, 403);
/** 405 MethodNotAllowed. */
export const isMethodNotSupported = is(StatusReason.MethodNotAllowed, 405);
/** 406 NotAcceptable. */
export const isNotAcceptable = is(StatusReason.NotAcceptable, 406);
/** 413 RequestEntityTooLarge. */
export const isRequestEntityTooLarge = is(StatusReason.RequestEntityTooLarge, 413);
/** 415 UnsupportedMediaType. */
export const isUnsupportedMediaType = is(StatusReason.UnsupportedMediaType, 415);
/** 429 TooManyRequests. */
export const isTooManyRequests = is(StatusReason.TooManyRequests, 429);
/** 500 InternalError. */
export const isInternalError = is(StatusReason.InternalError, 500);
/** 500 ServerTimeout (no code fallback: 500 alone means InternalError). */
export const isServerTimeout = (err: unknown): boolean => reasonForError(err) === StatusReason.ServerTimeout;
/** 503 ServiceUnavailable. */
export const isServiceUnavailable = is(StatusReason.ServiceUnavailable, 503);
/** 504 Timeout. */
export const isTimeout = is(StatusReason.Timeout, 504);

/**
 * Seconds the server asked the client to wait before retrying, or undefined when it did not
 * (upstream's SuggestsClientDelay: any positive details.retryAfterSeconds, and ServerTimeout
 * always, even with 0).
 */
export function suggestsClientDelay(err: unknown): number | undefined {
  if (!(err instanceof StatusError)) return undefined;
  const d = err.status.details;
  if (d === undefined) return undefined;
  if (err.reason === StatusReason.ServerTimeout) return d.retryAfterSeconds ?? 0;
  if (d.retryAfterSeconds !== undefined && d.retryAfterSeconds > 0) return d.retryAfterSeconds;
  return undefined;
}
