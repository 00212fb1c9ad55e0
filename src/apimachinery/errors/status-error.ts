import { aggregateMessage, errorBody, type FieldError, goQuote } from '../field/index.js';
import {
  type GroupKind,
  type GroupResource,
  groupKindString,
  groupResourceString,
  type Status,
  type StatusCause,
  type StatusDetails,
  StatusReason,
} from './status.js';

/**
 * An error that carries the `metav1.Status` the API server answers with. The server writes
 * `status` as is; the client rebuilds the same error from a response body (see fromResponse).
 */
export class StatusError extends Error {
  override readonly name = 'StatusError';
  readonly status: Status;

  constructor(status: Omit<Status, 'kind' | 'apiVersion' | 'metadata'> & Partial<Pick<Status, 'metadata'>>) {
    super(status.message ?? '');
    // Keys in the order kube-apiserver writes them, so that the wire bytes match.
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: status.metadata ?? {} };
    s.status = status.status ?? 'Failure';
    if (status.message !== undefined) s.message = status.message;
    // Go omits an empty reason (StatusReasonUnknown) from the wire form.
    if (status.reason !== undefined && status.reason !== '') s.reason = status.reason;
    if (status.details !== undefined) s.details = status.details;
    if (status.code !== undefined) s.code = status.code;
    this.status = s;
  }

  /** The HTTP status code (500 when the Status has none). */
  get code(): number {
    return this.status.code ?? 500;
  }

  /** The upstream reason, '' when unknown. */
  get reason(): string {
    return this.status.reason ?? '';
  }

  /** A copy of the wire form. */
  toJSON(): Status {
    return structuredClone(this.status);
  }
}

function details(
  gr: GroupResource | undefined,
  name: string | undefined,
  extra: StatusDetails = {},
): StatusDetails {
  const d: StatusDetails = {};
  if (name !== undefined && name !== '') d.name = name;
  if (gr !== undefined && gr.group !== '') d.group = gr.group;
  if (gr !== undefined && gr.resource !== '') d.kind = gr.resource;
  return { ...d, ...extra };
}

// retryAfterSeconds is omitted when zero, as Go's omitempty does.
function retry(seconds: number): StatusDetails {
  return seconds > 0 ? { retryAfterSeconds: seconds } : {};
}

// `d` is sent whenever upstream's constructor sets Details, even when every member is empty
// (kube-apiserver then writes `"details":{}`).
function failure(code: number, reason: StatusReason, message: string, d?: StatusDetails): StatusError {
  const s: ConstructorParameters<typeof StatusError>[0] = { status: 'Failure', message, reason, code };
  if (d !== undefined) s.details = d;
  return new StatusError(s);
}

/** 404 `pods "x" not found`. */
export function notFound(gr: GroupResource, name: string): StatusError {
  return failure(
    404,
    StatusReason.NotFound,
    `${groupResourceString(gr)} ${goQuote(name)} not found`,
    details(gr, name),
  );
}

/** 409 AlreadyExists `pods "x" already exists`. */
export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return failure(
    409,
    StatusReason.AlreadyExists,
    `${groupResourceString(gr)} ${goQuote(name)} already exists`,
    details(gr, name),
  );
}

/** 409 AlreadyExists for a generateName collision, with a retry hint. */
export function generateNameConflict(
  gr: GroupResource,
  name: string,
  retryAfterSeconds: number,
): StatusError {
  const msg = `${groupResourceString(gr)} ${goQuote(name)} already exists, the server was not able to generate a unique name for the object`;
  return failure(409, StatusReason.AlreadyExists, msg, details(gr, name, retry(retryAfterSeconds)));
}

/** The message upstream uses for a lost optimistic-concurrency race. */
export const OptimisticLockErrorMsg =
  'the object has been modified; please apply your changes to the latest version and try again';

/** 409 Conflict `Operation cannot be fulfilled on pods "x": <why>`. */
export function conflict(gr: GroupResource, name: string, why: string): StatusError {
  const msg = `Operation cannot be fulfilled on ${groupResourceString(gr)} ${goQuote(name)}: ${why}`;
  return failure(409, StatusReason.Conflict, msg, details(gr, name));
}

/** 409 Conflict from server-side apply, with one cause per conflicting field. */
export function applyConflict(causes: StatusCause[], message: string): StatusError {
  return failure(409, StatusReason.Conflict, message, { causes });
}

/**
 * 422 Invalid: `Pod "x" is invalid: spec.containers[0].image: Required value`, one cause per
 * field error (reason = error type, message = body without path, field = path).
 */
export function invalid(gk: GroupKind, name: string, errs: readonly FieldError[]): StatusError {
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  const agg = aggregateMessage(errs);
  const head = `${groupKindString(gk)} ${goQuote(name)} is invalid`;
  const d: StatusDetails = {};
  if (name !== '') d.name = name;
  if (gk.group !== '') d.group = gk.group;
  if (gk.kind !== '') d.kind = gk.kind;
  d.causes = causes;
  return failure(422, StatusReason.Invalid, agg === '' ? head : `${head}: ${agg}`, d);
}

