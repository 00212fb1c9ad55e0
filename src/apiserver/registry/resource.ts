import { randomInt } from 'node:crypto';
import type { ResourceInfo } from '../../api/index.js';
import {
  type GroupKind,
  type GroupResource,
  internalError,
  resourceExpired,
  StatusError,
  StatusReason,
} from '../../apimachinery/errors/index.js';
import { newUID, type RandomInt } from '../../apimachinery/meta/index.js';
import { ListExpiredMessage } from '../request/index.js';
import { isCompacted, type KeyValue, type Store, StoreError } from '../../storage/index.js';
import { objectKey, resourcePrefix } from './keys.js';
import { isJsonObject } from './object-meta.js';
import { type Admission, NO_ADMISSION, type RegistryHooks } from './admission.js';
import type { JsonObject, RequestContext, Strategy } from './types.js';

/** Everything the registry operations share about one resource. Immutable after construction. */
export interface Resource {
  readonly info: ResourceInfo;
  readonly gr: GroupResource;
  readonly gk: GroupKind;
  /** `v1`, `apps/v1`. */
  readonly apiVersion: string;
  /** The storage prefix, with trailing slash. */
  readonly prefix: string;
  readonly strategy: Strategy;
  readonly statusStrategy: Strategy;
  readonly store: Store;
  readonly newUID: () => string;
  readonly random: RandomInt;
  readonly admission: Admission;
  readonly hooks: RegistryHooks;
}

/** Builds the shared description of a resource. Pure. */
export function makeResource(
  info: ResourceInfo,
  store: Store,
  strategy: Strategy,
  statusStrategy: Strategy,
  ids: { newUID?: () => string; random?: RandomInt } = {},
  extra: { admission?: Admission; hooks?: RegistryHooks } = {},
): Resource {
  return {
    info,
    gr: { group: info.group, resource: info.plural },
    gk: { group: info.group, kind: info.kind },
    apiVersion: info.group === '' ? info.version : `${info.group}/${info.version}`,
    prefix: resourcePrefix(info.group, info.plural),
    strategy,
    statusStrategy,
    store,
    newUID: ids.newUID ?? newUID,
    random: ids.random ?? ((n) => randomInt(n)),
    admission: extra.admission ?? NO_ADMISSION,
    hooks: extra.hooks ?? {},
  };
}

/** The storage key of `name` in the request's namespace; throws the 400 StatusError for a bad one. */
export function keyFor(res: Resource, ctx: RequestContext, name: string): string {
  const k = objectKey(res.prefix, res.info.namespaced, ctx.namespace, name);
  if (!k.ok) throw k.error;
  return k.key;
}

/**
 * The stored form of an object: JSON without `metadata.resourceVersion` (the store's revision
 * is the version, as upstream's versioner clears it before writing). Pure.
 */
export function encode(obj: JsonObject): string {
  const m = obj['metadata'];
  if (!isJsonObject(m) || m['resourceVersion'] === undefined) return JSON.stringify(obj);
  const { resourceVersion: _rv, ...meta } = m;
  return JSON.stringify({ ...obj, metadata: meta });
}

/**
 * Decodes a stored object and sets `metadata.resourceVersion` to its modRevision. Throws a 500
 * StatusError when the stored bytes are not a JSON object (a corrupted store).
 */
export function decode(kv: KeyValue): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(kv.value);
  } catch (e) {
    throw internalError(
      `unable to decode stored object at ${kv.key}: ${e instanceof Error ? e.message : 'bad JSON'}`,
    );
  }
  if (!isJsonObject(v)) throw internalError(`unable to decode stored object at ${kv.key}: not an object`);
  const meta = isJsonObject(v['metadata']) ? v['metadata'] : {};
  v['metadata'] = { ...meta, resourceVersion: String(kv.modRevision) };
  return v;
}

/**
 * Turns a store failure into the Status upstream answers: compaction is 410 Expired, any other
 * StoreError a 500; StatusErrors pass through. Never returns non-StatusErrors.
 */
export function storeFailure(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  if (isCompacted(err)) return resourceExpired(ListExpiredMessage);
  if (err instanceof StoreError) return internalError(err);
  return internalError(err instanceof Error ? err : String(err));
}

/**
 * The 504 upstream answers when a read asks for a resourceVersion the store has not reached:
 * `Timeout: Too large resource version: 12, current: 10`, with a retry hint. Pure.
 */
export function tooLargeResourceVersion(rv: number, current: number): StatusError {
  return new StatusError({
    status: 'Failure',
    message: `Timeout: Too large resource version: ${rv}, current: ${current}`,
    reason: StatusReason.Timeout,
    details: {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
    code: 504,
  });
}

/** A plain 500 with upstream's unclassified-error shape (no reason, the error text as message). */
export function unknownError(message: string): StatusError {
  return new StatusError({ status: 'Failure', message, reason: StatusReason.Unknown, code: 500 });
}
