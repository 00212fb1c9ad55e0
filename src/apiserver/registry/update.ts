import {
  badRequest,
  conflict,
  invalid,
  notFound,
  OptimisticLockErrorMsg,
} from '../../apimachinery/errors/index.js';
import { invalid as fieldInvalid, goQuote, path } from '../../apimachinery/field/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import { admissionAttributes, beforeCreate, ensureNamespace, withFinish } from './create.js';
import { type Subresource, recordUpdate } from './managed-fields.js';
import { finalizersOf, metaNumber, metaOf, metaString, restoreUpdateMeta } from './object-meta.js';
import { decode, encode, keyFor, type Resource, storeFailure } from './resource.js';
import type { JsonObject, RequestContext, Strategy, UpdateOptions, WriteResult } from './types.js';

/** How often a write is retried after losing a race with another writer. */
export const MAX_UPDATE_ATTEMPTS = 16;

/**
 * Computes the new object from the stored one (undefined when absent). May throw a StatusError
 * (404 for a patch of a missing object, a patch failure). Must not mutate `existing`.
 */
export type UpdatedObject = (existing: JsonObject | undefined) => JsonObject;

/** What the update path needs to know about the endpoint. */
export interface UpdatePath {
  readonly strategy: Strategy;
  readonly subresource: Subresource;
  /** Set by PUT: an update of a missing object may create it (per strategy). */
  readonly mayCreate: boolean;
  /** Server-side apply: creates a missing object whatever the strategy says. */
  readonly forceAllowCreate?: boolean;
  /** The new object already carries its managedFields (server-side apply computed them). */
  readonly managedFieldsDone?: boolean;
}

/** Outcome of an update: written, or the update emptied the finalizers of a deleting object. */
export type UpdateOutcome =
  | { readonly type: 'written'; readonly result: WriteResult }
  | {
      readonly type: 'delete';
      readonly object: JsonObject;
      readonly key: string;
      readonly modRevision: number;
    };

/**
 * The name and namespace of a PUT body against the URL (upstream's checkName): 400
 * `the name of the object (a) does not match the name on the URL (b)`, and its namespace twin.
 */
