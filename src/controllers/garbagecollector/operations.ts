// The collector's writes: deletes with preconditions, owner-reference removal, finalizer removal.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isConflict, isNotFound, isUnsupportedMediaType } from '../../apimachinery/errors/index.js';
import type { Client, KubeObject, Resource } from '../../client/types.js';
import { type ObjectIdentity, identityString, metadataOf, sameRefs } from './identity.js';
import type { RestMapper } from './resources.js';

/** Upstream's retry.DefaultBackoff steps: attempts of a conflicting finalizer removal. */
export const FINALIZER_UPDATE_ATTEMPTS = 4;

/** Object reads and writes by identity, through the REST mapping. Safe to call concurrently. */
export class ObjectOperations {
  constructor(
    private readonly client: Client,
    private readonly mapper: RestMapper,
  ) {}

  private target(id: ObjectIdentity): { resource: Resource; namespace: string } {
    const resource = this.mapper.resourceFor(id.apiVersion, id.kind);
    return { resource, namespace: resource.namespaced ? id.namespace : '' };
  }

  /** Whether the kind of `apiVersion`/`kind` is namespaced (throws RestMappingError when unknown). */
  namespaced(apiVersion: string, kind: string): boolean {
    return this.mapper.resourceFor(apiVersion, kind).namespaced;
  }

  /** GET of the object at `id`'s coordinates (its uid is not checked here). */
  async get(id: ObjectIdentity): Promise<KubeObject> {
    const t = this.target(id);
    return this.client.resource(t.resource).get(t.namespace, id.name);
  }

  /**
   * DELETE with uid (and resourceVersion, when given) preconditions. On a resourceVersion conflict
   * it retries once with the live resourceVersion if the owner references did not change; a
   * vanished object counts as deleted.
   */
  async delete(
    id: ObjectIdentity,
    resourceVersion: string,
    ownersAtVersion: readonly OwnerReference[],
    propagationPolicy: 'Background' | 'Foreground' | 'Orphan',
  ): Promise<void> {
    const t = this.target(id);
    const rc = this.client.resource(t.resource);
    const opts = (rv: string) => ({
      propagationPolicy,
      preconditions: { uid: id.uid, ...(rv === '' ? {} : { resourceVersion: rv }) },
    });
    try {
      await rc.delete(t.namespace, id.name, opts(resourceVersion));
    } catch (e) {
      if (!isConflict(e) || resourceVersion === '') throw e;
      let live: KubeObject;
      try {
        live = await rc.get(t.namespace, id.name);
      } catch (ge) {
        if (isNotFound(ge)) return;
        throw e;
      }
      const m = metadataOf(live);
      if (
        m.uid === id.uid &&
        m.resourceVersion !== resourceVersion &&
        sameRefs(m.ownerReferences, ownersAtVersion)
      )
        await rc.delete(t.namespace, id.name, opts(m.resourceVersion));
      else throw e;
    }
  }

  /**
   * PATCH with a strategic merge patch, falling back to the JSON merge patch `merge()` builds when
   * the resource does not accept strategic merge patches (custom resources).
   */
  async patch(id: ObjectIdentity, smp: unknown, merge: () => Promise<unknown>): Promise<void> {
    const t = this.target(id);
    const rc = this.client.resource(t.resource);
    try {
      await rc.patch(t.namespace, id.name, 'strategic', smp);
    } catch (e) {
      if (!isUnsupportedMediaType(e)) throw e;
      await rc.patch(t.namespace, id.name, 'merge', await merge());
    }
  }

  /** Removes the owner references with `ownerUIDs` from the object at `id`. */
  async deleteOwnerRefs(id: ObjectIdentity, ownerUIDs: readonly string[]): Promise<void> {
    const smp = {
      metadata: { ownerReferences: ownerUIDs.map((uid) => ({ $patch: 'delete', uid })), uid: id.uid },
    };
    await this.patch(id, smp, async () => {
      const m = metadataOf(await this.get(id));
      const refs = m.ownerReferences.filter((r) => !ownerUIDs.includes(r.uid));
      return { metadata: { resourceVersion: m.resourceVersion, ownerReferences: refs } };
    });
  }

  /**
   * Removes `finalizer` from the object at `id` by a merge patch conditional on the resourceVersion
   * just read, retrying conflicts; nothing when the object or the finalizer is gone.
   */
  async removeFinalizer(id: ObjectIdentity, finalizer: string): Promise<void> {
    const t = this.target(id);
    const rc = this.client.resource(t.resource);
    for (let attempt = 1; ; attempt++) {
      let m: ReturnType<typeof metadataOf>;
      try {
        m = metadataOf(await rc.get(t.namespace, id.name));
      } catch (e) {
        if (isNotFound(e)) return;
        throw new Error(
          `cannot finalize owner ${identityString(id)}, because cannot get it: ${(e as Error).message}. The garbage collector will retry later`,
        );
      }
      if (m.uid !== id.uid || !m.finalizers.includes(finalizer)) return;
      const rest = m.finalizers.filter((f) => f !== finalizer);
      const body = {
        metadata: { resourceVersion: m.resourceVersion, finalizers: rest.length === 0 ? null : rest },
      };
      try {
        await rc.patch(t.namespace, id.name, 'merge', body);
        return;
      } catch (e) {
        if (!isConflict(e)) throw e;
        if (attempt >= FINALIZER_UPDATE_ATTEMPTS)
          throw new Error(
            `updateMaxRetries(${FINALIZER_UPDATE_ATTEMPTS}) has reached. The garbage collector will retry later for owner ${identityString(id)}`,
          );
      }
    }
  }
}
