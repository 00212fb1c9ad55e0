import type { IncomingMessage } from 'node:http';
import { badRequest } from '../../apimachinery/errors/index.js';
import { decodeObject, encodeObject, hasProtobufForm, PROTOBUF_CONTENT_TYPE } from '../protobuf/index.js';
import type { JsonObject } from '../registry/index.js';
import { summarizeBody } from '../request/index.js';

/** Whether a Content-Type header names Kubernetes protobuf. */
export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === PROTOBUF_CONTENT_TYPE;
}

/**
 * Whether the client asked for protobuf before JSON (`Accept: application/vnd.kubernetes.protobuf,
 * application/json`, as typed clients and kubectl send it) and the object has a protobuf form.
 * Tables and other conversions are always JSON.
 */
export function wantsProtobuf(req: IncomingMessage, obj: Record<string, unknown>): boolean {
  const accept = req.headers.accept ?? '';
  const firstType = accept.split(',')[0]?.trim() ?? '';
  if (firstType.split(';')[0]!.trim().toLowerCase() !== PROTOBUF_CONTENT_TYPE) return false;
  if (firstType.includes(';')) return false;
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  return typeof apiVersion === 'string' && typeof kind === 'string' && hasProtobufForm(apiVersion, kind);
}

/** Decodes a protobuf body into JSON, filling an empty type from the request (as upstream). */
export function decodeProtobufBody(bytes: Uint8Array, apiVersion: string, kind: string): unknown {
  const r = decodeObject(bytes, { apiVersion, kind });
  if (!r.ok) throw r.error;
  return r.object;
}

/**
 * Decodes the protobuf body of a create or update, failing as upstream's handlers report decode
 * errors (transformDecodeError): before the body's type is known `the object provided is
 * unrecognized (must be of type <kind>): <error> (<summary>)`, after it `<Kind> in version "<v>"
 * cannot be handled as a <kind>: <error>`. Throws the 400 StatusError.
 */
export function decodeProtobufObject(bytes: Uint8Array, apiVersion: string, kind: string): JsonObject {
  const r = decodeObject(bytes, { apiVersion, kind });
  if (r.ok) return r.object;
  const cause = r.error.status.message ?? '';
  if (r.typeMeta === undefined) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${kind}): ${cause} (${summarizeBody(bytes)})`,
    );
  }
  const version = r.typeMeta.apiVersion.slice(r.typeMeta.apiVersion.indexOf('/') + 1);
  throw badRequest(
    `${r.typeMeta.kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${cause}`,
  );
}

export { encodeObject, PROTOBUF_CONTENT_TYPE };
