import type { ApiObject } from './types.js';

/** The annotation that marks the bookmark ending a watch's initial events. */
export const InitialEventsEndAnnotation = 'k8s.io/initial-events-end';

/** A stored value that is not a JSON object. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}

/**
 * Decodes a stored value into a frozen object whose metadata.resourceVersion is `revision`.
 * Throws DecodeError when the value is not a JSON object (or its metadata is not one). Pure.
 */
export function decodeStored(key: string, value: string, revision: number): ApiObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new DecodeError(`${key}: stored value is not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(parsed)) throw new DecodeError(`${key}: stored value is not a JSON object`);
  const meta = parsed.metadata ?? {};
  if (!isRecord(meta)) throw new DecodeError(`${key}: metadata is not a JSON object`);
  parsed.metadata = { ...meta, resourceVersion: String(revision) };
  return deepFreeze(parsed);
}

/** A frozen copy of `obj` with metadata.resourceVersion replaced. Pure; `obj` is not changed. */
export function withResourceVersion(obj: ApiObject, revision: number): ApiObject {
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  return Object.freeze({ ...obj, metadata: Object.freeze({ ...meta, resourceVersion: String(revision) }) });
}

/** What a bookmark's object needs besides its resourceVersion. */
export interface TypeMeta {
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * A BOOKMARK object: only kind, apiVersion and metadata.resourceVersion (plus the
 * initial-events-end annotation when `initialEventsEnd`). Pure.
 */
export function bookmarkObject(type: TypeMeta, revision: number, initialEventsEnd = false): ApiObject {
  const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
  if (initialEventsEnd) metadata.annotations = { [InitialEventsEndAnnotation]: 'true' };
  return deepFreeze({ kind: type.kind, apiVersion: type.apiVersion, metadata });
}
