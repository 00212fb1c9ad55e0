// Discovery over the legacy (unaggregated) documents: /api, /api/v1, /apis, /apis/<g>/<v>.
import type { DiscoveredGroupVersion, DiscoveredResource } from '../types.js';
import { groupVersionPath } from './paths.js';

/** Fetches and decodes one discovery document. */
export type DiscoveryGet = <R>(path: string) => Promise<R>;

interface APIVersions {
  versions?: string[];
}
interface APIGroupList {
  groups?: { name?: string; versions?: { version?: string }[]; preferredVersion?: { version?: string } }[];
}
interface APIResourceList {
  resources?: { name?: string; kind?: string; namespaced?: boolean; verbs?: string[] }[];
}

function resourcesOf(list: APIResourceList): DiscoveredResource[] {
  return (list.resources ?? []).map((r) => ({
    name: r.name ?? '',
    kind: r.kind ?? '',
    namespaced: r.namespaced === true,
    verbs: r.verbs ?? [],
  }));
}

/**
 * Every group-version the server serves, legacy core group first, in the server's order, each
 * with its resources (subresources as `pods/status`) and whether it is the group's preferred
 * version. The group-version documents are fetched concurrently. Rejects with the first failure.
 */
export async function discoverAll(get: DiscoveryGet): Promise<DiscoveredGroupVersion[]> {
  const [core, groups] = await Promise.all([get<APIVersions>('/api'), get<APIGroupList>('/apis')]);
  const wanted: { group: string; version: string; preferred: boolean }[] = [];
  const coreVersions = core.versions ?? [];
  for (const [i, v] of coreVersions.entries()) wanted.push({ group: '', version: v, preferred: i === 0 });
  for (const g of groups.groups ?? []) {
    const name = g.name ?? '';
    const preferred = g.preferredVersion?.version ?? g.versions?.[0]?.version;
    for (const v of g.versions ?? []) {
      if (v.version === undefined) continue;
      wanted.push({ group: name, version: v.version, preferred: v.version === preferred });
    }
  }
  return Promise.all(
    wanted.map(async (gv) => ({
      ...gv,
      resources: resourcesOf(await get<APIResourceList>(groupVersionPath(gv.group, gv.version))),
    })),
  );
}
