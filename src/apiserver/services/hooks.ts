import type { Store } from '../../storage/index.js';
import { type JsonObject, type RegistryHooks, resourcePrefix } from '../registry/index.js';
import { metaString } from '../registry/object-meta.js';
import { allocateCreate, allocateUpdate, type Allocators, releaseAllocated } from './service-alloc.js';
import { dropTypeDependentFields, normalizeClusterIPs, patchAllocatedValues } from './service-fields.js';

/** What the Service hooks need besides the allocators. */
export interface ServiceHooksOptions {
  /** The store, to remove a deleted Service's Endpoints as upstream does. */
  readonly store?: Store;
  /** Called with failures that cannot fail the request (a release after the write). */
  readonly onError?: (e: unknown) => void;
}

/**
 * The write hooks of core/v1 Services, as upstream's service storage: beginCreate allocates the
 * cluster IPs and node ports a new Service needs (kept when the write succeeds, freed when it
 * fails); beginUpdate keeps values the client left out, allocates what a type change needs and
 * releases what it no longer needs once the write succeeded; afterDelete frees everything the
 * Service held and removes its Endpoints. Dry runs check but reserve nothing.
 */
export function serviceHooks(al: Allocators, opts: ServiceHooksOptions = {}): RegistryHooks {
  const onError = opts.onError ?? (() => undefined);
  const endpointsPrefix = resourcePrefix('', 'endpoints');
  return {
    async beginCreate(_ctx, obj, dryRun) {
      normalizeClusterIPs(obj, undefined);
      const txn = await allocateCreate(al, obj, dryRun, onError);
      return (ok) => (ok ? txn.commit() : txn.revert());
    },
    async beginUpdate(_ctx, obj, old, dryRun) {
      const prev = structuredClone(old);
      patchAllocatedValues(obj, prev);
      normalizeClusterIPs(obj, prev);
      const txn = await allocateUpdate(al, obj, prev, dryRun, onError);
      dropTypeDependentFields(obj, prev);
      return (ok) => (ok ? txn.commit() : txn.revert());
    },
    async afterDelete(_ctx, obj: JsonObject) {
      if (opts.store !== undefined) {
        const key = `${endpointsPrefix}${metaString(obj, 'namespace')}/${metaString(obj, 'name')}`;
        await opts.store.delete(key).catch(onError);
      }
      await releaseAllocated(al, obj, onError);
    },
  };
}
