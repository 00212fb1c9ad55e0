// Finding a deployment's new and old replica sets, ordering them, and summing their replica
// counts (upstream's deployment_util helpers and controller_utils' replica-set sorts).
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { computeHash } from '../../../apimachinery/meta/index.js';
import { parseTimestamp } from '../../util/index.js';
import { revisionOf } from './annotations.js';
import type { Deployment, ReplicaSet } from './types.js';
import { rsReplicas } from './types.js';

/** The label (and selector term) that tells a deployment's replica sets and their pods apart. */
export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash';

/**
 * The pod-template-hash of a template (upstream's controller.ComputeHash): FNV-1a 32 of the
 * template, then of `collisionCount` as 8 little-endian bytes when set, printed in decimal and
 * safe-encoded. Upstream hashes Go's spew dump of the struct; this hashes the template's
 * canonical JSON, so names have the same form but other values than upstream's. Pure.
 */
export function podTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  return computeHash(template ?? {}, collisionCount);
}

type Json = unknown;

// Semantic equality as apimachinery's equality.Semantic: empty and absent lists and maps are equal.
function normalize(v: Json): Json {
  if (Array.isArray(v)) return v.map(normalize);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || x === null) continue;
      if (Array.isArray(x) && x.length === 0) continue;
      const n = normalize(x);
      if (n !== null && typeof n === 'object' && !Array.isArray(n) && Object.keys(n).length === 0) continue;
      out[k] = n;
    }
    return out;
  }
  return v;
}

function equalJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((x, i) => equalJson(x, bb[i]));
  }
  const ao = a as Record<string, Json>;
  const bo = b as Record<string, Json>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && equalJson(ao[k], bo[k]));
}

function withoutHashLabel(t: PodTemplateSpec | undefined): Json {
  const copy = structuredClone(t ?? {});
  if (copy.metadata?.labels !== undefined) delete copy.metadata.labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  return normalize(copy);
}

/**
 * Whether two pod templates are equal once the pod-template-hash label is ignored (upstream's
 * EqualIgnoreHash, with semantic equality: absent and empty lists and maps are the same). Pure.
 */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return equalJson(withoutHashLabel(a), withoutHashLabel(b));
}

function created(rs: ReplicaSet): number {
  return parseTimestamp(rs.metadata?.creationTimestamp) ?? Number.NEGATIVE_INFINITY;
}

/** Older first, then by name (upstream's ReplicaSetsByCreationTimestamp). */
export function compareByCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = created(a);
  const tb = created(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first; equal sizes older first (ReplicaSetsBySizeOlder). */
export function compareBySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : compareByCreation(a, b);
}

/** Larger first; equal sizes newer first (ReplicaSetsBySizeNewer). */
export function compareBySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : compareByCreation(b, a);
}

/** Lower revision first; equal or unparsable revisions by creation (ReplicaSetsByRevision). */
export function compareByRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return compareByCreation(a, b);
  return ra - rb;
}

/** The replica sets with `spec.replicas > 0` (undefined entries dropped). Pure. */
export function filterActiveReplicaSets(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => rs !== undefined && rsReplicas(rs) > 0);
}

/**
 * The deployment's new replica set: the oldest whose template equals the deployment's ignoring
 * the hash label, or undefined. Pure (sorts a copy).
 */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList]
    .sort(compareByCreation)
    .find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/**
 * The old replica sets: those with replicas (`required`) and all of them (`all`), the new one
 * excluded. Pure.
 */
export function findOldReplicaSets(
  d: Deployment,
  rsList: readonly ReplicaSet[],
): { required: ReplicaSet[]; all: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const required: ReplicaSet[] = [];
  const all: ReplicaSet[] = [];
  for (const rs of rsList) {
    if (newRS !== undefined && rs.metadata?.uid === newRS.metadata?.uid) continue;
    all.push(rs);
    if (rsReplicas(rs) !== 0) required.push(rs);
  }
  return { required, all };
}

/**
 * The newest replica set when at most one has replicas: the active one, else the new one, else
 * the newest old one; undefined when several are active (they scale proportionally). Pure.
 */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => compareByCreation(b, a));
  const active = filterActiveReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** Sum of `spec.replicas`. Pure. */
export function replicaCount(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs !== undefined) n += rsReplicas(rs);
  return n;
}

/** Sum of `status.replicas` (pods that exist and are not terminating). Pure. */
export function actualReplicaCount(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs !== undefined) n += rs.status?.replicas ?? 0;
  return n;
}

/** Sum of `status.readyReplicas`. Pure. */
export function readyReplicaCount(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs !== undefined) n += rs.status?.readyReplicas ?? 0;
  return n;
}

/** Sum of `status.availableReplicas`. Pure. */
export function availableReplicaCount(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs !== undefined) n += rs.status?.availableReplicas ?? 0;
  return n;
}

/**
 * Sum of `status.terminatingReplicas`. A replica set the replicaset controller has not observed
 * yet counts 0; one it observed without reporting the field makes the sum unknown (undefined). Pure.
 */
export function terminatingReplicaCount(rss: readonly (ReplicaSet | undefined)[]): number | undefined {
  let n = 0;
  for (const rs of rss) {
    if (rs === undefined) continue;
    const t = rs.status?.terminatingReplicas;
    if (t === undefined || t === null) {
      if ((rs.status?.observedGeneration ?? 0) === 0) continue;
      return undefined;
    }
    n += t;
  }
  return n;
}
