import { isJsonObject as isObject } from '../registry/object-meta.js';
import { type ResourceInfo, resourceFor } from '../../api/index.js';
import {
  conflict,
  isConflict,
  OptimisticLockErrorMsg,
  StatusError,
} from '../../apimachinery/errors/index.js';
import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import type { Store } from '../../storage/index.js';
import {
  type JsonObject,
  MAX_UPDATE_ATTEMPTS,
  RegistryStore,
  type RequestContext,
  strategyFor,
} from '../registry/index.js';

// Whether a value is a plain JSON object: the registry's test, under the name this folder uses.
export { isObject };

/** `obj[field]` when it is an object, else a fresh empty object stored there. Mutates `obj`. */
export function child(obj: JsonObject, field: string): JsonObject {
  const v = obj[field];
  if (isObject(v)) return v;
  const fresh: JsonObject = {};
  obj[field] = fresh;
  return fresh;
}

/** `obj[field]` when it is an object, else an empty object (not stored). Pure. */
export function field(obj: unknown, name: string): JsonObject {
  if (!isObject(obj)) return {};
  const v = obj[name];
  return isObject(v) ? v : {};
}

/** A string member, '' when absent or of another type. Pure. */
export function str(obj: unknown, name: string): string {
  if (!isObject(obj)) return '';
  const v = obj[name];
  return typeof v === 'string' ? v : '';
}

/** The `metav1.Status` of success that connect-style and create-only endpoints answer with. */
export function successStatus(): JsonObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
}

/** The catalogue entry of a built-in core/v1 (or other) resource; throws when it is missing. */
export function builtin(group: string, version: string, resource: string): ResourceInfo {
  const info = resourceFor({ group, version, resource });
  if (info === undefined) throw new Error(`resource ${group}/${version}/${resource} is not served`);
  return info;
}

/**
 * A registry over `info` whose updates write exactly the object they are given: no strategy
 * preparation (spec and status both written), no update validation, no generation bump. It is
 * the storage-level GuaranteedUpdate that upstream's subresources (binding, namespace deletion)
 * use to change fields the main endpoints protect.
 */
export function rawRegistry(info: ResourceInfo, store: Store): RegistryStore {
  const base = strategyFor(info);
  return new RegistryStore(info, store, {
    strategy: {
      ...base,
      tracksGeneration: false,
      prepareForUpdate() {},
      validateUpdate: () => [],
      warnings: () => [],
    },
  });
}

/**
 * Read-modify-write of `name` through `registry` until it applies to the latest object: `mutate`
 * gets a copy of the stored object and returns the new one (it may throw to abort). Losing a race
 * retries from a fresh read (bounded), as upstream's GuaranteedUpdate does.
 */
export async function updateLatest(
  registry: RegistryStore,
  ctx: RequestContext,
  name: string,
  mutate: (current: JsonObject) => JsonObject,
  opts: { readonly dryRun?: boolean; readonly fieldManager?: string; readonly status?: boolean } = {},
): Promise<JsonObject> {
  for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
    const current = await registry.get(ctx, name);
    const rv = (current['metadata'] as JsonObject)['resourceVersion'];
    const next = mutate(structuredClone(current));
    child(next, 'metadata')['resourceVersion'] = rv;
    try {
      const o = { ...(opts.dryRun === undefined ? {} : { dryRun: opts.dryRun }) };
      const r =
        opts.status === true
          ? await registry.updateStatus(ctx, name, next, o)
          : await registry.update(ctx, name, next, o);
      return r.object;
    } catch (e) {
      if (e instanceof StatusError && isConflict(e) && e.message.endsWith(OptimisticLockErrorMsg)) continue;
      throw e;
    }
  }
  throw conflict(
    { group: registry.info.group, resource: registry.info.plural },
    name,
    OptimisticLockErrorMsg,
  );
}

/**
 * Upstream's podutil.UpdatePodCondition on a JSON pod status: adds the condition, or replaces the
 * one of the same type, keeping its lastTransitionTime when the status did not change. Mutates
 * `status`.
 */
export function setPodCondition(status: JsonObject, cond: JsonObject, now: Date): void {
  const list = Array.isArray(status['conditions']) ? (status['conditions'] as unknown[]) : [];
  const next: JsonObject = { lastProbeTime: null, lastTransitionTime: formatRFC3339(now), ...cond };
  const i = list.findIndex((c) => isObject(c) && c['type'] === cond['type']);
  if (i < 0) {
    status['conditions'] = [...list, next];
    return;
  }
  const old = list[i] as JsonObject;
  if (old['status'] === cond['status'] && old['lastTransitionTime'] !== undefined)
    next['lastTransitionTime'] = old['lastTransitionTime'];
  if (old['lastProbeTime'] !== undefined && cond['lastProbeTime'] === undefined)
    next['lastProbeTime'] = old['lastProbeTime'];
  const copy = [...list];
  copy[i] = next;
  status['conditions'] = copy;
}
