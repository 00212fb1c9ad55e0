import { DEFINITIONS, defaultObject, findUnknownFields, type ResourceInfo } from '../../api/index.js';
import {
  badRequest,
  conflict,
  notFound,
  StatusError,
  StatusReason,
} from '../../apimachinery/errors/index.js';
import type { RandomInt } from '../../apimachinery/meta/index.js';
import {
  applyPatch,
  type FieldValidation,
  type JsonObject as PatchJsonObject,
  type PatchSchema,
  patchSchemaFromOpenAPI,
} from '../../apimachinery/patch/index.js';
import { parseResourceVersion } from '../request/index.js';
import { decodeApplyBody, fieldManagerFor, isApplyPatch } from '../fieldmanager/index.js';
import type { Json } from '../fieldmanager/index.js';
import type { Store } from '../../storage/index.js';
import type { Admission, RegistryHooks } from './admission.js';
import { checkType, createObject } from './create.js';
import { deleteEmptied, deleteObject } from './delete.js';
import { type ListObject, type ListOptions, listObjects } from './list.js';
import { metaString } from './object-meta.js';
import {
  decode,
  keyFor,
  makeResource,
  type Resource,
  storeFailure,
  tooLargeResourceVersion,
} from './resource.js';
import { statusStrategyFor, strategyFor } from './strategy.js';
import type {
  CreateOptions,
  DeleteOptions,
  DeleteResult,
  GetOptions,
  JsonObject,
  RequestContext,
  Strategy,
  UpdateOptions,
  WriteResult,
} from './types.js';
import { checkName, guaranteedUpdate, type UpdatedObject, type UpdatePath } from './update.js';

type FieldManagerObject = { [key: string]: Json };

/** Construction options of a RegistryStore; every field has a production default. */
export interface RegistryStoreOptions {
  /** The main resource's strategy (default: {@link strategyFor}). */
  readonly strategy?: Strategy;
  /** The status subresource's strategy (default: {@link statusStrategyFor}). */
  readonly statusStrategy?: Strategy;
  /** UID source (default: random v4 UUIDs). */
  readonly newUID?: () => string;
  /** Randomness of generated names (default: crypto). */
  readonly random?: RandomInt;
  /** Admission control of writes (default: none). */
  readonly admission?: Admission;
  /** I/O steps around writes (services' allocations); default none. */
  readonly hooks?: RegistryHooks;
}

/** Options of patch. */
export interface PatchOptions extends UpdateOptions {
  /** How unknown fields of JSON patch operations are reported (default Warn). */
  readonly fieldValidation?: FieldValidation;
  /** Patch the status subresource instead of the main resource. */
  readonly subresource?: 'status';
  /** Server-side apply only: take fields other managers own instead of failing with 409. */
  readonly force?: boolean;
}

/**
 * The generic registry store of one resource over a Store: every write path of the API server
 * (create, update, status update, patch, delete, delete collection) and the reads, with
 * upstream's semantics and error texts. Stateless apart from a lazily built patch schema; safe
 * to use concurrently (the store's revisions arbitrate). Every method rejects only with
 * StatusError.
 */
export class RegistryStore {
  private readonly res: Resource;
  private schema: PatchSchema | undefined;

  constructor(info: ResourceInfo, store: Store, opts: RegistryStoreOptions = {}) {
    const strategy = opts.strategy ?? strategyFor(info);
    const ids = {
      ...(opts.newUID ? { newUID: opts.newUID } : {}),
      ...(opts.random ? { random: opts.random } : {}),
    };
    this.res = makeResource(
      info,
      store,
      strategy,
      opts.statusStrategy ?? statusStrategyFor(info, strategy),
      ids,
      {
        ...(opts.admission === undefined ? {} : { admission: opts.admission }),
        ...(opts.hooks === undefined ? {} : { hooks: opts.hooks }),
      },
    );
  }

  /** The resource served. */
  get info(): ResourceInfo {
    return this.res.info;
  }

  /** The storage prefix of the resource (`/registry/pods/`). */
  get prefix(): string {
    return this.res.prefix;
  }

  /** Creates `body` (see createObject for the steps). */
  create(ctx: RequestContext, body: unknown, opts: CreateOptions = {}): Promise<WriteResult> {
    return createObject(this.res, ctx, body, opts);
  }

