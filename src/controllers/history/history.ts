// The ControllerRevisions of one owner through the API (upstream's history.Interface): listing
// from the informer cache, creating with name-collision handling, renumbering, deleting, adopting
// and releasing.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { isAlreadyExists } from '../../apimachinery/errors/index.js';
import type { Selector } from '../../apimachinery/labels/index.js';
import {
  deepCopy,
  type GroupVersionKind,
  getControllerOf,
  newControllerRef,
} from '../../apimachinery/meta/index.js';
import type { Lister } from '../../client/informers/types.js';
import { CONTROLLER_REVISIONS } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import { controllerRevisionName, equalRevision, hashControllerRevision } from './revisions.js';

/** How many names CreateControllerRevision tries before giving up (upstream loops without end). */
const MAX_NAME_ATTEMPTS = 100;

/** An owner of revisions: any object with metadata (name, namespace, uid). */
export interface RevisionOwner {
  metadata?: ObjectMeta;
}

/** A mutable collision count, bumped by createControllerRevision on each name collision. */
export interface CollisionCount {
  value: number;
}

/**
 * Revision history of controllers. Reads come from the ControllerRevision lister (shared, never
 * mutated); writes go to the API. Safe to share between workers: no state of its own.
 */
export class ControllerHistory {
  constructor(
    private readonly client: Client,
    private readonly lister: Lister<ControllerRevision>,
  ) {}

  /**
   * The revisions in `parent`'s namespace matching `selector` that `parent` controls or that have
   * no controller (orphans, which the caller may adopt). Unsorted.
   */
  listControllerRevisions(parent: RevisionOwner, selector: Selector): ControllerRevision[] {
    const uid = parent.metadata?.uid;
    return this.lister.listNamespace(parent.metadata?.namespace ?? '', selector).filter((r) => {
      const ref = getControllerOf(r);
      return ref === undefined || ref.uid === uid;
    });
  }

  /**
   * Creates `revision` named `<parent>-<hash of data and collision count>`. When the name is taken
   * by a revision with the same data, that one is returned; when taken by other data, the count is
   * bumped and another name tried (the caller stores `collisionCount.value` in the owner's
   * status). Gives up after 100 names.
   */
  async createControllerRevision(
    parent: RevisionOwner,
    revision: ControllerRevision,
    collisionCount: CollisionCount,
  ): Promise<ControllerRevision> {
    const namespace = parent.metadata?.namespace ?? '';
    const api = this.client.resource(CONTROLLER_REVISIONS);
    const clone = deepCopy(revision);
    for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const hash = hashControllerRevision(revision.data ?? null, collisionCount.value);
      clone.metadata = { ...clone.metadata, name: controllerRevisionName(parent.metadata?.name ?? '', hash) };
      clone.metadata.namespace = namespace;
      try {
        return await api.create(namespace, clone);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        const exists = await api.get(namespace, clone.metadata.name ?? '');
        if (equalRevision(exists, clone)) return exists;
        collisionCount.value++;
      }
    }
    throw new Error(`no free name for a ControllerRevision of ${namespace}/${parent.metadata?.name ?? ''}`);
  }

  /**
   * Sets `revision.revision` to `newRevision` (no write when equal), retrying conflicts against
   * a fresh copy. Never mutates the argument.
   */
  async updateControllerRevision(
    revision: ControllerRevision,
    newRevision: number,
  ): Promise<ControllerRevision> {
    if (revision.revision === newRevision) return revision;
    const api = this.client.resource(CONTROLLER_REVISIONS);
    let current = deepCopy(revision);
    for (let attempt = 0; ; attempt++) {
      current.revision = newRevision;
      try {
        return await api.update(current);
      } catch (e) {
        if (attempt >= 4) throw e;
        const { namespace = '', name = '' } = revision.metadata ?? {};
        const fresh = this.lister.get(namespace, name) ?? (await api.get(namespace, name));
        current = deepCopy(fresh);
      }
    }
  }

  /** Deletes `revision` (background propagation is the server's default for it). */
  async deleteControllerRevision(revision: ControllerRevision): Promise<void> {
    const { namespace = '', name = '' } = revision.metadata ?? {};
    await this.client.resource(CONTROLLER_REVISIONS).delete(namespace, name);
  }

  /**
   * Makes `parent` the controller of an orphaned `revision` with a strategic merge patch that
   * also checks the revision's uid (upstream's AdoptControllerRevision).
   */
  async adoptControllerRevision(
    parent: RevisionOwner,
    parentKind: GroupVersionKind,
    revision: ControllerRevision,
  ): Promise<ControllerRevision> {
    const owner = getControllerOf(revision);
    if (owner !== undefined) {
      throw new Error(`attempt to adopt revision owned by ${owner.kind}/${owner.name}`);
    }
    const { namespace = '', name = '', uid } = revision.metadata ?? {};
    const patch = { metadata: { ownerReferences: [newControllerRef(parent, parentKind)], uid } };
    return this.client.resource(CONTROLLER_REVISIONS).patch(namespace, name, 'strategic', patch);
  }

  /** Removes `parent`'s owner reference from `revision` (upstream's ReleaseControllerRevision). */
  async releaseControllerRevision(parent: RevisionOwner, revision: ControllerRevision): Promise<void> {
    const { namespace = '', name = '', uid } = revision.metadata ?? {};
    const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: parent.metadata?.uid }], uid } };
    await this.client.resource(CONTROLLER_REVISIONS).patch(namespace, name, 'strategic', patch);
  }
}
