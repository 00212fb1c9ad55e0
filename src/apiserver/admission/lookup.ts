import type { ResourceInfo } from '../../api/index.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import type { JsonObject, RequestContext } from '../registry/types.js';
import type { AdmissionLookup } from './types.js';

/** The two reads of a registry the lookup needs (RegistryStore has them). */
export interface ReadableRegistry {
  get(ctx: RequestContext, name: string): Promise<JsonObject>;
  list(ctx: RequestContext): Promise<{ readonly items: readonly JsonObject[] }>;
}

/**
 * An AdmissionLookup over the server's registries: `registryFor(info)` gives the registry of a
 * resource (ResourceHandler.registryFor). Reads go to the registry (and so to the store) on
 * every call: current, not cached. A 404 on get is undefined; other failures reject.
 */
export function lookupOverRegistries(
  registryFor: (info: ResourceInfo) => ReadableRegistry,
  now: () => Date = () => new Date(),
): AdmissionLookup {
  const ctx = (namespace: string): RequestContext => ({ namespace, user: 'system:apiserver', now });
  return {
    async get(info, namespace, name) {
      try {
        return await registryFor(info).get(ctx(info.namespaced ? namespace : ''), name);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    async list(info, namespace) {
      const out = await registryFor(info).list(ctx(info.namespaced ? namespace : ''));
      return [...out.items];
    },
  };
}