  /**
   * Reads one object: 404 `pods "x" not found`; a resourceVersion newer than the store is the
   * 504 of upstream's storage.
   */
  async get(ctx: RequestContext, name: string, opts: GetOptions = {}): Promise<JsonObject> {
    const key = keyFor(this.res, ctx, name);
    const rv = parseResourceVersion(opts.resourceVersion ?? '');
    if (!rv.ok) throw rv.error;
    try {
      const cur = await this.res.store.get(key);
      if (rv.value > cur.revision) throw tooLargeResourceVersion(rv.value, cur.revision);
      if (cur.kv === undefined) throw notFound(this.res.gr, name);
      return decode(cur.kv);
    } catch (e) {
      throw storeFailure(e);
    }
  }

  /** Lists objects (see listObjects). */
  list(ctx: RequestContext, opts: ListOptions = {}): Promise<ListObject> {
    return listObjects(this.res, ctx, opts);
  }

  /** Replaces the object `name` with `body` (PUT); may create it where the strategy allows. */
  update(
    ctx: RequestContext,
    name: string,
    body: unknown,
    opts: UpdateOptions & { readonly subresource?: 'scale' } = {},
  ): Promise<WriteResult> {
    // A write through the scale subresource records its managedFields entry as `subresource: scale`.
    const subresource = opts.subresource ?? '';
    return this.put(ctx, name, body, opts, {
      strategy: this.res.strategy,
      subresource,
      mayCreate: subresource === '',
    });
  }

  /** Replaces the status of `name` (PUT on the status subresource): the stored spec is kept. */
  updateStatus(
    ctx: RequestContext,
    name: string,
    body: unknown,
    opts: UpdateOptions = {},
  ): Promise<WriteResult> {
    return this.put(ctx, name, body, opts, {
      strategy: this.res.statusStrategy,
      subresource: 'status',
      mayCreate: false,
    });
  }

  /**
   * Patches `name` with a JSON, merge or strategic merge patch (`contentType`); patch failures
   * carry upstream's Status (400/409/413/415/422/500). Retries from a fresh read when another
   * writer wins the race, so a patch without resourceVersion always applies to the latest object.
   */
  patch(
    ctx: RequestContext,
    name: string,
    contentType: string,
    body: string | Uint8Array,
    opts: PatchOptions = {},
  ): Promise<WriteResult> {
    if (isApplyPatch(contentType)) return this.apply(ctx, name, body, opts);
    const p: UpdatePath =
      opts.subresource === 'status'
        ? { strategy: this.res.statusStrategy, subresource: 'status', mayCreate: false }
        : { strategy: this.res.strategy, subresource: '', mayCreate: false };
    let patchWarnings: readonly string[] = [];
    const updated: UpdatedObject = (existing) => {
      if (existing === undefined) throw notFound(this.res.gr, name);
      // Stored objects are decoded JSON, so they are JSON values as the patch engine types them.
      const out = applyPatch(contentType, existing as PatchJsonObject, body, this.patchSchema(), {
        ...(opts.fieldValidation === undefined ? {} : { fieldValidation: opts.fieldValidation }),
      });
      if (!out.ok) {
        const reason = out.error.reason === 'Unknown' ? StatusReason.Unknown : out.error.reason;
        throw new StatusError({
          status: 'Failure',
          message: out.error.message,
          reason,
          code: out.error.code,
        });
      }
      patchWarnings = [...out.warnings, ...this.unknownFieldProblems(contentType, out.object, opts)];
      const obj = checkType(this.res, out.object);
      defaultObject(this.res.apiVersion, this.res.info.kind, obj);
      checkName(ctx, name, obj);
      return obj;
    };
    return this.write(ctx, name, updated, opts, p).then((r) => ({
      ...r,
      warnings: [...patchWarnings, ...r.warnings],
    }));
  }

