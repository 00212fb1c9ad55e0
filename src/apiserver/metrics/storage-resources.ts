import { allResources } from '../../api/index.js';
import { REGISTRY_ROOT, resourcePrefix } from '../registry/index.js';

/** A stored resource: its storage prefix and the label upstream's storage metrics give it. */
export interface StoredResource {
  /** `/registry/deployments/` */
  readonly prefix: string;
  /** `deployments.apps`, `pods`: the group-resource string. */
  readonly label: string;
}

let cached: readonly StoredResource[] | undefined;

/**
 * Every resource kite stores, once per storage prefix (versions of one group-resource share it),
 * in catalogue order. Computed once; the result is immutable.
 */
export function storedResources(): readonly StoredResource[] {
  if (cached !== undefined) return cached;
  const seen = new Map<string, StoredResource>();
  for (const r of allResources()) {
    if (r.storageVersionHash === undefined) continue;
    const prefix = resourcePrefix(r.group, r.plural);
    if (!seen.has(prefix))
      seen.set(prefix, { prefix, label: r.group === '' ? r.plural : `${r.plural}.${r.group}` });
  }
  cached = [...seen.values()];
  return cached;
}

/**
 * Maps storage keys to the label of the resource they belong to. Keys under no known prefix get
 * their first segment below the registry root (custom resources: `<group>/<resource>`), or ""
 * for keys outside it. Lookups are O(key segments); safe to share.
 */
export class ResourceLabeler {
  private readonly byPrefix = new Map<string, string>();

  constructor(resources: readonly StoredResource[] = storedResources()) {
    for (const r of resources) this.byPrefix.set(r.prefix, r.label);
  }

  /** The label of `key` (an object key or a listing prefix). */
  labelFor(key: string): string {
    const root = `${REGISTRY_ROOT}/`;
    if (!key.startsWith(root)) return '';
    const segments = key.slice(root.length).split('/');
    // Longest known prefix first: `/registry/services/specs/` before `/registry/services/`.
    for (let n = Math.min(segments.length - 1, 2); n >= 1; n--) {
      const label = this.byPrefix.get(`${root}${segments.slice(0, n).join('/')}/`);
      if (label !== undefined) return label;
    }
    const [first = '', second = ''] = segments;
    return first.includes('.') && second !== '' ? `${second}.${first}` : first;
  }
}
