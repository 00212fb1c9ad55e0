// Which nodes a DaemonSet's pods belong on and what its pods look like: the tolerations every
// daemon pod gets, the node pinning through required node affinity on metadata.name, the labels
// that mark a pod's revision, and the node a pod targets.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Affinity, Node, Pod, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1.js';
import { deepCopy, deepEqual } from '../../apimachinery/meta/index.js';
import { parseTimestamp } from '../util/index.js';
import { findUntoleratedTaint, OBJECT_NAME_FIELD, requiredNodeAffinityMatches } from './node-affinity.js';

/** Pod label with the hash of the revision the pod was made from (DefaultDaemonSetUniqueLabelKey). */
export const DAEMONSET_HASH_LABEL = 'controller-revision-hash';
/** Deprecated pod label with the template generation (DaemonSetTemplateGenerationKey). */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** Annotation the API server keeps on DaemonSets with the template generation. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

const NO_EXECUTE = 'NoExecute';
const NO_SCHEDULE = 'NoSchedule';

/**
 * Adds `toleration`, or replaces one with the same key, operator, value and effect (upstream's
 * AddOrUpdateTolerationInPodSpec). Mutates `spec`.
 */
function addOrUpdateToleration(spec: PodSpec, toleration: Toleration): void {
  const list = [...(spec.tolerations ?? [])];
  const same = (t: Toleration) =>
    (t.key ?? '') === (toleration.key ?? '') &&
    (t.effect ?? '') === (toleration.effect ?? '') &&
    (t.operator ?? '') === (toleration.operator ?? '') &&
    (t.value ?? '') === (toleration.value ?? '');
  const i = list.findIndex(same);
  if (i < 0) list.push(toleration);
  else if (!deepEqual(list[i], toleration)) list[i] = toleration;
  spec.tolerations = list;
}

/**
 * Adds the tolerations upstream gives every daemon pod (mutates `spec`): not-ready and unreachable
 * NoExecute (so node problems never evict them), disk-, memory-, pid-pressure and unschedulable
 * NoSchedule, and network-unavailable NoSchedule for host-network pods.
 */
export function addDaemonPodTolerations(spec: PodSpec): void {
  const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });
  addOrUpdateToleration(spec, exists('node.kubernetes.io/not-ready', NO_EXECUTE));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/unreachable', NO_EXECUTE));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/disk-pressure', NO_SCHEDULE));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/memory-pressure', NO_SCHEDULE));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/pid-pressure', NO_SCHEDULE));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/unschedulable', NO_SCHEDULE));
  if (spec.hostNetwork === true)
    addOrUpdateToleration(spec, exists('node.kubernetes.io/network-unavailable', NO_SCHEDULE));
}

/** The daemon pod as it would run on `nodeName` (for the scheduling checks). Pure. */
export function newDaemonPod(ds: DaemonSet, nodeName: string): Pod {
  const t = ds.spec?.template ?? {};
  const spec: PodSpec = deepCopy(t.spec ?? { containers: [] });
  spec.nodeName = nodeName;
  addDaemonPodTolerations(spec);
  return { metadata: { ...deepCopy(t.metadata ?? {}), namespace: ds.metadata?.namespace }, spec };
}

/**
 * Whether a daemon pod should run on the node, and whether one already there may stay (upstream's
 * NodeShouldRunDaemonPod): the template's nodeName, nodeSelector and required node affinity must
 * admit the node, and no NoSchedule/NoExecute taint may be untolerated; a pod may stay on a node
 * whose only untolerated taints are NoSchedule. Pure.
 */
export function nodeShouldRunDaemonPod(
  node: Node,
  ds: DaemonSet,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const name = node.metadata?.name ?? '';
  const templateNode = ds.spec?.template?.spec?.nodeName ?? '';
  if (templateNode !== '' && templateNode !== name) return { shouldRun: false, shouldContinueRunning: false };
  const pod = newDaemonPod(ds, name);
  if (!requiredNodeAffinityMatches(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = pod.spec?.tolerations ?? [];
  const blocking = findUntoleratedTaint(
    taints,
    tolerations,
    (t) => t.effect === NO_EXECUTE || t.effect === NO_SCHEDULE,
  );
  if (blocking === undefined) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = findUntoleratedTaint(taints, tolerations, (t) => t.effect === NO_EXECUTE);
  return { shouldRun: false, shouldContinueRunning: evicting === undefined };
}

/**
 * Pins pods to `nodeName` with a required node affinity term on metadata.name, replacing any
 * required terms the template had (upstream's ReplaceDaemonSetPodNodeNameNodeAffinity). Returns a
 * new Affinity; never mutates the argument.
 */
export function replaceNodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const terms = [{ matchFields: [{ key: OBJECT_NAME_FIELD, operator: 'In', values: [nodeName] }] }];
  const out: Affinity = deepCopy(affinity ?? {});
  const na = out.nodeAffinity ?? {};
  out.nodeAffinity = {
    ...na,
    requiredDuringSchedulingIgnoredDuringExecution: {
      ...na.requiredDuringSchedulingIgnoredDuringExecution,
      nodeSelectorTerms: terms,
    },
  };
  return out;
}

/** The template generation from the DaemonSet's annotation, undefined when absent or invalid. */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (v === undefined || !/^-?[0-9]+$/.test(v)) return undefined;
  return Number(v);
}

/**
 * The pod template of new daemon pods (upstream's CreatePodTemplate): the daemon tolerations, and
 * the template-generation and revision-hash labels. Pure.
 */
export function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const t: PodTemplateSpec = deepCopy(ds.spec?.template ?? {});
  t.spec = t.spec ?? { containers: [] };
  addDaemonPodTolerations(t.spec);
  const labels: Record<string, string> = { ...t.metadata?.labels };
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash !== '') labels[DAEMONSET_HASH_LABEL] = hash;
  t.metadata = { ...t.metadata, labels };
  return t;
}

/** Whether the pod is at the DaemonSet's current revision (by hash or template generation). */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches =
    generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash !== '' && labels[DAEMONSET_HASH_LABEL] === hash;
  return hashMatches || templateMatches;
}

/**
 * The node a daemon pod is for: spec.nodeName, or the metadata.name In term of its required node
 * affinity (upstream's GetTargetNodeName); undefined when it has neither.
 */
export function targetNodeName(pod: Pod): string | undefined {
  const nodeName = pod.spec?.nodeName ?? '';
  if (nodeName !== '') return nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const term of terms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === OBJECT_NAME_FIELD && f.operator === 'In') {
        return f.values?.length === 1 ? f.values[0] : undefined;
      }
    }
  }
  return undefined;
}

/** Orders scheduled pods first, then oldest first, then by name (podByCreationTimestampAndPhase). */
export function comparePodsByAge(a: Pod, b: Pod): number {
  const sa = (a.spec?.nodeName ?? '') !== '';
  const sb = (b.spec?.nodeName ?? '') !== '';
  if (sa !== sb) return sa ? -1 : 1;
  const ta = parseTimestamp(a.metadata?.creationTimestamp) ?? 0;
  const tb = parseTimestamp(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}
