// What the collector watches (deletable resources from discovery) and how it finds the resource of
// an owner reference's apiVersion and kind (a REST mapping).
import { parseGroupVersion } from '../../apimachinery/meta/index.js';
import { resourceOf } from '../../client/resources.js';
import type { DiscoveredGroupVersion, Resource } from '../../client/types.js';

/** Resources the collector never watches (upstream's ignoredResources: the two Event kinds). */
export const IGNORED_RESOURCES: ReadonlySet<string> = new Set(['/events', 'events.k8s.io/events']);

/**
 * The resources to monitor: in each group's preferred version, those supporting delete, list and
 * watch, without subresources and ignored resources; sorted by group and name. Pure.
 */
export function deletableResources(discovery: readonly DiscoveredGroupVersion[]): Resource[] {
  const out = new Map<string, Resource>();
  for (const gv of discovery) {
    if (!gv.preferred) continue;
    for (const r of gv.resources) {
      if (r.name.includes('/')) continue;
      if (!['delete', 'list', 'watch'].every((v) => r.verbs.includes(v))) continue;
      const gr = `${gv.group}/${r.name}`;
      if (IGNORED_RESOURCES.has(gr) || out.has(gr)) continue;
      out.set(gr, resourceOf(gv.group, gv.version, r.name, r.kind, r.namespaced));
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** A stable key of a set of resources (to tell whether discovery changed). Pure. */
export function resourceSetKey(resources: readonly Resource[]): string {
  return resources.map((r) => `${r.group}/${r.version}/${r.resource}`).join(',');
}

/** The apiVersion and kind of a reference could not be mapped to a served resource. */
export class RestMappingError extends Error {
  override readonly name = 'RestMappingError';

  constructor(apiVersion: string, kind: string) {
    super(`unable to get REST mapping for ${apiVersion}/${kind}.`);
  }
}

/**
 * Maps apiVersion + kind to the resource serving it, over every discovered group-version (not only
 * preferred ones). Replaced wholesale by `reset`.
 */
export class RestMapper {
  private byKind = new Map<string, Resource>();

  /** Rebuilds the mapping from a discovery answer. */
  reset(discovery: readonly DiscoveredGroupVersion[]): void {
    const m = new Map<string, Resource>();
    for (const gv of discovery) {
      for (const r of gv.resources) {
        if (r.name.includes('/')) continue;
        const key = `${gv.group}/${gv.version}/${r.kind}`;
        if (!m.has(key)) m.set(key, resourceOf(gv.group, gv.version, r.name, r.kind, r.namespaced));
      }
    }
    this.byKind = m;
  }

  /** The resource of `apiVersion`/`kind`; throws RestMappingError when unknown. */
  resourceFor(apiVersion: string, kind: string): Resource {
    let gv: { group: string; version: string };
    try {
      gv = parseGroupVersion(apiVersion);
    } catch {
      throw new RestMappingError(apiVersion, kind);
    }
    const r = this.byKind.get(`${gv.group}/${gv.version}/${kind}`);
    if (r === undefined) throw new RestMappingError(apiVersion, kind);
    return r;
  }
}
