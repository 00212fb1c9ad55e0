import { goQuote } from '../field/index.js';
import { StatusError } from './status-error.js';
import {
  type GroupResource,
  groupResourceString,
  isStatusObject,
  type Status,
  StatusReason,
} from './status.js';

/** What the client knows about a failed request besides the body. */
export interface ResponseContext {
  /** HTTP status code of the response. */
  code: number;
  /** HTTP method, e.g. `GET` (upstream words a 409 on POST as AlreadyExists). */
  verb: string;
  /** The resource the request was about, when known. */
  resource?: GroupResource;
  /** The object name the request was about, when known. */
  name?: string;
  /** The Retry-After header in seconds, when present. */
  retryAfterSeconds?: number;
}

/**
 * Rebuilds the error a client should see from a failed response, as client-go does:
 * a body that is a Failure `Status` becomes that exact StatusError; any other body becomes
 * upstream's generic message for the code, with the raw body kept as an `UnexpectedServerResponse`
 * cause. Returns undefined for a Success Status. Never throws.
 */
export function fromResponse(ctx: ResponseContext, body: string | Uint8Array): StatusError | undefined {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isStatusObject(parsed)) {
    const status = parsed as Status;
    if (status.status === 'Success') return undefined;
    const { kind: _k, apiVersion: _a, ...rest } = status;
    const code = typeof rest.code === 'number' && rest.code !== 0 ? rest.code : ctx.code;
    return new StatusError({ ...rest, code, metadata: rest.metadata ?? {} });
  }
  return genericServerResponse(ctx, text, true);
}

/** Upstream's NewGenericServerResponse: a Status for a response that carried none. */
export function genericServerResponse(
  ctx: ResponseContext,
  serverMessage: string,
  unexpected: boolean,
): StatusError {
  let reason: string = StatusReason.Unknown;
  let message = `the server responded with the status code ${ctx.code} but did not return more information`;
  switch (ctx.code) {
    case 409:
      reason = ctx.verb.toUpperCase() === 'POST' ? StatusReason.AlreadyExists : StatusReason.Conflict;
      message = 'the server reported a conflict';
      break;
    case 404:
      reason = StatusReason.NotFound;
      message = 'the server could not find the requested resource';
      break;
    case 400:
      reason = StatusReason.BadRequest;
      message = 'the server rejected our request for an unknown reason';
      break;
    case 401:
      reason = StatusReason.Unauthorized;
      message = 'the server has asked for the client to provide credentials';
      break;
    case 403:
      reason = StatusReason.Forbidden;
      message = serverMessage;
      break;
    case 406:
      reason = StatusReason.NotAcceptable;
      message =
        serverMessage === '' || serverMessage === 'unknown'
          ? 'the server was unable to respond with a content type that the client supports'
          : serverMessage;
      break;
    case 415:
      reason = StatusReason.UnsupportedMediaType;
      message = serverMessage;
      break;
    case 405:
      reason = StatusReason.MethodNotAllowed;
      message = 'the server does not allow this method on the requested resource';
      break;
    case 422:
      reason = StatusReason.Invalid;
      message = 'the server rejected our request due to an error in our request';
      break;
    case 503:
      reason = StatusReason.ServiceUnavailable;
      message = 'the server is currently unable to handle the request';
      break;
    case 504:
      reason = StatusReason.Timeout;
      message =
        'the server was unable to return a response in the time allotted, but may still be processing the request';
      break;
    case 429:
      reason = StatusReason.TooManyRequests;
      message = 'the server has received too many requests and has asked us to try again later';
      break;
    default:
      if (ctx.code >= 500) {
        reason = StatusReason.InternalError;
        message = `an error on the server (${goQuote(serverMessage)}) has prevented the request from succeeding`;
      }
  }
  const gr = ctx.resource;
  const hasResource = gr !== undefined && (gr.group !== '' || gr.resource !== '');
  if (hasResource && ctx.name !== undefined && ctx.name !== '') {
    message = `${message} (${ctx.verb.toLowerCase()} ${groupResourceString(gr)} ${ctx.name})`;
  } else if (hasResource) {
    message = `${message} (${ctx.verb.toLowerCase()} ${groupResourceString(gr)})`;
  }
  const details: NonNullable<Status['details']> = {};
  if (gr !== undefined && gr.group !== '') details.group = gr.group;
  if (gr !== undefined && gr.resource !== '') details.kind = gr.resource;
  if (ctx.name !== undefined && ctx.name !== '') details.name = ctx.name;
  if (unexpected) details.causes = [{ reason: 'UnexpectedServerResponse', message: serverMessage }];
  if (ctx.retryAfterSeconds !== undefined && ctx.retryAfterSeconds > 0)
    details.retryAfterSeconds = ctx.retryAfterSeconds;
  return new StatusError({ status: 'Failure', code: ctx.code, reason, message, details });
}
