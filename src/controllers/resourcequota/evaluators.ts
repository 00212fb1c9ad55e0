// Quota evaluators: for one resource, which quota names it charges, what each object charges, and
// which quota scopes an object falls under (upstream's pod, service, PVC and object-count
// evaluators).
import type {
  PersistentVolumeClaim,
  Pod,
  PodAffinityTerm,
  ScopedResourceSelectorRequirement,
  Service,
} from 'kubernetes-types/core/v1.js';
import { labelSelectorAsSelector, type Selector } from '../../apimachinery/labels/index.js';
import { type Quantity, newQuantity } from '../../apimachinery/quantity/index.js';
import {
  CONFIG_MAPS,
  PERSISTENT_VOLUME_CLAIMS,
  PODS,
  REPLICATION_CONTROLLERS,
  RESOURCE_QUOTAS,
  SECRETS,
  SERVICES,
} from '../../client/resources.js';
import type { KubeObject, Resource } from '../../client/types.js';
import {
  podAmounts,
  podCountsAt,
  podDeletionDeadline,
  podLevelResources,
  podQOS,
  quantities,
} from './pod-usage.js';
import {
  HUGEPAGES_PREFIX,
  isExtendedResourceName,
  isExtendedResourceNameForQuota,
  objectCountName,
  REQUESTS_HUGEPAGES_PREFIX,
  REQUESTS_PREFIX,
  STORAGE_CLASS_SUFFIX,
} from './resource-names.js';

/** How one resource is charged to quota. Stateless; safe to share. */
export interface Evaluator {
  /** The resource whose objects are charged. */
  readonly resource: Resource;
  /** The names of `names` this evaluator charges. Pure. */
  matchingResources(names: readonly string[]): string[];
  /** Whether `obj` is in the scope `req`; throws for a selector that does not parse. Pure. */
  matchesScope(req: ScopedResourceSelectorRequirement, obj: KubeObject): boolean;
  /** What `obj` charges at time `nowMs`. Pure. */
  usage(obj: KubeObject, nowMs: number): Map<string, Quantity>;
  /**
   * The parts of `obj` its usage and scopes depend on, as a string: an update that leaves it alone
   * cannot change any quota. Pure.
   */
  fingerprint(obj: KubeObject): string;
  /** When the object's usage will change by time alone (a deleted pod's deadline), or undefined. */
  deadline?(obj: KubeObject): number | undefined;
}

const ONE = (): Quantity => newQuantity(1, 'DecimalSI');
const ZERO = (): Quantity => newQuantity(0, 'DecimalSI');

function intersect(names: readonly string[], supported: readonly string[]): string[] {
  return names.filter((n) => supported.includes(n));
}

/** Counts objects: `count/<resource>[.<group>]` and, for some core resources, a legacy alias. */
export function objectCountEvaluator(resource: Resource, alias?: string): Evaluator {
  const names = [objectCountName(resource.group, resource.resource), ...(alias === undefined ? [] : [alias])];
  return {
    resource,
    matchingResources: (input) => intersect(input, names),
    matchesScope: () => false,
    usage: () => new Map(names.map((n) => [n, ONE()])),
    fingerprint: () => '',
  };
}

const POD_COUNT = objectCountName('', 'pods');
const POD_RESOURCES = [
  POD_COUNT,
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
];

function crossNamespaceTerm(t: PodAffinityTerm): boolean {
  return (t.namespaces?.length ?? 0) > 0 || t.namespaceSelector !== undefined;
}

/** Whether the pod has an affinity or anti-affinity term naming other namespaces. Pure. */
export function usesCrossNamespacePodAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  for (const aff of [a?.podAffinity, a?.podAntiAffinity]) {
    if (aff === undefined) continue;
    if ((aff.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(crossNamespaceTerm)) return true;
    if (
      (aff.preferredDuringSchedulingIgnoredDuringExecution ?? []).some((w) =>
        crossNamespaceTerm(w.podAffinityTerm),
      )
    )
      return true;
  }
  return false;
}

// A scope requirement as a label selector over the key `scopeName`; throws when it does not parse.
function labelSelector(req: ScopedResourceSelectorRequirement): Selector {
  return labelSelectorAsSelector({
    matchExpressions: [
      {
        key: req.scopeName,
        operator: req.operator,
        ...(req.values === undefined ? {} : { values: req.values }),
      },
    ],
  });
}

