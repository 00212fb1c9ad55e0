import { defaultObject } from '../../api/index.js';
import {
  alreadyExists,
  badRequest,
  generateNameConflict,
  invalid,
  StatusError,
  StatusReason,
} from '../../apimachinery/errors/index.js';
import { generateName } from '../../apimachinery/meta/index.js';
import type { AdmissionAttributes, FinishFunc } from './admission.js';
import { recordUpdate } from './managed-fields.js';
import { fillCreateMeta, isJsonObject, metaOf, metaString, setMeta } from './object-meta.js';
import { encode, decode, keyFor, type Resource, storeFailure, unknownError } from './resource.js';
import type { CreateOptions, JsonObject, RequestContext, WriteResult } from './types.js';

/** Upstream's attempts at a fresh generated name before answering the conflict. */
export const MAX_GENERATE_NAME_ATTEMPTS = 8;

/** Checks the body's type against the resource and fills an absent apiVersion/kind. Throws 400. */
export function checkType(res: Resource, obj: unknown): JsonObject {
  if (!isJsonObject(obj)) {
    throw badRequest(`the object provided is unrecognized (must be of type ${res.info.kind})`);
  }
  const av = obj['apiVersion'];
  if (av !== undefined && av !== '' && av !== res.apiVersion) {
    throw badRequest(
      `the API version in the data (${String(av)}) does not match the expected API version (${res.apiVersion})`,
    );
  }
  const kind = obj['kind'];
  if (kind !== undefined && kind !== '' && kind !== res.info.kind) {
    throw badRequest(`the object provided is unrecognized (must be of type ${res.info.kind})`);
  }
  obj['apiVersion'] = res.apiVersion;
  obj['kind'] = res.info.kind;
  return obj;
}

/**
 * Upstream's EnsureObjectNamespaceMatchesRequestNamespace: an absent namespace is taken from the
 * request; cluster-scoped objects lose theirs; a different one is a 400. Mutates `obj`.
 */
export function ensureNamespace(res: Resource, ctx: RequestContext, obj: JsonObject): void {
  const want = res.info.namespaced ? ctx.namespace : '';
  const have = metaString(obj, 'namespace');
  if (have === want) return;
  if (have === '' || want === '') {
    setMeta(obj, 'namespace', want === '' ? undefined : want);
    return;
  }
  throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
}

/**
 * Prepares a new object as upstream's BeforeCreate (after decoding and defaulting): system
 * fields, namespace, strategy preparation and validation. Throws the 400/422 StatusError.
 * Mutates `obj`; returns the strategy's warnings.
 */
export function beforeCreate(res: Resource, ctx: RequestContext, obj: JsonObject): string[] {
  const s = res.strategy;
  fillCreateMeta(obj, res.newUID(), ctx.now());
  ensureNamespace(res, ctx, obj);
  s.prepareForCreate(obj);
  const errs = s.validate(obj);
  if (errs.length > 0) throw invalid(res.gk, metaString(obj, 'name'), errs);
  return s.warnings(obj);
}

/** Admission attributes of a write of `obj` through `res` (subresource '' unless given). */
export function admissionAttributes(
  res: Resource,
  ctx: RequestContext,
  operation: AdmissionAttributes['operation'],
  name: string,
  object: JsonObject | undefined,
  oldObject: JsonObject | undefined,
  dryRun: boolean,
  subresource = '',
): AdmissionAttributes {
  return {
    operation,
    resource: res.info,
    subresource,
    namespace: res.info.namespaced ? ctx.namespace || metaString(object ?? oldObject ?? {}, 'namespace') : '',
    name,
    object,
    oldObject,
    dryRun,
    ctx,
    ...(ctx.warnings === undefined ? {} : { warnings: ctx.warnings }),
  };
}

/**
 * Runs `write` between a begin hook's reservation and its finish: the finish learns whether
 * the write succeeded, so a hook can release what a failed write no longer needs.
 */
