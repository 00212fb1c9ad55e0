import { type ResourceInfo, resourcesIn, servedGroups } from '../../api/index.js';
import { type DiscoveryAddresses, type ServerAddressByClientCIDR, serverAddressesFor } from './addresses.js';

/** A `group/version` pair as `/apis` lists it. */
export interface GroupVersionForDiscovery {
  readonly groupVersion: string;
  readonly version: string;
}

/** `/api`: the legacy core group's versions. */
export interface APIVersions {
  readonly kind: 'APIVersions';
  readonly versions: readonly string[];
  readonly serverAddressByClientCIDRs: readonly ServerAddressByClientCIDR[];
}

/** One entry of `/apis` and the body of `/apis/<group>`. */
export interface APIGroup {
  readonly kind?: 'APIGroup';
  readonly apiVersion?: 'v1';
  readonly name: string;
  readonly versions: readonly GroupVersionForDiscovery[];
  readonly preferredVersion: GroupVersionForDiscovery;
}

/** `/apis`. */
export interface APIGroupList {
  readonly kind: 'APIGroupList';
  readonly apiVersion: 'v1';
  readonly groups: readonly APIGroup[];
}

/** One resource or `resource/subresource` entry of an `APIResourceList`. */
export interface APIResource {
  readonly name: string;
  readonly singularName: string;
  readonly namespaced: boolean;
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly verbs: readonly string[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly storageVersionHash?: string;
}

/** `/api/v1` and `/apis/<group>/<version>`. */
export interface APIResourceList {
  readonly kind: 'APIResourceList';
  /** Absent for the core group: the legacy handler strips it, as upstream's does. */
  readonly apiVersion?: 'v1';
  readonly groupVersion: string;
  readonly resources: readonly APIResource[];
}

const groupVersionString = (group: string, version: string): string =>
  group === '' ? version : `${group}/${version}`;

/** The `/api` document. Pure; a fresh object on each call. */
export function apiVersions(addresses: DiscoveryAddresses, clientIP?: string): APIVersions {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: serverAddressesFor(addresses, clientIP),
  };
}

function groupEntry(name: string, versions: readonly string[], preferred: string): APIGroup {
  return {
    name,
    versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${name}/${preferred}`, version: preferred },
  };
}

/**
 * The `/apis` document: every served named group (the core group is under `/api`), by
 * group priority then name, versions by priority. Pure; a fresh object on each call.
 */
export function apiGroupList(): APIGroupList {
  const groups = servedGroups()
    .filter((g) => g.name !== '')
    .map((g) => groupEntry(g.name, g.versions, g.preferredVersion));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** The `/apis/<group>` document, or undefined when the group is not served (the caller answers 404). */
export function apiGroup(name: string): APIGroup | undefined {
  if (name === '') return undefined;
  const g = servedGroups().find((s) => s.name === name);
  if (g === undefined) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g.name, g.versions, g.preferredVersion) };
}

/**
 * The discovery entries of one resource and its subresources, in upstream's order: all
 * entries of a group-version sort by name, so `pods` < `pods/attach` < ... < `podtemplates`.
 * Subresources carry `group`/`version` only when served from another group-version (scale,
 * eviction, token) and never a singular name, short names, categories or storage hash.
 */
export function resourceEntries(r: ResourceInfo): APIResource[] {
  const out: APIResource[] = [
    {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs],
      ...(r.shortNames.length > 0 ? { shortNames: [...r.shortNames] } : {}),
      ...(r.categories.length > 0 ? { categories: [...r.categories] } : {}),
      ...(r.storageVersionHash !== undefined ? { storageVersionHash: r.storageVersionHash } : {}),
    },
  ];
  for (const s of r.subresources) {
    const foreign = s.group !== r.group || s.version !== r.version;
    out.push({
      name: `${r.plural}/${s.name}`,
      singularName: '',
      namespaced: r.namespaced,
      ...(foreign ? { group: s.group, version: s.version } : {}),
      kind: s.kind,
      verbs: [...s.verbs],
    });
  }
  return out;
}

/** Sorts discovery entries by name as Go's `sort.Strings` does (byte order). Mutates and returns `list`. */
export function sortByName<T extends { readonly name: string }>(list: T[]): T[] {
  return list.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

/**
 * The `/api/v1` or `/apis/<group>/<version>` document, or undefined when that
 * group-version is not served. Pure; a fresh object on each call.
 */
export function apiResourceList(group: string, version: string): APIResourceList | undefined {
  const served = servedGroups().find((g) => g.name === group);
  if (served === undefined || !served.versions.includes(version)) return undefined;
  const resources = sortByName(resourcesIn(group, version).flatMap(resourceEntries));
  const head =
    group === ''
      ? { kind: 'APIResourceList' as const }
      : { kind: 'APIResourceList' as const, apiVersion: 'v1' as const };
  return { ...head, groupVersion: groupVersionString(group, version), resources };
}
