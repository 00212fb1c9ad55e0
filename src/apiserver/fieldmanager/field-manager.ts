import {
  applyConflict,
  badRequest,
  type StatusCause,
  StatusError,
  StatusReason,
} from '../../apimachinery/errors/index.js';
import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import {
  capUpdateManagers,
  copyManaged,
  decodeManaged,
  emptyManaged,
  encodeManaged,
  isResetManagedFields,
  type Managed,
  managerIdentity,
  printManager,
  type VersionedSet,
} from './managed.js';
import { canonicalJson, field, pathString } from './path.js';
import type { StructType, TypeNode } from './schema.js';
import { FieldSet } from './set.js';
import { compare, dropNulls, type JsonMap, SchemaError, toFieldSet } from './typed.js';
import {
  applyConfig,
  type Conflict,
  ConflictsError,
  updateManagers,
  type UpdaterContext,
} from './updater.js';

/** The endpoint a write came through; each records its own managedFields entries. */
export type Subresource = '' | 'status' | 'scale';

/** Manager that owns the fields of an object applied to for the first time without managedFields. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/** The annotation client-side apply keeps; server-side apply by `kubectl` keeps it in step. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

// Object metadata the server owns: never attributed to a manager (upstream's stripMetaManager).
const STRIPPED = FieldSet.of(
  [field('apiVersion')],
  [field('kind')],
  [field('metadata')],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((n) => [field('metadata'), field(n)]),
);

// Struct fields Go serialises even when unset (value structs, not pointers), so that the empty
// object a create starts from already has them: what is below them is added, not they.
const VALUE_STRUCT_FIELDS = new Set([
  'metadata',
  'spec',
  'status',
  'template',
  'strategy',
  'updateStrategy',
  'resources',
]);

// What a status write keeps of its body (the rest is the stored object's).
const STATUS_KEPT = new Set(['apiVersion', 'kind', 'metadata', 'status']);
const STATUS_RESET_META = ['deletionTimestamp', 'labels', 'annotations', 'finalizers', 'ownerReferences'];

/** The description of the resource a FieldManager serves. */
export interface FieldManagerOptions {
  /** The root type of the kind. */
  readonly type: TypeNode;
  /** `apps/v1`, `v1`. */
  readonly apiVersion: string;
  readonly kind: string;
  /** Whether the resource has a status subresource (then its main endpoint resets status). */
  readonly hasStatus: boolean;
}

/**
 * Upstream's field manager for one resource: keeps metadata.managedFields for every write and
 * performs server-side apply. Stateless apart from its options and a cached empty object; safe
 * to share.
 */
export class FieldManager {
  constructor(private readonly opts: FieldManagerOptions) {}

  // The fields the endpoint's strategy resets (upstream's GetResetFields): status through the
  // main endpoint of a resource with a status subresource; through the status endpoint, every
  // top-level field but metadata and status, and the metadata a status write cannot change.
  private context(subresource: Subresource, ...objects: JsonMap[]): UpdaterContext {
    let ignored = new FieldSet();
    if (subresource === '' && this.opts.hasStatus) ignored = FieldSet.of([field('status')]);
    if (subresource === 'status') {
      ignored = FieldSet.of(...STATUS_RESET_META.map((n) => [field('metadata'), field(n)]));
      for (const o of objects) {
        for (const k of Object.keys(o)) if (!STATUS_KEPT.has(k)) ignored.insert([field(k)]);
      }
    }
    return { type: this.opts.type, apiVersion: this.opts.apiVersion, ignored };
  }

  private empty: JsonMap | undefined;

  /**
   * The object a create starts from: Go's zero value of the kind as JSON (value structs as `{}`,
   * fields without omitempty as null). A fresh copy on every call.
   */
  emptyObject(): JsonMap {
    if (this.empty === undefined) {
      const out = zeroOf(this.opts.type, 0);
      out['apiVersion'] = this.opts.apiVersion;
      out['kind'] = this.opts.kind;
      this.empty = out;
    }
    return structuredClone(this.empty);
  }

  /**
   * Records a non-apply write (create, update, patch) of `next` over `live` (undefined for a
   * create) by `manager`: the fields it changed become its own and leave other managers; its
   * time moves only when it changed something. A body that carries managedFields replaces the
   * stored ones (`[{}]` clears them; undecodable ones fall back to the stored ones); subresource
   * writes always start from the stored ones. Mutates `next`'s metadata.managedFields; on an
   * internal failure the list is dropped, as upstream does.
   */
  update(
    live: JsonMap | undefined,
    next: JsonMap,
    manager: string,
    subresource: Subresource,
    now: Date,
  ): void {
    const meta = metaOf(next);
    let managed: Managed;
    try {
      managed = this.decodeForUpdate(live, meta['managedFields'], subresource);
    } catch {
      delete meta['managedFields'];
      return;
    }
    const liveObj = withoutManagedFields(live ?? this.emptyObject());
    const nextObj = withoutManagedFields(next);
    const id = managerIdentity({
      manager,
      operation: 'Update',
      apiVersion: this.opts.apiVersion,
      subresource,
    });
    const r = updateManagers(
      this.context(subresource, liveObj, nextObj),
      liveObj,
      nextObj,
      managed.fields,
      id,
    );
    const out: Managed = { fields: stripMeta(r.managers), times: new Map(managed.times) };
    if (r.changed) out.times.set(id, formatRFC3339(now));
    setManagedFields(next, out);
  }

