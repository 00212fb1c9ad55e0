import { createHash } from 'node:crypto';
import generated from './generated/resources.json' with { type: 'json' };
import {
  CATEGORIES,
  DEFAULT_VERSION_PRIORITY,
  GROUP_PRIORITY,
  SHORT_NAMES,
  STORAGE_GVK,
  VERSION_PRIORITY,
} from './catalogue-facts.js';

/** A discovery verb. */
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** Group, version and resource (plural) of an endpoint; the core group is ''. */
export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** Group, version and kind of an object; the core group is ''. */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * A subresource such as `status` or `scale`: its own kind (maybe in another group) and verbs.
 * Discovery lists `group`/`version` only where they differ from the parent resource's, and
 * an empty singular name.
 */
export interface SubresourceInfo {
  readonly name: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly verbs: readonly Verb[];
}

/** One served resource as discovery lists it. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Absent for resources that cannot be listed (bindings, reviews). */
  readonly listKind: string | undefined;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly namespaced: boolean;
  /** Sorted as upstream discovery sorts them. */
  readonly verbs: readonly Verb[];
  readonly subresources: readonly SubresourceInfo[];
  /** Whether DELETE answers with the deleted object (true) or a Status (false). */
  readonly deleteReturnsObject: boolean;
  /** Name of the OpenAPI definition of the kind. */
  readonly definition: string;
  /**
   * Discovery's `storageVersionHash`: base64 of the first 8 bytes of SHA-256 over the stored
   * `group/version/kind`; undefined for resources without storage (reviews, bindings,
   * componentstatuses).
   */
  readonly storageVersionHash: string | undefined;
}

/** A served API group with its versions, preferred version first. */
export interface ServedGroup {
  readonly name: string;
  readonly versions: readonly string[];
  readonly preferredVersion: string;
}

interface GeneratedResource {
  group: string;
  version: string;
  kind: string;
  listKind?: string;
  plural: string;
  namespaced: boolean;
  deleteReturnsObject: boolean;
  definition: string;
  verbs: string[];
  subresources: { name: string; group: string; version: string; kind: string; verbs: string[] }[];
}

const VERBS: ReadonlySet<string> = new Set([
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
]);
function isVerb(v: string): v is Verb {
  return VERBS.has(v);
}

/** Discovery's storage version hash of a `group/version/kind` string. Pure. */
export function storageVersionHash(gvk: string): string {
  return createHash('sha256').update(gvk).digest().subarray(0, 8).toString('base64');
}

function toResource(r: GeneratedResource): ResourceInfo {
  const key = `${r.group}/${r.plural}`;
  // Only resources kept in storage can be watched; the others have no storage version.
  const stored = r.verbs.includes('watch');
  return Object.freeze({
    group: r.group,
    version: r.version,
    kind: r.kind,
    listKind: r.listKind,
    plural: r.plural,
    singular: r.kind.toLowerCase(),
    shortNames: Object.freeze([...(SHORT_NAMES[key] ?? [])]),
    categories: Object.freeze([...(CATEGORIES[key] ?? [])]),
    namespaced: r.namespaced,
    verbs: Object.freeze(r.verbs.filter(isVerb)),
    subresources: Object.freeze(
      r.subresources.map((s) => Object.freeze({ ...s, verbs: Object.freeze(s.verbs.filter(isVerb)) })),
    ),
    deleteReturnsObject: r.deleteReturnsObject,
    definition: r.definition,
    storageVersionHash: stored
      ? storageVersionHash(STORAGE_GVK[key] ?? `${r.group}/${r.version}/${r.kind}`)
      : undefined,
  });
}

const groupPriority = (group: string): number => GROUP_PRIORITY[group] ?? 0;
const versionPriority = (group: string, version: string): number =>
  VERSION_PRIORITY[group === '' ? version : `${group}/${version}`] ?? DEFAULT_VERSION_PRIORITY;

function compareGroups(a: string, b: string): number {
  const d = groupPriority(b) - groupPriority(a);
  return d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
}

const RESOURCES: readonly ResourceInfo[] = Object.freeze(
  (generated.resources as GeneratedResource[]).map(toResource).sort((a, b) => {
    const g = compareGroups(a.group, b.group);
    if (g !== 0) return g;
    const v = versionPriority(b.group, b.version) - versionPriority(a.group, a.version);
    if (v !== 0) return v;
    return a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0;
  }),
);

const GROUPS: readonly ServedGroup[] = (() => {
  const versions = new Map<string, string[]>();
  for (const gv of generated.groupVersions) {
    const list = versions.get(gv.group) ?? [];
    list.push(gv.version);
    versions.set(gv.group, list);
  }
  return Object.freeze(
    [...versions.entries()]
      .sort(([a], [b]) => compareGroups(a, b))
      .map(([name, vs]) => {
        const sorted = [...vs].sort((a, b) => versionPriority(name, b) - versionPriority(name, a));
        return Object.freeze({ name, versions: Object.freeze(sorted), preferredVersion: sorted[0] ?? '' });
      }),
  );
})();

const byGVR = new Map<string, ResourceInfo>();
const byGVK = new Map<string, ResourceInfo>();
for (const r of RESOURCES) {
  byGVR.set(`${r.group}/${r.version}/${r.plural}`, r);
  byGVK.set(`${r.group}/${r.version}/${r.kind}`, r);
}

/** Every served resource, in discovery order (group priority, preferred version first). */
export function allResources(): readonly ResourceInfo[] {
  return RESOURCES;
}

/** Served groups in `/apis` order ('' first), each with versions preferred-first. */
export function servedGroups(): readonly ServedGroup[] {
  return GROUPS;
}

/** Whether kite serves this group-version. */
export function isServedGroupVersion(group: string, version: string): boolean {
  return GROUPS.some((g) => g.name === group && g.versions.includes(version));
}

/** Resources of one group-version, in discovery order; empty when not served. */
export function resourcesIn(group: string, version: string): readonly ResourceInfo[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version);
}

/** The resource at an exact group/version/plural, or undefined. */
export function resourceFor(gvr: GroupVersionResource): ResourceInfo | undefined {
  return byGVR.get(`${gvr.group}/${gvr.version}/${gvr.resource}`);
}

/** The top-level resource whose objects have this kind, or undefined (subresource kinds are not matched). */
export function resourceForKind(gvk: GroupVersionKind): ResourceInfo | undefined {
  return byGVK.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
}

/** A subresource of a served resource, or undefined. */
export function subresourceFor(gvr: GroupVersionResource, name: string): SubresourceInfo | undefined {
  return resourceFor(gvr)?.subresources.find((s) => s.name === name);
}
