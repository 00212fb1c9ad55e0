export { fromResponse, genericServerResponse, type ResponseContext } from './from-response.js';
export * from './predicates.js';
export {
  alreadyExists,
  applyConflict,
  badRequest,
  conflict,
  type ForbiddenAttributes,
  forbidden,
  forbiddenRequest,
  generateNameConflict,
  gone,
  internalError,
  invalid,
  methodNotSupported,
  notAcceptable,
  notFound,
  OptimisticLockErrorMsg,
  requestEntityTooLarge,
  resourceExpired,
  serverTimeout,
  serviceUnavailable,
  StatusError,
  timeout,
  tooManyRequests,
  unauthorized,
  unsupportedMediaType,
} from './status-error.js';
export {
  type GroupKind,
  type GroupResource,
  groupKindString,
  groupResourceString,
  isStatusObject,
  type Status,
  type StatusCause,
  type StatusDetails,
  StatusReason,
} from './status.js';

/** A broken internal invariant: a bug in kite, never an expected outcome. */
export class BugError extends Error {
  override readonly name = 'BugError';
}
