import { conflict, type GroupResource, notFound } from '../../apimachinery/errors/index.js';
import { deepEqual, formatRFC3339, parseRFC3339 } from '../../apimachinery/meta/index.js';
import { FinalizerDeleteDependents, FinalizerOrphanDependents } from '../../apimachinery/validation/index.js';
import { admissionAttributes } from './create.js';
import { finalizersOf, metaNumber, metaOf, metaString, setFinalizers } from './object-meta.js';
import { decode, encode, keyFor, type Resource, storeFailure } from './resource.js';
import type { DeleteOptions, DeleteResult, JsonObject, RequestContext } from './types.js';
import { MAX_UPDATE_ATTEMPTS } from './update.js';

/** The Success Status upstream answers a delete with for kinds that do not return the object. */
export function deleteSuccessStatus(gr: GroupResource, obj: JsonObject): JsonObject {
  const details: JsonObject = { name: metaString(obj, 'name') };
  if (gr.group !== '') details['group'] = gr.group;
  details['kind'] = gr.resource;
  const uid = metaString(obj, 'uid');
  if (uid !== '') details['uid'] = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

/** The answer for a removed object: itself, or the Success Status. */
export function finalizeDelete(res: Resource, obj: JsonObject): DeleteResult {
  return { deleted: true, object: res.info.deleteReturnsObject ? obj : deleteSuccessStatus(res.gr, obj) };
}

// Upstream checks preconditions against the object it read (with the kind as the resource),
// before any write; the store repeats the check atomically through the revision.
function checkPreconditions(res: Resource, obj: JsonObject, o: DeleteOptions): void {
  const p = o.preconditions;
  if (p === undefined) return;
  const gr = { group: res.gk.group, resource: res.gk.kind };
  const name = metaString(obj, 'name');
  const uid = metaString(obj, 'uid');
  if (p.uid !== undefined && p.uid !== uid) {
    throw conflict(
      gr,
      name,
      `the UID in the precondition (${p.uid}) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
    );
  }
  const rv = metaString(obj, 'resourceVersion');
  if (p.resourceVersion !== undefined && p.resourceVersion !== rv) {
    throw conflict(
      gr,
      name,
      `the ResourceVersion in the precondition (${p.resourceVersion}) does not match the ResourceVersion in record (${rv}). The object might have been modified`,
    );
  }
}

/** The finalizers the garbage collector options ask for, or undefined when unchanged. */
function gcFinalizers(res: Resource, obj: JsonObject, o: DeleteOptions): string[] | undefined {
  if (!res.strategy.garbageCollection) return undefined;
  const current = finalizersOf(obj);
  let orphan: boolean;
  let foreground: boolean;
  if (o.orphanDependents !== undefined) {
    orphan = o.orphanDependents;
    foreground = false;
  } else if (o.propagationPolicy !== undefined) {
    orphan = o.propagationPolicy === 'Orphan';
    foreground = o.propagationPolicy === 'Foreground';
  } else {
    orphan = current.includes(FinalizerOrphanDependents);
    foreground = !orphan && current.includes(FinalizerDeleteDependents);
  }
  const next = current.filter((f) => f !== FinalizerOrphanDependents && f !== FinalizerDeleteDependents);
  if (orphan) next.push(FinalizerOrphanDependents);
  if (foreground) next.push(FinalizerDeleteDependents);
  const same = new Set(next).size === new Set(current).size && next.every((f) => current.includes(f));
  return same ? undefined : next;
}

// Milliseconds of a stored timestamp; one that does not parse counts as the epoch.
function instantMs(v: unknown): number {
  if (typeof v !== 'string') return 0;
  try {
    return parseRFC3339(v).seconds * 1000;
  } catch {
    return 0;
  }
}

type Plan =
  | { readonly type: 'now' }
  | { readonly type: 'pending' }
  | { readonly type: 'mark'; readonly object: JsonObject; readonly graceSeconds: number };

function bumpGeneration(obj: JsonObject): void {
  const g = metaNumber(obj, 'generation');
  if (g !== undefined && g > 0) metaOf(obj)['generation'] = g + 1;
}

/**
 * Upstream's BeforeDelete plus the finalizer handling of updateForGracefulDeletionAndFinalizers:
 * whether to delete at once, leave a pending graceful deletion alone, or write deletionTimestamp
 * (and finalizers) and keep the object. Mutates `obj`.
 */
function plan(res: Resource, ctx: RequestContext, obj: JsonObject, o: DeleteOptions): Plan {
  checkPreconditions(res, obj, o);
  const meta = metaOf(obj);
  let requested = o.gracePeriodSeconds;
  if (requested !== undefined && requested < 0) requested = 1;
  const deleting = typeof meta['deletionTimestamp'] === 'string';
  let graceful = false;
  let grace = 0;
  const grader = res.strategy.gracePeriodSeconds;
  if (grader !== undefined) {
    const existingGrace = metaNumber(obj, 'deletionGracePeriodSeconds');
    if (deleting) {
      // A zero-grace deletion already under way completes now, unless finalizers are pending.
      if (existingGrace === undefined || existingGrace === 0) {
        const fins = gcFinalizers(res, obj, o);
        if (fins !== undefined) setFinalizers(obj, fins);
        if (finalizersOf(obj).length === 0) return { type: 'now' };
        return { type: 'mark', object: obj, graceSeconds: 0 };
      }
      if (requested === undefined || requested >= existingGrace) return { type: 'pending' };
      // Only a shorter grace period may replace a pending one.
      const at = new Date(instantMs(meta['deletionTimestamp']) - existingGrace * 1000 + requested * 1000);
      meta['deletionTimestamp'] = formatRFC3339(at);
      meta['deletionGracePeriodSeconds'] = requested;
      graceful = true;
      grace = requested;
    } else {
      const period = grader(obj, requested);
      if (period !== undefined) {
        meta['deletionTimestamp'] = formatRFC3339(new Date(ctx.now().getTime() + period * 1000));
        meta['deletionGracePeriodSeconds'] = period;
        bumpGeneration(obj);
        graceful = true;
        grace = period;
      }
    }
  }
  const fins = gcFinalizers(res, obj, o);
  if (fins !== undefined) setFinalizers(obj, fins);
  const pending = finalizersOf(obj).length > 0;
  if (!graceful) {
    if (!pending) return { type: 'now' };
    if (!deleting) bumpGeneration(obj);
    const now = ctx.now();
    if (!deleting || instantMs(meta['deletionTimestamp']) > now.getTime())
      meta['deletionTimestamp'] = formatRFC3339(now);
    meta['deletionGracePeriodSeconds'] = 0;
    return { type: 'mark', object: obj, graceSeconds: 0 };
  }
  return { type: 'mark', object: obj, graceSeconds: grace };
}

/**
 * Deletes one object as upstream's generic store: preconditions (409), graceful deletion for
 * kinds that have it, garbage-collector finalizers from propagationPolicy / orphanDependents;
 * an object with finalizers (or a grace period) gets deletionTimestamp and is kept and returned;
 * otherwise it is removed and returned (or a Success Status, per catalogue). With `dryRun`
 * nothing is written. Rejects only with StatusError (404 when absent).
 */
export async function deleteObject(
  res: Resource,
  ctx: RequestContext,
  name: string,
  o: DeleteOptions = {},
): Promise<DeleteResult> {
  const key = keyFor(res, ctx, name);
  try {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const cur = await res.store.get(key);
      if (cur.kv === undefined) throw notFound(res.gr, name);
      const existing = decode(cur.kv);
      const p = plan(res, ctx, structuredClone(existing), o);
      const attrs = admissionAttributes(res, ctx, 'DELETE', name, undefined, existing, o.dryRun === true);
      await res.admission.admit(attrs);
      await res.admission.validate(attrs);
      if (p.type === 'pending') return { deleted: false, object: existing };
      let target = existing;
      let rev = cur.kv.modRevision;
      if (p.type === 'mark') {
        if (o.dryRun === true) {
          if (p.graceSeconds > 0 || finalizersOf(p.object).length > 0)
            return { deleted: false, object: p.object };
          return finalizeDelete(res, p.object);
        }
        if (!deepEqual(JSON.parse(encode(p.object)), JSON.parse(cur.kv.value))) {
          const ttl = res.strategy.ttlSeconds?.(p.object, true);
          const up = await res.store.update(
            key,
            encode(p.object),
            rev,
            ttl === undefined ? {} : { ttlSeconds: ttl },
          );
          if (!up.ok) {
            if (up.reason === 'not-found') throw notFound(res.gr, name);
            continue;
          }
          target = decode(up.kv);
          rev = up.kv.modRevision;
        }
        if (p.graceSeconds > 0 || finalizersOf(target).length > 0) return { deleted: false, object: target };
      }
      if (o.dryRun === true) return finalizeDelete(res, target);
      const del = await res.store.delete(key, rev);
      if (del.ok) {
        const gone = decode(del.prev);
        await res.hooks.afterDelete?.(ctx, gone);
        return finalizeDelete(res, gone);
      }
      // A zero-grace deletion that raced with another deleter already reached its goal.
      if (del.reason === 'not-found' && p.type === 'mark') return finalizeDelete(res, target);
      if (del.reason === 'not-found') throw notFound(res.gr, name);
    }
  } catch (e) {
    throw storeFailure(e);
  }
  throw storeFailure(conflict(res.gr, name, 'too many concurrent writes'));
}

/**
 * Removes an object whose finalizers an update emptied while it was being deleted (upstream's
 * deleteWithoutFinalizers); answers with the updated object. A concurrent removal is not an error.
 */
export async function deleteEmptied(
  res: Resource,
  ctx: RequestContext,
  key: string,
  obj: JsonObject,
  dryRun: boolean,
): Promise<JsonObject> {
  if (dryRun) return obj;
  // As upstream, the removal is unconditional: a concurrent writer cannot bring finalizers back
  // to an object whose deletion has started.
  const del = await res.store.delete(key).catch((e: unknown) => Promise.reject(storeFailure(e)));
  if (del.ok) await res.hooks.afterDelete?.(ctx, obj);
  return obj;
}
