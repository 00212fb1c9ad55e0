import { parseGroupVersion } from '../../apimachinery/meta/index.js';
import { aggregateErrors } from '../util/errors.js';
import type { APIResourceList, GroupVersionResource } from './client.js';

/** `group/version, Resource=resource`, as Go prints a GroupVersionResource. Pure. */
export function gvrString(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;
}

/**
 * The resources the deleter works through: those whose verbs include `delete` (client-go's
 * FilteredBy SupportsAllVerbs), flattened to group/version/resource in discovery order without
 * duplicates (GroupVersionResources), each with its verbs. A group-version that does not parse
 * is skipped and reported in `error` (the messages of all such failures, as an aggregate). Pure.
 */
export function deletableResources(lists: readonly APIResourceList[]): {
  resources: { gvr: GroupVersionResource; verbs: ReadonlySet<string> }[];
  error: Error | undefined;
} {
  const out: { gvr: GroupVersionResource; verbs: ReadonlySet<string> }[] = [];
  const seen = new Set<string>();
  const errs: Error[] = [];
  for (const list of lists) {
    const kept = list.resources.filter((r) => r.verbs.includes('delete'));
    if (kept.length === 0) continue;
    let gv: { group: string; version: string };
    try {
      gv = parseGroupVersion(list.groupVersion);
    } catch (e) {
      errs.push(e as Error);
      continue;
    }
    for (const r of kept) {
      const gvr = { group: gv.group, version: gv.version, resource: r.name };
      const key = gvrString(gvr);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ gvr, verbs: new Set(r.verbs) });
    }
  }
  return { resources: out, error: aggregateErrors(errs) };
}
