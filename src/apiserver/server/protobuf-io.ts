import type { IncomingMessage } from 'node:http';
import { decodeObject, encodeObject, hasProtobufForm, PROTOBUF_CONTENT_TYPE } from '../protobuf/index.js';

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

export { encodeObject, PROTOBUF_CONTENT_TYPE };