  private decodeForUpdate(live: JsonMap | undefined, sent: unknown, subresource: Subresource): Managed {
    const stored = (): Managed =>
      decodeManaged(live === undefined ? undefined : metaOf(live)['managedFields']);
    if (subresource !== '') return stored();
    if (isResetManagedFields(sent)) return emptyManaged();
    try {
      const m = decodeManaged(sent);
      if (m.fields.size > 0) return m;
    } catch {
      // An unreadable list from the client: keep the stored one.
    }
    return stored();
  }

  /**
   * Server-side apply of `config` by `manager` over `live` (undefined: the object is created).
   * Returns the new object with its managedFields (not yet defaulted or validated); the live
   * object is not mutated. Throws StatusError: 400 for a config of another kind or with
   * managedFields, 409 Conflict listing the fields other managers own with other values
   * (unless `force`), 500 for a configuration the schema rejects.
   */
  apply(
    live: JsonMap | undefined,
    config: JsonMap,
    manager: string,
    force: boolean,
    subresource: Subresource,
    now: Date,
  ): JsonMap {
    const av = typeof config['apiVersion'] === 'string' ? config['apiVersion'] : '';
    const kind = typeof config['kind'] === 'string' ? config['kind'] : '';
    if (av !== this.opts.apiVersion || kind !== this.opts.kind) {
      throw badRequest(`invalid object type: ${gvkString(av, kind)}`);
    }
    const cmeta = config['metadata'];
    if (isMap(cmeta) && cmeta['managedFields'] !== undefined && cmeta['managedFields'] !== null) {
      throw badRequest('metadata.managedFields must be nil');
    }
    let managed: Managed;
    try {
      managed = decodeManaged(live === undefined ? undefined : metaOf(live)['managedFields']);
    } catch (e) {
      throw unknownError(`failed to decode managed fields: ${(e as Error).message}`);
    }
    const ctx = this.context(subresource, config, ...(live === undefined ? [] : [live]));
    const time = formatRFC3339(now);
    let liveObj = withoutManagedFields(live ?? this.emptyObject());
    if (live !== undefined && managed.fields.size === 0) {
      // Fields set before anyone applied belong to a manager of their own.
      const id = managerIdentity({
        manager: BEFORE_FIRST_APPLY,
        operation: 'Update',
        apiVersion: this.opts.apiVersion,
        subresource: '',
      });
      const r = updateManagers(ctx, withoutManagedFields(this.emptyObject()), liveObj, managed.fields, id);
      managed = { fields: stripMeta(r.managers), times: new Map(managed.times) };
      if (r.changed) managed.times.set(id, time);
      liveObj = withoutManagedFields(live);
    }
    const id = managerIdentity({ manager, operation: 'Apply', apiVersion: '', subresource });
    let result: ReturnType<typeof applyConfig>;
    try {
      result = this.applyUpgradingClientSide(ctx, liveObj, config, managed, id, manager, force);
    } catch (e) {
      if (e instanceof ConflictsError) throw conflictError(e.conflicts);
      if (e instanceof SchemaError) {
        const m = isMap(cmeta) ? cmeta : {};
        const gvkn = `${str(m['namespace'])}/${str(m['name'])}; ${gvkString(av, kind)}`;
        throw unknownError(`failed to create typed patch object (${gvkn}): ${e.message}`);
      }
      throw e;
    }
    const out = copyManaged(managed);
    out.fields.clear();
    for (const [k, v] of stripMeta(result.managers)) out.fields.set(k, v);
    let obj: JsonMap;
    if (result.object === undefined || !isMap(result.object)) {
      obj = structuredClone(live ?? liveObj);
    } else {
      out.times.set(id, time);
      obj = dropNulls(result.object) as JsonMap;
    }
    if (manager === 'kubectl' && hasLastApplied(live)) setLastApplied(obj, config);
    setManagedFields(obj, out);
    return obj;
  }

  // kubectl moving from client-side to server-side apply: conflicts on fields whose live value
  // is still the one the last-applied annotation holds are taken over, as upstream's
  // lastAppliedManager allows; other conflicts stand.
  private applyUpgradingClientSide(
    ctx: UpdaterContext,
    live: JsonMap,
    config: JsonMap,
    managed: Managed,
    id: string,
    manager: string,
    force: boolean,
  ): ReturnType<typeof applyConfig> {
    try {
      return applyConfig(ctx, live, config, managed.fields, id, force);
    } catch (e) {
      if (!(e instanceof ConflictsError) || manager !== 'kubectl') throw e;
      const allowed = this.unchangedSinceLastApplied(live);
      if (allowed === undefined) throw e;
      const rest = e.conflicts.filter((c) => !allowed.has(c.path));
      if (rest.length > 0) throw new ConflictsError(rest);
      return applyConfig(ctx, live, config, managed.fields, id, true);
    }
  }