export async function withFinish<T>(finish: FinishFunc | undefined, write: () => Promise<T>): Promise<T> {
  if (finish === undefined) return write();
  let ok = false;
  try {
    const out = await write();
    ok = true;
    return out;
  } finally {
    await finish(ok);
  }
}

async function createOnce(
  res: Resource,
  ctx: RequestContext,
  body: JsonObject,
  opts: CreateOptions,
): Promise<WriteResult> {
  const obj = structuredClone(body);
  const meta = metaOf(obj);
  const gen = metaString(obj, 'generateName');
  if (gen !== '' && metaString(obj, 'name') === '') meta['name'] = generateName(gen, res.random);
  const dryRun = opts.dryRun === true;
  const finish = await res.hooks.beginCreate?.(ctx, obj, dryRun);
  return withFinish(finish, async () => {
    const warnings = beforeCreate(res, ctx, obj);
    const rv = meta['resourceVersion'];
    if (rv !== undefined && rv !== '' && rv !== '0') {
      throw unknownError('resourceVersion should not be set on objects to be created');
    }
    delete meta['resourceVersion'];
    const name = metaString(obj, 'name');
    await res.admission.validate(admissionAttributes(res, ctx, 'CREATE', name, obj, undefined, dryRun));
    const key = keyFor(res, ctx, name);
    if (dryRun) {
      const cur = await res.store.get(key).catch((e: unknown) => Promise.reject(storeFailure(e)));
      if (cur.kv !== undefined) throw existsError(res, obj, gen);
      return { object: obj, created: true, warnings };
    }
    const ttl = res.strategy.ttlSeconds?.(obj, false);
    const out = await res.store
      .create(key, encode(obj), ttl === undefined ? {} : { ttlSeconds: ttl })
      .catch((e: unknown) => Promise.reject(storeFailure(e)));
    if (!out.ok) throw existsError(res, obj, gen);
    return { object: decode(out.kv), created: true, warnings };
  });
}

function existsError(res: Resource, obj: JsonObject, generated: string): StatusError {
  const name = metaString(obj, 'name');
  return generated !== '' ? generateNameConflict(res.gr, name, 1) : alreadyExists(res.gr, name);
}

/**
 * Creates an object as upstream's generic store: type check, defaulting, generateName (retried
 * up to {@link MAX_GENERATE_NAME_ATTEMPTS} times on a name collision), system metadata,
 * validation, then a write that fails with 409 AlreadyExists when the key exists. With
 * `dryRun` nothing is written and the answer carries no resourceVersion. Rejects only with
 * StatusError; never mutates `body`.
 */
export async function createObject(
  res: Resource,
  ctx: RequestContext,
  body: unknown,
  opts: CreateOptions = {},
): Promise<WriteResult> {
  const typed = checkType(res, structuredClone(body));
  defaultObject(res.apiVersion, res.info.kind, typed);
  // Ownership is taken from the request as sent (and defaulted), before admission mutates it.
  recordUpdate(res, undefined, typed, opts.fieldManager ?? 'unknown', '', ctx.now());
  try {
    ensureNamespace(res, ctx, typed);
    const name = metaString(typed, 'name');
    await res.admission.admit(
      admissionAttributes(res, ctx, 'CREATE', name, typed, undefined, opts.dryRun === true),
    );
  } catch (e) {
    throw storeFailure(e);
  }
  const generated = metaString(typed, 'generateName') !== '' && metaString(typed, 'name') === '';
  const attempts = generated ? MAX_GENERATE_NAME_ATTEMPTS : 1;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await createOnce(res, ctx, typed, opts);
    } catch (e) {
      last = e;
      if (!(generated && isExists(e))) throw storeFailure(e);
    }
  }
  throw storeFailure(last);
}

function isExists(e: unknown): boolean {
  return e instanceof StatusError && e.reason === StatusReason.AlreadyExists;
}
