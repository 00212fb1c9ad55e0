import { type ResourceInfo, resourcesIn, servedGroups } from '../../api/index.js';
import { resourceEntries, sortByName } from './legacy.js';

/** The aggregated discovery media type kite serves (JSON only). */
export const AGGREGATED_DISCOVERY_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Group, version and kind a discovery entry answers with; empty group/version mean "this group-version". */
export interface ResponseKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** One subresource in aggregated discovery. */
export interface APISubresourceDiscovery {
  readonly subresource: string;
  readonly responseKind: ResponseKind;
  readonly acceptedTypes?: readonly ResponseKind[];
  readonly verbs: readonly string[];
}

/** One resource in aggregated discovery. */
export interface APIResourceDiscovery {
  readonly resource: string;
  readonly responseKind: ResponseKind;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly singularResource: string;
  readonly verbs: readonly string[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly subresources?: readonly APISubresourceDiscovery[];
}

/** One version of a group in aggregated discovery. */
export interface APIVersionDiscovery {
  readonly version: string;
  readonly resources: readonly APIResourceDiscovery[];
  readonly freshness: 'Current' | 'Stale';
}

/** One group in aggregated discovery; the core group has no name. */
export interface APIGroupDiscovery {
  readonly metadata: { readonly name?: string };
  readonly versions: readonly APIVersionDiscovery[];
}

/** The body of aggregated `/api` and `/apis`. */
export interface APIGroupDiscoveryList {
  readonly kind: 'APIGroupDiscoveryList';
  readonly apiVersion: 'apidiscovery.k8s.io/v2';
  readonly metadata: Record<string, never>;
  readonly items: readonly APIGroupDiscovery[];
}

/**
 * The aggregated entries of one group-version, derived from the same legacy entries
 * `/apis/<g>/<v>` serves so that both documents always agree: resources in name order, each
 * with its subresources in name order. A parent's `responseKind` carries only the kind (its
 * group-version is the one being listed); a subresource served from another group-version
 * (scale, eviction, token) names it.
 */
export function versionResources(resources: readonly ResourceInfo[]): APIResourceDiscovery[] {
  const parents = new Map<string, { r: ResourceInfo; subs: APISubresourceDiscovery[] }>();
  for (const r of resources) parents.set(r.plural, { r, subs: [] });
  const entries = sortByName(resources.flatMap(resourceEntries));
  for (const e of entries) {
    const slash = e.name.indexOf('/');
    if (slash < 0) continue;
    const parent = parents.get(e.name.slice(0, slash));
    parent?.subs.push({
      subresource: e.name.slice(slash + 1),
      responseKind: { group: e.group ?? '', version: e.version ?? '', kind: e.kind },
      verbs: [...e.verbs],
    });
  }
  const out: APIResourceDiscovery[] = [];
  for (const e of entries) {
    if (e.name.includes('/')) continue;
    const subs = parents.get(e.name)?.subs ?? [];
    out.push({
      resource: e.name,
      responseKind: { group: e.group ?? '', version: e.version ?? '', kind: e.kind },
      scope: e.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: e.singularName,
      verbs: [...e.verbs],
      ...(e.shortNames !== undefined ? { shortNames: [...e.shortNames] } : {}),
      ...(e.categories !== undefined ? { categories: [...e.categories] } : {}),
      ...(subs.length > 0 ? { subresources: subs } : {}),
    });
  }
  return out;
}

function groupDiscovery(name: string, versions: readonly string[]): APIGroupDiscovery {
  return {
    metadata: name === '' ? {} : { name },
    versions: versions.map((v) => ({
      version: v,
      resources: versionResources(resourcesIn(name, v)),
      freshness: 'Current' as const,
    })),
  };
}

/**
 * The aggregated discovery document of `/api` (`root: 'api'`, the core group alone) or
 * `/apis` (`root: 'apis'`, every named group by priority, versions by priority). Pure; a
 * fresh object on each call.
 */
export function aggregatedDiscovery(root: 'api' | 'apis'): APIGroupDiscoveryList {
  const groups = servedGroups().filter((g) => (root === 'api' ? g.name === '' : g.name !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => groupDiscovery(g.name, g.versions)),
  };
}
