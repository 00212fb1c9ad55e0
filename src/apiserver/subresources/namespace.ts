import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import type { ResourceInfo } from '../../api/index.js';
import { conflict, forbidden } from '../../apimachinery/errors/index.js';
import { type FieldError, path } from '../../apimachinery/field/index.js';
import {
  validateFinalizerName,
  validateKubeFinalizerName,
  validateObjectMetaUpdate,
} from '../../apimachinery/validation/index.js';
import type { Store } from '../../storage/index.js';
import {
  type DeleteOptions,
  type DeleteResult,
  type JsonObject,
  RegistryStore,
  type RequestContext,
  strategyFor,
} from '../registry/index.js';
import { child, field, str, updateLatest } from './util.js';

/** Namespaces NamespaceLifecycle admission never lets go. */
export const IMMORTAL_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public'];

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

function specFinalizers(ns: JsonObject): string[] {
  const f = field(ns, 'spec')['finalizers'];
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
}

// Upstream's shouldHaveOrphanFinalizer / shouldHaveDeleteDependentsFinalizer.
function wantOrphan(o: DeleteOptions, has: boolean): boolean {
  if (o.orphanDependents !== undefined) return o.orphanDependents;
  if (o.propagationPolicy !== undefined) return o.propagationPolicy === 'Orphan';
  return has;
}

function wantForeground(o: DeleteOptions, has: boolean): boolean {
  if (o.orphanDependents !== undefined) return !o.orphanDependents;
  if (o.propagationPolicy !== undefined) return o.propagationPolicy === 'Foreground';
  return has;
}

/**
 * Upstream's namespace Delete (after NamespaceLifecycle admission, which refuses to delete
 * default, kube-system and kube-public with a 403): preconditions are checked against the stored namespace (409
 * `Precondition failed: UID in precondition: ...`); the first delete only marks the namespace
 * (deletionTimestamp, status.phase Terminating, the garbage collector finalizers the options ask
 * for) and keeps it; a later delete keeps it while spec.finalizers is non-empty and otherwise
 * deletes it as any object. `raw` must write the object as given (see rawRegistry).
 */
export async function deleteNamespace(
  namespaces: RegistryStore,
  raw: RegistryStore,
  ctx: RequestContext,
  name: string,
  opts: DeleteOptions,
): Promise<DeleteResult> {
  const clusterCtx = { ...ctx, namespace: '' };
  const ns = await namespaces.get(clusterCtx, name);
  // NamespaceLifecycle admission: the namespaces every cluster relies on stay.
  if (IMMORTAL_NAMESPACES.includes(name))
    throw forbidden({ group: '', resource: 'namespaces' }, name, 'this namespace may not be deleted');
  const uid = str(field(ns, 'metadata'), 'uid');
  const gr = { group: '', resource: 'namespaces' };
  const pre = opts.preconditions;
  const check = (obj: JsonObject) => {
    const m = field(obj, 'metadata');
    const wantUID = pre?.uid ?? uid;
    if (wantUID !== str(m, 'uid'))
      throw conflict(
        gr,
        name,
        `Precondition failed: UID in precondition: ${wantUID}, UID in object meta: ${str(m, 'uid')}`,
      );
    const rv = pre?.resourceVersion;
    if (rv !== undefined && rv !== str(m, 'resourceVersion'))
      throw conflict(
        gr,
        name,
        `Precondition failed: ResourceVersion in precondition: ${rv}, ResourceVersion in object meta: ${str(m, 'resourceVersion')}`,
      );
  };
  check(ns);
  if (typeof field(ns, 'metadata')['deletionTimestamp'] !== 'string') {
    const out = await updateLatest(
      raw,
      clusterCtx,
      name,
      (cur) => {
        check(cur);
        const meta = child(cur, 'metadata');
        if (typeof meta['deletionTimestamp'] !== 'string')
          meta['deletionTimestamp'] = formatRFC3339(ctx.now());
        child(cur, 'status')['phase'] = 'Terminating';
        const current = Array.isArray(meta['finalizers'])
          ? (meta['finalizers'] as unknown[]).filter((f): f is string => typeof f === 'string')
          : [];
        const orphan = wantOrphan(opts, current.includes(ORPHAN));
        const foreground = wantForeground(opts, current.includes(FOREGROUND));
        if (orphan !== current.includes(ORPHAN) || foreground !== current.includes(FOREGROUND)) {
          const next = current.filter((f) => f !== ORPHAN && f !== FOREGROUND);
          if (orphan) next.push(ORPHAN);
          if (foreground) next.push(FOREGROUND);
          meta['finalizers'] = next;
        }
        return cur;
      },
      { ...(opts.dryRun === undefined ? {} : { dryRun: opts.dryRun }) },
    );
    return { deleted: false, object: out };
  }
  if (specFinalizers(ns).length > 0) return { deleted: false, object: ns };
  return namespaces.delete(clusterCtx, name, { ...opts, preconditions: { ...pre, uid: pre?.uid ?? uid } });
}

/**
 * The registry of namespaces/finalize: an update changes spec.finalizers (and metadata as any
 * update may) but never the status, with upstream's finalize validation. A terminating namespace
 * whose spec and metadata finalizers are both gone is removed by the update.
 */
export function finalizeRegistry(info: ResourceInfo, store: Store): RegistryStore {
  const base = strategyFor(info);
  return new RegistryStore(info, store, {
    strategy: {
      ...base,
      prepareForUpdate(obj, old) {
        if (old['status'] === undefined) delete obj['status'];
        else obj['status'] = structuredClone(old['status']);
      },
      validateUpdate(obj, old): FieldError[] {
        const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
        specFinalizers(obj).forEach((f, i) => {
          const p = path('spec', 'finalizers').index(i);
          errs.push(...validateFinalizerName(f, p), ...validateKubeFinalizerName(f, p));
        });
        return errs;
      },
    },
  });
}
