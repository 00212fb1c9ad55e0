// One JSON request/answer exchange, with failures rebuilt as StatusErrors.
import type { IncomingHttpHeaders } from 'node:http';
import { fromResponse, type GroupResource, genericServerResponse } from '../../apimachinery/errors/index.js';
import type { Transport } from './transport.js';

/** What a failed request was about, for the error message. */
export interface RequestTarget {
  readonly resource?: GroupResource;
  readonly name?: string;
}

/** A JSON request. `body` is serialized with JSON.stringify unless it is a string. */
export interface JsonRequest extends RequestTarget {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/** Retry-After in whole seconds, when the header holds a number of seconds. */
export function retryAfterSeconds(headers: IncomingHttpHeaders): number | undefined {
  const v = headers['retry-after'];
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

/**
 * The StatusError for a non-2xx answer, as client-go builds it: the server's Status when the
 * body is one, else the generic message for the code (with method, resource and name).
 */
export function errorFor(
  code: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
  method: string,
  target: RequestTarget,
): Error {
  const retry = retryAfterSeconds(headers);
  const ctx = {
    code,
    verb: method,
    ...(target.resource === undefined ? {} : { resource: target.resource }),
    ...(target.name === undefined ? {} : { name: target.name }),
    ...(retry === undefined ? {} : { retryAfterSeconds: retry }),
  };
  return fromResponse(ctx, body) ?? genericServerResponse(ctx, body.toString('utf8'), true);
}

/**
 * Sends a JSON request and decodes the JSON answer. Rejects with a StatusError for any non-2xx
 * status, with an Error for transport failures or an undecodable 2xx body.
 */
export async function requestJson<R>(t: Transport, req: JsonRequest): Promise<R> {
  const res = await t.request({
    method: req.method,
    path: req.path,
    ...(req.body === undefined
      ? {}
      : { body: typeof req.body === 'string' ? req.body : JSON.stringify(req.body) }),
    ...(req.contentType === undefined ? {} : { contentType: req.contentType }),
    ...(req.signal === undefined ? {} : { signal: req.signal }),
  });
  if (res.code < 200 || res.code > 299) throw errorFor(res.code, res.headers, res.body, req.method, req);
  const text = res.body.toString('utf8');
  if (text.trim() === '') return undefined as R;
  try {
    return JSON.parse(text) as R;
  } catch (e) {
    throw new Error(`cannot decode the answer to ${req.method} ${req.path}: ${(e as Error).message}`);
  }
}