function podMatchesScope(req: ScopedResourceSelectorRequirement, pod: Pod): boolean {
  switch (req.scopeName) {
    case 'Terminating':
      return (pod.spec?.activeDeadlineSeconds ?? -1) >= 0;
    case 'NotTerminating':
      return !((pod.spec?.activeDeadlineSeconds ?? -1) >= 0);
    case 'BestEffort':
      return podQOS(pod) === 'BestEffort';
    case 'NotBestEffort':
      return podQOS(pod) !== 'BestEffort';
    case 'PriorityClass': {
      const pc = pod.spec?.priorityClassName ?? '';
      if (req.operator === 'Exists') return pc !== '';
      return labelSelector(req).matches(pc === '' ? {} : { PriorityClass: pc });
    }
    case 'CrossNamespacePodAffinity':
      return usesCrossNamespacePodAffinity(pod);
    default:
      return false;
  }
}

/** Pods: counts, compute requests and limits, huge pages, extended resources; all pod scopes. */
export const podEvaluator: Evaluator = {
  resource: PODS,
  matchingResources(input) {
    const out = intersect(input, POD_RESOURCES);
    for (const n of input) {
      if (n.startsWith(HUGEPAGES_PREFIX) || n.startsWith(REQUESTS_HUGEPAGES_PREFIX)) out.push(n);
      if (isExtendedResourceNameForQuota(n)) out.push(n);
    }
    return out;
  },
  matchesScope: (req, obj) => podMatchesScope(req, obj as Pod),
  usage(obj, nowMs) {
    const pod = obj as Pod;
    const result = new Map<string, Quantity>([[POD_COUNT, ONE()]]);
    if (!podCountsAt(pod, nowMs)) return result;
    const requests = podAmounts(pod, 'requests');
    const limits = podAmounts(pod, 'limits');
    result.set('pods', ONE());
    for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
      const req = requests.get(r);
      if (req !== undefined) {
        result.set(r, req);
        result.set(`${REQUESTS_PREFIX}${r}`, req);
      }
      const lim = limits.get(r);
      if (lim !== undefined) result.set(`limits.${r}`, lim);
    }
    for (const [r, q] of requests) {
      if (r.startsWith(HUGEPAGES_PREFIX)) {
        result.set(r, q);
        result.set(`${REQUESTS_PREFIX}${r}`, q);
      }
      if (isExtendedResourceName(r)) result.set(`${REQUESTS_PREFIX}${r}`, q);
    }
    return result;
  },
  fingerprint(obj) {
    const pod = obj as Pod;
    return JSON.stringify([
      pod.status?.phase,
      pod.status?.qosClass,
      pod.metadata?.deletionTimestamp,
      pod.metadata?.deletionGracePeriodSeconds,
      pod.spec?.activeDeadlineSeconds,
      pod.spec?.priorityClassName,
      pod.spec?.affinity,
      pod.spec?.overhead,
      podLevelResources(pod),
      (pod.spec?.containers ?? []).map((c) => c.resources),
      (pod.spec?.initContainers ?? []).map((c) => [c.resources, c.restartPolicy]),
      (pod.status?.containerStatuses ?? []).map((s) => [s.name, s.resources, s.allocatedResources]),
      (pod.status?.initContainerStatuses ?? []).map((s) => [s.name, s.resources, s.allocatedResources]),
      (pod.status?.conditions ?? []).filter((c) => c.type === 'PodResizePending'),
    ]);
  },
  deadline: (obj) => podDeletionDeadline(obj as Pod),
};

const SERVICE_COUNT = objectCountName('', 'services');
const SERVICE_RESOURCES = [SERVICE_COUNT, 'services', 'services.nodeports', 'services.loadbalancers'];

/** Services: counts, node ports and load balancers. */
export const serviceEvaluator: Evaluator = {
  resource: SERVICES,
  matchingResources: (input) => intersect(input, SERVICE_RESOURCES),
  matchesScope: () => false,
  usage(obj) {
    const svc = obj as Service;
    const ports = svc.spec?.ports ?? [];
    const result = new Map<string, Quantity>([
      [SERVICE_COUNT, ONE()],
      ['services', ONE()],
      ['services.loadbalancers', ZERO()],
      ['services.nodeports', ZERO()],
    ]);
    if (svc.spec?.type === 'NodePort')
      result.set('services.nodeports', newQuantity(ports.length, 'DecimalSI'));
    if (svc.spec?.type === 'LoadBalancer') {
      // With node port allocation off, only ports asking for a node port explicitly count.
      const n =
        svc.spec.allocateLoadBalancerNodePorts === false
          ? ports.filter((p) => (p.nodePort ?? 0) !== 0).length
          : ports.length;
      result.set('services.nodeports', newQuantity(n, 'DecimalSI'));
      result.set('services.loadbalancers', ONE());
    }
    return result;
  },
  fingerprint(obj) {
    const svc = obj as Service;
    return JSON.stringify([
      svc.spec?.type,
      svc.spec?.allocateLoadBalancerNodePorts,
      (svc.spec?.ports ?? []).map((p) => p.nodePort ?? 0),
    ]);
  },
};