export function checkName(ctx: RequestContext, name: string, obj: JsonObject): void {
  const objName = metaString(obj, 'name');
  if (objName !== name) {
    throw badRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`);
  }
  const ns = metaString(obj, 'namespace');
  if (ns !== '' && ctx.namespace !== '' && ns !== ctx.namespace) {
    throw badRequest(
      `the namespace of the object (${ns}) does not match the namespace on the URL (${ctx.namespace})`,
    );
  }
}

/** metadata.resourceVersion as a number (0 when unset); a non-decimal one is upstream's 422. */
function resourceVersionOf(res: Resource, name: string, obj: JsonObject): number {
  const raw = metaOf(obj)['resourceVersion'];
  if (raw === undefined || raw === '') return 0;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (!/^[0-9]+$/.test(text) || BigInt(text) >= 2n ** 64n) {
    const why = /^[0-9]+$/.test(text) ? 'value out of range' : 'invalid syntax';
    throw invalid({ group: res.gr.group, kind: res.gr.resource }, name, [
      fieldInvalid(path('resourceVersion'), text, `strconv.ParseUint: parsing ${goQuote(text)}: ${why}`),
    ]);
  }
  return Number(text);
}

// Upstream's shouldDeleteDuringUpdate: a deleting object (without a pending grace period) whose
// last finalizer went away, when the strategy agrees (namespaces also wait for spec.finalizers).
function shouldDelete(obj: JsonObject, existing: JsonObject, strategy: Strategy): boolean {
  if (finalizersOf(obj).length > 0 || metaString(existing, 'deletionTimestamp') === '') return false;
  const grace = metaNumber(existing, 'deletionGracePeriodSeconds');
  if (grace !== undefined && grace !== 0) return false;
  return strategy.canDeleteDuringUpdate?.(obj) ?? true;
}

/**
 * Upstream's GuaranteedUpdate loop for one object: read, compute the new object, check the
 * resourceVersion precondition (409 Conflict `the object has been modified...`, or 422 when an
 * update must be conditional), prepare and validate, skip the write when nothing changed (the
 * resourceVersion stays), and retry from a fresh read when the store reports a concurrent write.
 * Creates a missing object when `path.mayCreate` and the strategy allows it. Rejects only with
 * StatusError.
 */
export async function guaranteedUpdate(
  res: Resource,
  ctx: RequestContext,
  name: string,
  updated: UpdatedObject,
  p: UpdatePath,
  opts: UpdateOptions,
): Promise<UpdateOutcome> {
  const key = keyFor(res, ctx, name);
  for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
    try {
      const out = await attemptUpdate(res, ctx, name, key, updated, p, opts);
      if (out !== 'retry') return out;
    } catch (e) {
      throw storeFailure(e);
    }
  }
  throw conflict(res.gr, name, OptimisticLockErrorMsg);
}

// One read-modify-write of guaranteedUpdate; 'retry' when another writer won the race.
async function attemptUpdate(
  res: Resource,
  ctx: RequestContext,
  name: string,
  key: string,
  updated: UpdatedObject,
  p: UpdatePath,
  opts: UpdateOptions,
): Promise<UpdateOutcome | 'retry'> {
  const dryRun = opts.dryRun === true;
  const cur = await res.store.get(key);
  if (cur.kv === undefined) {
    if (!(p.forceAllowCreate === true || (p.mayCreate && p.strategy.allowCreateOnUpdate)))
      throw notFound(res.gr, name);
    const obj = updated(undefined);
    if (p.managedFieldsDone !== true) {
      recordUpdate(res, undefined, obj, opts.fieldManager ?? 'unknown', p.subresource, ctx.now());
    }
    await res.admission.admit(admissionAttributes(res, ctx, 'CREATE', name, obj, undefined, dryRun));
    const finish = await res.hooks.beginCreate?.(ctx, obj, dryRun);
    return withFinish(finish, async () => {
      const warnings = beforeCreate(res, ctx, obj);
      delete metaOf(obj)['resourceVersion'];
      await res.admission.validate(admissionAttributes(res, ctx, 'CREATE', name, obj, undefined, dryRun));
      if (dryRun) return written(obj, true, warnings);
      const ttl = p.strategy.ttlSeconds?.(obj, false);
      const out = await res.store.create(key, encode(obj), ttl === undefined ? {} : { ttlSeconds: ttl });
      if (!out.ok) throw RETRY;
      return written(decode(out.kv), true, warnings);
    }).catch(retryAsValue);
  }
  const existing = decode(cur.kv);
  const obj = updated(structuredClone(existing));
  // Ownership is taken from the request as sent (and defaulted), before admission mutates it.
  if (p.managedFieldsDone !== true) {
    recordUpdate(res, existing, obj, opts.fieldManager ?? 'unknown', p.subresource, ctx.now());
  }
  await res.admission.admit(
    admissionAttributes(res, ctx, 'UPDATE', name, obj, existing, dryRun, p.subresource),
  );
  const newRV = resourceVersionOf(res, name, obj);
  if (newRV === 0 && !p.strategy.allowUnconditionalUpdate) {
    throw invalid({ group: res.gr.group, kind: res.gr.resource }, name, [
      fieldInvalid(path('metadata', 'resourceVersion'), 0, 'must be specified for an update'),
    ]);
  }
  if (newRV !== 0 && newRV !== cur.kv.modRevision) throw conflict(res.gr, name, OptimisticLockErrorMsg);
  // An unconditional update writes over the latest version, as if the client had named it.
  if (newRV === 0) metaOf(obj)['resourceVersion'] = String(cur.kv.modRevision);
  ensureNamespace(res, ctx, obj);
  // As upstream, whose status store is a copy made before the hooks are set: no hooks on status.
  const finish = p.subresource === '' ? await res.hooks.beginUpdate?.(ctx, obj, existing, dryRun) : undefined;
  return withFinish(finish, async (): Promise<UpdateOutcome> => {
    restoreUpdateMeta(obj, existing);
    p.strategy.prepareForUpdate(obj, existing);
    const errs = p.strategy.validateUpdate(obj, existing);
    if (errs.length > 0) throw invalid(res.gk, name, errs);
    await res.admission.validate(
      admissionAttributes(res, ctx, 'UPDATE', name, obj, existing, dryRun, p.subresource),
    );
    const warnings = p.strategy.warnings(obj, existing);
    if (shouldDelete(obj, existing, p.strategy)) {
      return { type: 'delete', object: obj, key, modRevision: cur.kv!.modRevision };
    }
    if (deepEqual(JSON.parse(encode(obj)), JSON.parse(cur.kv!.value)))
      return written(existing, false, warnings);
    const data = encode(obj);
    if (dryRun) {
      metaOf(obj)['resourceVersion'] = String(cur.kv!.modRevision);
      return written(obj, false, warnings);
    }
    const ttl = p.strategy.ttlSeconds?.(obj, true);
    const out = await res.store.update(
      key,
      data,
      cur.kv!.modRevision,
      ttl === undefined ? {} : { ttlSeconds: ttl },
    );
    if (out.ok) return written(decode(out.kv), false, warnings);
    if (out.reason === 'not-found' && !(p.mayCreate && p.strategy.allowCreateOnUpdate)) {
      throw notFound(res.gr, name);
    }
    throw RETRY;
  }).catch(retryAsValue);
}

// Thrown inside a hooked write so its finish sees the failure; turned back into 'retry'.
const RETRY = Symbol('retry');

function retryAsValue(e: unknown): 'retry' {
  if (e === RETRY) return 'retry';
  throw e;
}

function written(object: JsonObject, created: boolean, warnings: readonly string[]): UpdateOutcome {
  return { type: 'written', result: { object, created, warnings } };
}
