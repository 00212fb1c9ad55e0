// Annotations the deployment controller keeps on replica sets (and the deployment): revision
// numbers, revision history, and the deployment's desired and maximum size when the replica set
// was last scaled.
import type { Deployment, ReplicaSet } from './types.js';
import { specReplicas } from './types.js';

/** The rollout sequence number of a replica set (and of its deployment). */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Earlier revisions a replica set served, comma-separated (set when it is rolled back to). */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/** The deployment's `spec.replicas` when the replica set was last scaled. */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** `spec.replicas + maxSurge` of the deployment when the replica set was last scaled. */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** The revision `extensions/v1beta1` rollbackTo asked for, kept as an annotation by conversion. */
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** kubectl apply's record of the last applied configuration. */
export const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Marks deployments whose selector overlaps another's (no longer set, still never copied). */
export const OVERLAP_ANNOTATION = 'deployment.kubernetes.io/error-selector-overlapping-with';
/** When a deployment's selector last changed (no longer set, still never copied). */
export const SELECTOR_UPDATE_ANNOTATION = 'deployment.kubernetes.io/selector-updated-at';

/** The revision-history annotation is kept at most this long; older entries drop first. */
export const MAX_REVISION_HISTORY_CHARS = 2000;

const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_CONFIG_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  OVERLAP_ANNOTATION,
  SELECTOR_UPDATE_ANNOTATION,
]);

/** Whether an annotation stays with its object rather than being copied deployment <-> replica set. */
export function skipCopyAnnotation(key: string): boolean {
  return ANNOTATIONS_TO_SKIP.has(key);
}

/** Parses a decimal int64 as Go's strconv.ParseInt(s, 10, 64) would; undefined when it is not one. */
export function parseInt64(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The revision of an object: 0 without the annotation, undefined when the annotation is not an
 * integer. Pure.
 */
export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } }): number | undefined {
  const v = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return parseInt64(v);
}

/** The highest revision among `rss` (unparsable revisions skipped), 0 for none. Pure. */
export function maxRevision(rss: readonly (ReplicaSet | undefined)[]): number {
  let max = 0;
  for (const rs of rss) {
    if (rs === undefined) continue;
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** The second-highest revision among `rss` (the one before the current), 0 for none. Pure. */
export function lastRevision(rss: readonly (ReplicaSet | undefined)[]): number {
  let max = 0;
  let second = 0;
  for (const rs of rss) {
    if (rs === undefined) continue;
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) {
      second = v;
    }
  }
  return second;
}

function annotationsOf(obj: { metadata?: { annotations?: Record<string, string> } }): Record<string, string> {
  obj.metadata ??= {};
  obj.metadata.annotations ??= {};
  return obj.metadata.annotations;
}

/** Sets the deployment's revision annotation; returns whether it changed. Mutates `d`. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const a = annotationsOf(d);
  if (a[REVISION_ANNOTATION] === revision) return false;
  a[REVISION_ANNOTATION] = revision;
  return true;
}

/**
 * Copies the deployment's annotations (but those that stay put) onto the replica set; returns
 * whether any changed. Mutates `rs`.
 */
export function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: ReplicaSet): boolean {
  const to = annotationsOf(rs);
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (skipCopyAnnotation(k) || to[k] === v) continue;
    to[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * Replaces the deployment's annotations with the replica set's (keeping the deployment's own
 * revision, history, size and apply annotations), as a rollback to `rs` does. Mutates `d`.
 */
export function setDeploymentAnnotationsTo(d: Deployment, rs: ReplicaSet): void {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) if (skipCopyAnnotation(k)) kept[k] = v;
  for (const [k, v] of Object.entries(rs.metadata?.annotations ?? {}))
    if (!skipCopyAnnotation(k)) kept[k] = v;
  d.metadata ??= {};
  d.metadata.annotations = kept;
}

/** Sets desired- and max-replicas; returns whether either changed. Mutates `rs`. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = annotationsOf(rs);
  let changed = false;
  if (a[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    a[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    a[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

/** Whether {@link setReplicasAnnotations} would change anything. Pure. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations;
  if (a === undefined) return true;
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

function int32Annotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  if (v === undefined) return undefined;
  const n = parseInt64(v);
  return n !== undefined && n >= -0x80000000 && n <= 0x7fffffff ? n : undefined;
}

/** The desired-replicas annotation as an int32, or undefined when absent or invalid. Pure. */
export function desiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return int32Annotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

/** The max-replicas annotation as an int32, or undefined when absent or invalid. Pure. */
export function maxReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return int32Annotation(rs, MAX_REPLICAS_ANNOTATION);
}

/**
 * Brings the new replica set's annotations up to date (upstream's SetNewReplicaSetAnnotations):
 * copies the deployment's annotations, raises its revision to `newRevision` when lower (recording
 * the old revision in the history annotation, as when a deployment is rolled back to it, keeping
 * the history within {@link MAX_REVISION_HISTORY_CHARS}), and for a replica set about to be
 * created (`exists` false) sets the replicas annotations from `maxSurge`. Returns whether
 * anything changed; an unparsable revision on either side leaves the revision alone and returns
 * false. Mutates `rs`.
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: string,
  exists: boolean,
  maxSurge: number,
): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const a = annotationsOf(rs);
  const had = Object.hasOwn(a, REVISION_ANNOTATION);
  const oldRevision = a[REVISION_ANNOTATION] ?? '';
  let oldInt = parseInt64(oldRevision);
  if (oldInt === undefined) {
    if (oldRevision !== '') return false;
    oldInt = 0;
  }
  const newInt = parseInt64(newRevision);
  if (newInt === undefined) return false;
  if (oldInt < newInt) {
    a[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  if (had && oldInt < newInt) {
    const history = a[REVISION_HISTORY_ANNOTATION] ?? '';
    const old = history.split(',');
    if (old[0] === '') {
      a[REVISION_HISTORY_ANNOTATION] = oldRevision;
    } else {
      let total = history.length + oldRevision.length + 1;
      let start = 0;
      while (total > MAX_REVISION_HISTORY_CHARS && start < old.length) {
        total -= (old[start]?.length ?? 0) + 1;
        start++;
      }
      if (total <= MAX_REVISION_HISTORY_CHARS)
        a[REVISION_HISTORY_ANNOTATION] = [...old.slice(start), oldRevision].join(',');
    }
  }
  const desired = specReplicas(d);
  if (!exists && setReplicasAnnotations(rs, desired, desired + maxSurge)) changed = true;
  return changed;
}