  // The fields of the last-applied annotation whose live value is unchanged; undefined when
  // there is no usable annotation.
  private unchangedSinceLastApplied(live: JsonMap): FieldSet | undefined {
    const meta = live['metadata'];
    const ann = isMap(meta) ? meta['annotations'] : undefined;
    const text = isMap(ann) ? ann[LAST_APPLIED_ANNOTATION] : undefined;
    if (typeof text !== 'string') return undefined;
    let last: unknown;
    try {
      last = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isMap(last) || last['apiVersion'] !== this.opts.apiVersion || last['kind'] !== this.opts.kind)
      return undefined;
    try {
      const set = toFieldSet(last, this.opts.type, true);
      return set.difference(compare(last, live, this.opts.type).modified);
    } catch (e) {
      if (e instanceof SchemaError) return undefined;
      throw e;
    }
  }
}

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function metaOf(obj: JsonMap): JsonMap {
  const m = obj['metadata'];
  if (isMap(m)) return m;
  const fresh: JsonMap = {};
  obj['metadata'] = fresh;
  return fresh;
}

function withoutManagedFields(obj: JsonMap): JsonMap {
  const m = obj['metadata'];
  if (!isMap(m) || !Object.hasOwn(m, 'managedFields')) return obj;
  const { managedFields: _drop, ...rest } = m;
  return { ...obj, metadata: rest };
}

function stripMeta(managers: Map<string, VersionedSet>): Map<string, VersionedSet> {
  const out = new Map<string, VersionedSet>();
  for (const [id, vs] of managers) {
    const set = vs.set.difference(STRIPPED);
    if (!set.isEmpty()) out.set(id, { ...vs, set });
  }
  return out;
}

function setManagedFields(obj: JsonMap, m: Managed): void {
  capUpdateManagers(m);
  const encoded = encodeManaged(m);
  const meta = metaOf(obj);
  if (encoded.length === 0) delete meta['managedFields'];
  else meta['managedFields'] = encoded;
}

/** `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`: Go's GroupVersionKind.String(). Pure. */
export function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const gv = slash < 0 ? `/${apiVersion}` : apiVersion;
  return `${gv}, Kind=${kind}`;
}

function unknownError(message: string): StatusError {
  return new StatusError({ status: 'Failure', message, reason: StatusReason.Unknown, code: 500 });
}

/**
 * The 409 upstream answers for apply conflicts: one cause per field (reason
 * FieldManagerConflict), `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.x`
 * or, for several, one block per manager. Pure.
 */
export function conflictError(conflicts: readonly Conflict[]): StatusError {
  // By manager (as upstream prints them); each manager's paths keep the set's iteration order.
  const sorted = [...conflicts].sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
  const causes: StatusCause[] = sorted.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (sorted.length === 1) {
    const c = sorted[0]!;
    message = `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathString(c.path)}`;
  } else {
    const lines: string[] = [];
    let current: string | undefined;
    for (const c of sorted) {
      if (c.manager !== current) {
        current = c.manager;
        lines.push(`conflicts with ${printManager(c.manager)}:`);
      }
      lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`;
  }
  return applyConflict(causes, message);
}

function hasLastApplied(live: JsonMap | undefined): boolean {
  const meta = live?.['metadata'];
  const ann = isMap(meta) ? meta['annotations'] : undefined;
  return isMap(ann) && Object.hasOwn(ann, LAST_APPLIED_ANNOTATION);
}

// The applied configuration without the annotation itself, as JSON with sorted keys (Go's
// encoding of an unstructured object).
function setLastApplied(obj: JsonMap, config: JsonMap): void {
  const copy = structuredClone(config);
  const cmeta = copy['metadata'];
  if (isMap(cmeta) && isMap(cmeta['annotations'])) delete cmeta['annotations'][LAST_APPLIED_ANNOTATION];
  const meta = metaOf(obj);
  const ann = isMap(meta['annotations']) ? meta['annotations'] : {};
  ann[LAST_APPLIED_ANNOTATION] = canonicalJson(copy);
  meta['annotations'] = ann;
}

function zeroOf(t: TypeNode, depth: number): JsonMap {
  const out: JsonMap = {};
  if (t.kind !== 'struct' || depth > 8) return out;
  const s: StructType = t;
  for (const name of new Set([...s.required, ...VALUE_STRUCT_FIELDS])) {
    const ft = s.field(name);
    if (ft === undefined) continue;
    if (ft.kind === 'struct') {
      out[name] = zeroOf(ft, depth + 1);
      // metav1.Time marshals its zero value as null.
      if (ft.field('creationTimestamp') !== undefined) (out[name] as JsonMap)['creationTimestamp'] = null;
    } else if (s.required.includes(name) && (ft.kind === 'list' || ft.kind === 'map')) out[name] = null;
  }
  return out;
}