  /**
   * Server-side apply (`application/apply-patch+yaml`): merges the applied configuration into
   * the object (creating it when missing, except through the status subresource) with the
   * field manager's ownership rules; 409 Conflict on fields other managers own unless `force`.
   */
  private apply(
    ctx: RequestContext,
    name: string,
    body: string | Uint8Array,
    opts: PatchOptions,
  ): Promise<WriteResult> {
    let config: JsonObject;
    try {
      config = decodeApplyBody(body);
    } catch (e) {
      return Promise.reject(storeFailure(e));
    }
    const status = opts.subresource === 'status';
    const p: UpdatePath = {
      strategy: status ? this.res.statusStrategy : this.res.strategy,
      subresource: status ? 'status' : '',
      mayCreate: !status,
      forceAllowCreate: !status,
      managedFieldsDone: true,
    };
    const fm = fieldManagerFor(this.res.info);
    const updated: UpdatedObject = (existing) => {
      const obj = fm.apply(
        existing as FieldManagerObject | undefined,
        config as FieldManagerObject,
        opts.fieldManager ?? '',
        opts.force === true,
        p.subresource,
        ctx.now(),
      ) as JsonObject;
      checkType(this.res, obj);
      defaultObject(this.res.apiVersion, this.res.info.kind, obj);
      checkName(ctx, name, obj);
      const uid = metaString(obj, 'uid');
      if (existing === undefined && uid !== '') {
        throw conflict(
          this.res.gr,
          name,
          `uid mismatch: the provided object specified uid ${uid}, and no existing object was found`,
        );
      }
      return obj;
    };
    return this.write(ctx, name, updated, opts, p);
  }

  /** Deletes `name` (see deleteObject). */
  delete(ctx: RequestContext, name: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    return deleteObject(this.res, ctx, name, opts);
  }

  /**
   * Deletes every object the list options select, one by one with `deleteOpts` (objects that
   * vanish meanwhile are skipped), and answers with the list of the objects selected.
   */
  async deleteCollection(
    ctx: RequestContext,
    listOpts: ListOptions,
    deleteOpts: DeleteOptions = {},
  ): Promise<ListObject> {
    const list = await this.list(ctx, listOpts);
    for (const item of list.items) {
      const itemCtx = { ...ctx, namespace: this.res.info.namespaced ? metaString(item, 'namespace') : '' };
      try {
        await this.delete(itemCtx, metaString(item, 'name'), deleteOpts);
      } catch (e) {
        if (!(e instanceof StatusError && e.reason === StatusReason.NotFound)) throw e;
      }
    }
    return list;
  }

  // Upstream decodes a merged (merge or strategic merge) patch result strictly: fields the schema
  // does not know are warnings, or a 400 under fieldValidation=Strict. Stored objects hold none,
  // so whatever is found came with the patch. (JSON patch operations are checked as applied.)
  private unknownFieldProblems(contentType: string, obj: PatchJsonObject, opts: PatchOptions): string[] {
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/merge-patch+json' && type !== 'application/strategic-merge-patch+json')
      return [];
    if (opts.fieldValidation === 'Ignore') return [];
    const gvk = { group: this.res.info.group, version: this.res.info.version, kind: this.res.info.kind };
    const problems = findUnknownFields(gvk, obj as Record<string, unknown>).map((e) => e.message);
    if (problems.length > 0 && opts.fieldValidation === 'Strict')
      throw badRequest(`strict decoding error: ${problems.join(', ')}`);
    return problems;
  }

  private patchSchema(): PatchSchema | undefined {
    if (this.schema === undefined && Object.hasOwn(DEFINITIONS, this.res.info.definition)) {
      this.schema = patchSchemaFromOpenAPI(DEFINITIONS as Record<string, unknown>, this.res.info.definition);
    }
    return this.schema;
  }

  private put(
    ctx: RequestContext,
    name: string,
    body: unknown,
    opts: UpdateOptions,
    p: UpdatePath,
  ): Promise<WriteResult> {
    let typed: JsonObject;
    try {
      typed = checkType(this.res, structuredClone(body));
      defaultObject(this.res.apiVersion, this.res.info.kind, typed);
      checkName(ctx, name, typed);
    } catch (e) {
      return Promise.reject(storeFailure(e));
    }
    return this.write(ctx, name, () => structuredClone(typed), opts, p);
  }

  private async write(
    ctx: RequestContext,
    name: string,
    updated: UpdatedObject,
    opts: UpdateOptions,
    p: UpdatePath,
  ): Promise<WriteResult> {
    const out = await guaranteedUpdate(this.res, ctx, name, updated, p, opts);
    if (out.type === 'written') return out.result;
    const obj = await deleteEmptied(this.res, ctx, out.key, out.object, opts.dryRun === true);
    return { object: obj, created: false, warnings: [] };
  }
}
