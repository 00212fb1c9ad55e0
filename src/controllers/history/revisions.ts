// ControllerRevision values: names, hashes, the template snapshot a revision holds, equality and
// ordering. Pure functions; the API side is in history.ts.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import {
  deepCopy,
  deepEqual,
  fnv132,
  type GroupVersionKind,
  newControllerRef,
  safeEncodeString,
} from '../../apimachinery/meta/index.js';
import { goJSON } from './go-json.js';

/** Label holding a revision's hash (upstream's ControllerRevisionHashLabel). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** Longest name prefix a revision name keeps, leaving room for `-<hash>` within 253 characters. */
const MAX_PREFIX = 223;

/** Revision data: the owner's spec.template as a strategic-merge patch that replaces it. */
export interface TemplatePatch {
  spec: { template: PodTemplateSpec & { $patch: 'replace' } };
}

/** `<prefix>-<hash>`, the prefix cut to 223 characters (upstream's ControllerRevisionName). Pure. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > MAX_PREFIX ? prefix.slice(0, MAX_PREFIX) : prefix}-${hash}`;
}

/**
 * The revision data of an owner (StatefulSet or DaemonSet, as served by the API): its template
 * with `$patch: replace`, under `spec.template`. A deep copy; never mutates `owner`.
 */
export function templatePatch(owner: { spec?: { template?: PodTemplateSpec } }): TemplatePatch {
  const template = deepCopy(owner.spec?.template ?? {});
  return { spec: { template: { ...template, $patch: 'replace' } } };
}

/** The template a revision holds (its data without `$patch`), or undefined when it holds none. */
export function templateOfRevision(revision: ControllerRevision): PodTemplateSpec | undefined {
  const data = revision.data as Partial<TemplatePatch> | undefined;
  const t = data?.spec?.template;
  if (t === undefined || t === null || typeof t !== 'object') return undefined;
  const { $patch: _ignored, ...template } = t as PodTemplateSpec & { $patch?: string };
  return deepCopy(template);
}

/**
 * The hash in a revision's name, as upstream's HashControllerRevision: FNV-1 (32 bit, hash/fnv
 * New32, not 1a) over the data's JSON bytes, then the decimal text of `probe` (the collision
 * count) when given, printed in decimal and safe-encoded. The data bytes are the Go encoding of
 * the data (goJSON), which is what upstream stores in Data.Raw, so equal data gives upstream's
 * name. Pure.
 */
export function hashControllerRevision(data: unknown, probe?: number): string {
  let h = fnv132(Buffer.from(goJSON(data), 'utf8'));
  if (probe !== undefined) h = fnv132(Buffer.from(String(Math.trunc(probe)), 'utf8'), h);
  return safeEncodeString(String(h));
}

/**
 * A new revision of `parent` (upstream's NewControllerRevision): labels copied from
 * `templateLabels`, a controller reference to `parent`, name `<parent>-<hash>` and the hash label.
 * Namespace is the parent's. Pure.
 */
export function newControllerRevision(
  parent: { metadata?: ObjectMeta },
  parentKind: GroupVersionKind,
  templateLabels: Readonly<Record<string, string>> | undefined,
  data: unknown,
  revision: number,
  collisionCount: number | undefined,
): ControllerRevision {
  const labels: Record<string, string> = { ...templateLabels };
  const hash = hashControllerRevision(data, collisionCount);
  labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(parent.metadata?.name ?? '', hash),
      namespace: parent.metadata?.namespace,
      labels,
      ownerReferences: [newControllerRef(parent, parentKind)],
    },
    data: deepCopy(data) as ControllerRevision['data'],
    revision,
  };
}

/**
 * Whether two revisions hold the same state (upstream's EqualRevision). Upstream first compares
 * the hash labels parsed as decimal numbers, which safe-encoded hashes never are, so in effect only
 * the data counts: compared here as JSON values. Pure.
 */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return deepEqual(a.data ?? null, b.data ?? null);
}

/** The revisions equal to `needle`, in the order given. Pure. */
export function findEqualRevisions(
  revisions: readonly ControllerRevision[],
  needle: ControllerRevision,
): ControllerRevision[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/**
 * Sorts in place by revision number, then creation time, then name (upstream's
 * SortControllerRevisions); returns the same array.
 */
export function sortControllerRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = a.metadata?.creationTimestamp ?? '';
    const tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    const na = a.metadata?.name ?? '';
    const nb = b.metadata?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

/** One more than the last revision of a sorted list, or 1 for none (upstream's nextRevision). */
export function nextRevision(sorted: readonly ControllerRevision[]): number {
  const last = sorted[sorted.length - 1];
  return last === undefined ? 1 : last.revision + 1;
}

/** The highest revision number, 0 for none. Pure. */
export function maxRevision(revisions: readonly ControllerRevision[]): number {
  let max = 0;
  for (const r of revisions) if (r.revision > max) max = r.revision;
  return max;
}
