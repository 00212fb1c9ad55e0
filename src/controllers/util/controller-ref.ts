// Controller references: which owner controls an object, and the adopt/release protocol by which a
// controller takes orphans that match its selector and lets go of objects that no longer match.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isInvalid, isNotFound } from '../../apimachinery/errors/index.js';
import type { Labels, Selector } from '../../apimachinery/labels/index.js';
import { getControllerOf as metaGetControllerOf } from '../../apimachinery/meta/index.js';
import { apiVersionOf } from '../../client/resources.js';
import type { KubeObject, Resource, ResourceClient } from '../../client/types.js';
import { aggregateErrors } from './errors.js';

/** The apiVersion and kind of a controller, as written into controller references. */
export interface ControllerKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** The ControllerKind of a resource descriptor. Pure. */
export function controllerKindOf(r: Resource): ControllerKind {
  return { apiVersion: apiVersionOf(r), kind: r.kind };
}

/** The first owner reference with `controller: true` (a copy), or undefined. Pure. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return metaGetControllerOf(obj);
}

/**
 * A controller reference to `owner`: apiVersion and kind from `kind`, owner's name and uid,
 * `controller` and `blockOwnerDeletion` true. Pure.
 */
export function newControllerRef(owner: KubeObject, kind: ControllerKind): OwnerReference {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * `obj` with apiVersion and kind set (a shallow copy; `obj` is unchanged). Objects of list answers
 * carry no type; events about them need it. Pure.
 */
export function withTypeMeta<T extends KubeObject>(obj: T, kind: ControllerKind): T {
  if (obj.apiVersion === kind.apiVersion && obj.kind === kind.kind) return obj;
  return { ...obj, apiVersion: kind.apiVersion, kind: kind.kind };
}

/**
 * A check to run before the first adoption (upstream's RecheckDeletionTimestamp): it reads the
 * owner fresh from the API server (not the cache) and refuses when it is gone, has another uid
 * (`getFresh` checks that) or is being deleted, so a controller never adopts for a dying owner.
 */
export function recheckDeletionTimestamp(getFresh: () => Promise<KubeObject>): () => Promise<void> {
  return async () => {
    let fresh: KubeObject;
    try {
      fresh = await getFresh();
    } catch (e) {
      throw new Error(`can't recheck DeletionTimestamp: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
    const ts = fresh.metadata?.deletionTimestamp;
    if (ts != null) {
      const m = fresh.metadata ?? {};
      throw new Error(`${m.namespace ?? ''}/${m.name ?? ''} has just been deleted at ${ts}`);
    }
  };
}

/**
 * A fresh read of `owner` from the API server (not the cache) that refuses when the object of that
 * name was replaced, i.e. has another uid. `kind` names it in the error.
 */
export function freshOwner<T extends KubeObject>(
  client: Pick<ResourceClient<T>, 'get'>,
  owner: KubeObject,
  kind: string,
): () => Promise<T> {
  return async () => {
    const { namespace = '', name = '', uid = '' } = owner.metadata ?? {};
    const fresh = await client.get(namespace, name);
    const got = fresh.metadata?.uid ?? '';
    if (got !== uid)
      throw new Error(`original ${kind} ${namespace}/${name} is gone: got uid ${got}, wanted ${uid}`);
    return fresh;
  };
}

/**
 * The usual adoption check of a ControllerRefManager: {@link recheckDeletionTimestamp} over a
 * {@link freshOwner} read of `owner` through `client`.
 */
export function canAdoptFor(
  client: Pick<ResourceClient<KubeObject>, 'get'>,
  owner: KubeObject,
  kind: string,
): () => Promise<void> {
  return recheckDeletionTimestamp(freshOwner(client, owner, kind));
}

/** How a ControllerRefManager writes: a strategic merge patch of one object. */
export type PatchFn = (namespace: string, name: string, body: unknown) => Promise<unknown>;

/** What a ControllerRefManager needs. */
export interface ControllerRefManagerOptions {
  /** The controller object (its uid, name and deletionTimestamp are read). */
  readonly owner: KubeObject;
  readonly ownerKind: ControllerKind;
  /** The owner's selector: owned objects must match it. */
  readonly selector: Selector;
  /** The kind of the claimed objects, for messages (e.g. `Pod`). */
  readonly childKind: string;
  readonly patch: PatchFn;
  /**
   * Run at most once, before the first adoption (typically {@link recheckDeletionTimestamp});
   * when it rejects, every adoption of this manager fails with that reason.
   */
  readonly canAdopt?: () => Promise<void>;
  /**
   * Finalizers added with the owner reference on adoption and removed on release (the Job
   * controller's tracking finalizer); none when absent.
   */
  readonly finalizers?: readonly string[];
}

/**
 * Claims objects for one owner (upstream's BaseControllerRefManager and PodControllerRefManager):
 * adopts orphans that match the selector, releases owned objects that no longer match, ignores
 * objects controlled by others. Never adopts or releases while the owner is being deleted, never
 * adopts an object being deleted. Adoption and release are strategic merge patches of
 * `metadata.ownerReferences` that carry the object's uid as a precondition. Make one manager per
 * sync: the canAdopt check runs once per manager.
 */
export class ControllerRefManager<T extends KubeObject> {
  private canAdoptResult: Promise<void> | undefined;

  constructor(private readonly opts: ControllerRefManagerOptions) {}

  /** The result of the canAdopt check, computed on first use. */
  canAdopt(): Promise<void> {
    this.canAdoptResult ??= this.opts.canAdopt === undefined ? Promise.resolve() : this.opts.canAdopt();
    return this.canAdoptResult;
  }

  private ownerBeingDeleted(): boolean {
    return this.opts.owner.metadata?.deletionTimestamp != null;
  }

  /**
   * Reconciles one object. Resolves whether the owner now owns it; rejects when an adoption or
   * release was tried and failed (not when the object was gone).
   */
  async claimObject(obj: T, match: (obj: T) => boolean): Promise<boolean> {
    const ref = getControllerOf(obj);
    if (ref !== undefined) {
      if (ref.uid !== this.opts.owner.metadata?.uid) return false;
      if (match(obj)) return true;
      if (this.ownerBeingDeleted()) return false;
      try {
        await this.release(obj);
      } catch (e) {
        if (isNotFound(e)) return false;
        throw e;
      }
      return false;
    }
    if (this.ownerBeingDeleted() || !match(obj)) return false;
    if (obj.metadata?.deletionTimestamp != null) return false;
    try {
      await this.adopt(obj);
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
    return true;
  }

  /**
   * Claims each object in turn; an object is matched when the selector matches its labels and
   * every filter accepts it. Resolves the owned objects (in input order); rejects with the
   * aggregate of the failures when any adoption or release failed.
   */
  async claim(objs: readonly T[], ...filters: ((obj: T) => boolean)[]): Promise<T[]> {
    const match = (o: T): boolean =>
      this.opts.selector.matches((o.metadata?.labels ?? {}) as Labels) && filters.every((f) => f(o));
    const claimed: T[] = [];
    const errors: unknown[] = [];
    for (const o of objs) {
      try {
        if (await this.claimObject(o, match)) claimed.push(o);
      } catch (e) {
        errors.push(e);
      }
    }
    const err = aggregateErrors(errors);
    if (err !== undefined) throw err;
    return claimed;
  }

  /** Makes the owner the controller of `obj` (after the canAdopt check). */
  async adopt(obj: T): Promise<void> {
    const m = obj.metadata ?? {};
    try {
      await this.canAdopt();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const what = `${this.opts.childKind} ${m.namespace ?? ''}/${m.name ?? ''} (${m.uid ?? ''})`;
      throw new Error(`can't adopt ${what}: ${why}`, { cause: e });
    }
    const meta: Record<string, unknown> = {
      ownerReferences: [newControllerRef(this.opts.owner, this.opts.ownerKind)],
      uid: m.uid ?? '',
    };
    const finalizers = this.opts.finalizers ?? [];
    if (finalizers.length > 0) meta['finalizers'] = [...finalizers];
    await this.opts.patch(m.namespace ?? '', m.name ?? '', { metadata: meta });
  }

  /** Removes the owner's reference from `obj`; a gone object or a uid mismatch is not an error. */
  async release(obj: T): Promise<void> {
    const m = obj.metadata ?? {};
    const meta: Record<string, unknown> = {
      uid: m.uid ?? '',
      ownerReferences: [{ $patch: 'delete', uid: this.opts.owner.metadata?.uid ?? '' }],
    };
    const finalizers = this.opts.finalizers ?? [];
    if (finalizers.length > 0) meta['$deleteFromPrimitiveList/finalizers'] = [...finalizers];
    try {
      await this.opts.patch(m.namespace ?? '', m.name ?? '', { metadata: meta });
    } catch (e) {
      // Invalid: the object lost its owner references or was recreated with another uid.
      if (isNotFound(e) || isInvalid(e)) return;
      throw e;
    }
  }
}