const PVC_COUNT = objectCountName('', 'persistentvolumeclaims');
const PVC_RESOURCES = ['persistentvolumeclaims', 'requests.storage'];
const STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The claim's storage class: the beta annotation, else spec.storageClassName. Pure. */
export function claimClass(pvc: PersistentVolumeClaim): string {
  const ann = pvc.metadata?.annotations?.[STORAGE_CLASS_ANNOTATION];
  return ann ?? pvc.spec?.storageClassName ?? '';
}

// Storage requests count in whole bytes.
function wholeBytes(q: Quantity): Quantity {
  return q.roundUp(0).quantity;
}

/**
 * The volume attributes classes a claim refers to: the one it asks for, the current one and the
 * target of a modification in progress. Pure.
 */
export function claimAttributesClasses(pvc: PersistentVolumeClaim): Set<string> {
  const spec = pvc.spec as { volumeAttributesClassName?: string } | undefined;
  const status = pvc.status as
    | {
        currentVolumeAttributesClassName?: string;
        modifyVolumeStatus?: { targetVolumeAttributesClassName?: string };
      }
    | undefined;
  const names = new Set<string>();
  for (const n of [
    spec?.volumeAttributesClassName,
    status?.currentVolumeAttributesClassName,
    status?.modifyVolumeStatus?.targetVolumeAttributesClassName,
  ])
    if (n !== undefined && n !== '') names.add(n);
  return names;
}

function claimMatchesScope(req: ScopedResourceSelectorRequirement, pvc: PersistentVolumeClaim): boolean {
  if (req.scopeName !== 'VolumeAttributesClass') return false;
  const names = claimAttributesClasses(pvc);
  if (req.operator === 'Exists') return names.size > 0;
  const sel = labelSelector(req);
  if (names.size === 0) return sel.matches({});
  for (const n of names) if (sel.matches({ VolumeAttributesClass: n })) return true;
  return false;
}

/**
 * Persistent volume claims: counts and storage, overall and per storage class; the
 * VolumeAttributesClass scope.
 */
export const persistentVolumeClaimEvaluator: Evaluator = {
  resource: PERSISTENT_VOLUME_CLAIMS,
  matchingResources(input) {
    const out: string[] = [];
    for (const n of input) {
      if (n === PVC_COUNT || PVC_RESOURCES.includes(n)) out.push(n);
      else if (PVC_RESOURCES.some((r) => n.endsWith(`${STORAGE_CLASS_SUFFIX}${r}`))) out.push(n);
    }
    return out;
  },
  matchesScope: (req, obj) => claimMatchesScope(req, obj as PersistentVolumeClaim),
  usage(obj) {
    const pvc = obj as PersistentVolumeClaim;
    const result = new Map<string, Quantity>([
      ['persistentvolumeclaims', ONE()],
      [PVC_COUNT, ONE()],
    ]);
    const cls = claimClass(pvc);
    if (cls !== '') result.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, ONE());
    let storage = quantities(pvc.spec?.resources?.requests).get('storage');
    if (storage !== undefined) {
      storage = wholeBytes(storage);
      // A claim whose expansion was allocated beyond its request is charged the allocation.
      const allocated = quantities(pvc.status?.allocatedResources).get('storage');
      if (allocated !== undefined && allocated.cmp(storage) > 0) storage = wholeBytes(allocated);
      result.set('requests.storage', storage);
      if (cls !== '') result.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
    }
    return result;
  },
  fingerprint(obj) {
    const pvc = obj as PersistentVolumeClaim;
    return JSON.stringify([
      claimClass(pvc),
      pvc.spec?.resources?.requests?.['storage'],
      pvc.status?.allocatedResources?.['storage'],
      [...claimAttributesClasses(pvc)].sort(),
    ]);
  },
};

/** The evaluators every quota controller has: pods, services, claims and the aliased counts. */
export function builtinEvaluators(): Evaluator[] {
  return [
    podEvaluator,
    serviceEvaluator,
    persistentVolumeClaimEvaluator,
    objectCountEvaluator(CONFIG_MAPS, 'configmaps'),
    objectCountEvaluator(RESOURCE_QUOTAS, 'resourcequotas'),
    objectCountEvaluator(REPLICATION_CONTROLLERS, 'replicationcontrollers'),
    objectCountEvaluator(SECRETS, 'secrets'),
  ];
}