/** 400 BadRequest with the given message. */
export function badRequest(message: string): StatusError {
  return failure(400, StatusReason.BadRequest, message);
}

/** 401 Unauthorized; `not authorized` when no message is given (the server itself passes `Unauthorized`). */
export function unauthorized(message = ''): StatusError {
  return failure(401, StatusReason.Unauthorized, message === '' ? 'not authorized' : message);
}

/**
 * 403 Forbidden: `pods "x" is forbidden: <why>`, `pods is forbidden: <why>` without a name,
 * `forbidden: <why>` without a resource.
 */
export function forbidden(gr: GroupResource, name: string, why: string): StatusError {
  let msg: string;
  if (gr.group === '' && gr.resource === '') msg = `forbidden: ${why}`;
  else if (name === '') msg = `${groupResourceString(gr)} is forbidden: ${why}`;
  else msg = `${groupResourceString(gr)} ${goQuote(name)} is forbidden: ${why}`;
  return failure(403, StatusReason.Forbidden, msg, details(gr, name));
}

/** What an authorizer was asked, enough to word a Forbidden message. */
export interface ForbiddenAttributes {
  user: string;
  verb: string;
  /** Set for resource requests. */
  resource?: { group: string; resource: string; subresource?: string; namespace?: string; name?: string };
  /** Set for non-resource requests such as `/metrics`. */
  path?: string;
}

/**
 * 403 for a denied request, worded as kube-apiserver words it:
 * `pods "x" is forbidden: User "u" cannot get resource "pods" in API group "" in the namespace "ns"`.
 * `reason` (the authorizer's, may be empty) is appended after `: `.
 */
export function forbiddenRequest(attrs: ForbiddenAttributes, reason = ''): StatusError {
  let why: string;
  const r = attrs.resource;
  if (r === undefined) {
    why = `User ${goQuote(attrs.user)} cannot ${attrs.verb} path ${goQuote(attrs.path ?? '')}`;
  } else {
    const res = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    const where =
      r.namespace !== undefined && r.namespace !== ''
        ? `in the namespace ${goQuote(r.namespace)}`
        : 'at the cluster scope';
    why = `User ${goQuote(attrs.user)} cannot ${attrs.verb} resource ${goQuote(res)} in API group ${goQuote(r.group)} ${where}`;
  }
  // kube-apiserver escapes the generated part so it never reads as HTML; the reason is kept as is.
  why = why.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  if (reason !== '') why = `${why}: ${reason}`;
  const gr = r === undefined ? { group: '', resource: '' } : { group: r.group, resource: r.resource };
  return forbidden(gr, r?.name ?? '', why);
}

/** 405 `create is not supported on resources of kind "bindings"`. */
export function methodNotSupported(gr: GroupResource, action: string): StatusError {
  const msg = `${action} is not supported on resources of kind ${goQuote(groupResourceString(gr))}`;
  return failure(405, StatusReason.MethodNotAllowed, msg, details(gr, undefined));
}

/** 410 Gone. */
export function gone(message: string): StatusError {
  return failure(410, StatusReason.Gone, message);
}

/** 410 Expired: a resourceVersion or continue token that was compacted away. */
export function resourceExpired(message: string): StatusError {
  return failure(410, StatusReason.Expired, message);
}

/** 429 TooManyRequests with a retry hint. */
export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return failure(429, StatusReason.TooManyRequests, message, retry(retryAfterSeconds));
}

/** 500 `Internal error occurred: <err>`. */
export function internalError(err: Error | string): StatusError {
  const text = typeof err === 'string' ? err : err.message;
  return failure(500, StatusReason.InternalError, `Internal error occurred: ${text}`, {
    causes: [{ message: text }],
  });
}

/** 500 ServerTimeout: `The get operation against pods could not be completed at this time, please try again.` */
export function serverTimeout(gr: GroupResource, operation: string, retryAfterSeconds: number): StatusError {
  const msg = `The ${operation} operation against ${groupResourceString(gr)} could not be completed at this time, please try again.`;
  return failure(500, StatusReason.ServerTimeout, msg, details(gr, operation, retry(retryAfterSeconds)));
}

/** 504 `Timeout: <message>`. */
export function timeout(message: string, retryAfterSeconds: number): StatusError {
  return failure(504, StatusReason.Timeout, `Timeout: ${message}`, retry(retryAfterSeconds));
}

/** 503 ServiceUnavailable. */
export function serviceUnavailable(message: string): StatusError {
  return failure(503, StatusReason.ServiceUnavailable, message);
}

/** 415 for a request body in a media type the endpoint does not take. */
export function unsupportedMediaType(accepted: readonly string[]): StatusError {
  const msg = `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
  return failure(415, StatusReason.UnsupportedMediaType, msg);
}

/** 406 when no acceptable response type can be produced. */
export function notAcceptable(accepted: readonly string[]): StatusError {
  return failure(
    406,
    StatusReason.NotAcceptable,
    `only the following media types are accepted: ${accepted.join(', ')}`,
  );
}

/** 413 `Request entity too large: <message>`. */
export function requestEntityTooLarge(message: string): StatusError {
  return failure(413, StatusReason.RequestEntityTooLarge, `Request entity too large: ${message}`);
}
