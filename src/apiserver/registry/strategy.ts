import type { ResourceInfo } from '../../api/index.js';
import { validationFor } from '../../api/validation/index.js';
import type { FieldError } from '../../apimachinery/field/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import {
  type NameFn,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../apimachinery/validation/index.js';
import { prepareDaemonSetForCreate, prepareDaemonSetForUpdate } from './daemonset-strategy.js';
import { metaOf, specFields } from './object-meta.js';
import { prepareJobForCreate } from './job-strategy.js';
import {
  namespaceFinalized,
  prepareNamespaceForCreate,
  prepareNamespaceForUpdate,
} from './namespace-strategy.js';
import { podGracePeriod, preparePodStatus } from './pod-strategy.js';
import type { JsonObject, Strategy } from './types.js';

// Resources whose update of a missing object creates it (upstream's AllowCreateOnUpdate true).
const CREATE_ON_UPDATE = new Set([
  '/events',
  'events.k8s.io/events',
  '/endpoints',
  '/limitranges',
  'coordination.k8s.io/leases',
  'rbac.authorization.k8s.io/roles',
  'rbac.authorization.k8s.io/rolebindings',
  'rbac.authorization.k8s.io/clusterroles',
  'rbac.authorization.k8s.io/clusterrolebindings',
]);

// Resources that refuse an update without resourceVersion (AllowUnconditionalUpdate false).
const CONDITIONAL_ONLY = new Set([
  'coordination.k8s.io/leases',
  'apiextensions.k8s.io/customresourcedefinitions',
  'apiregistration.k8s.io/apiservices',
]);

// Kinds whose metadata.generation follows changes outside metadata and status.
const GENERATION_KINDS = new Set([
  '/Pod',
  '/ReplicationController',
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'batch/Job',
  'batch/CronJob',
  'policy/PodDisruptionBudget',
  'discovery.k8s.io/EndpointSlice',
  'networking.k8s.io/NetworkPolicy',
  'networking.k8s.io/Ingress',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
]);

/** How long events live after their last write (kube-apiserver's `--event-ttl` default). */
export const EVENT_TTL_SECONDS = 3600;

// Upstream's ResetObjectMetaForStatus: a status write cannot touch these.
const STATUS_RESET_META = [
  'deletionTimestamp',
  'generation',
  'selfLink',
  'labels',
  'annotations',
  'finalizers',
  'ownerReferences',
];

// Upstream's Deployment status strategy resets only spec and labels: the deployment controller
// records the revision annotation through the status subresource.
const STATUS_KEEPS_META: Readonly<Record<string, readonly string[]>> = {
  'apps/Deployment': ['annotations'],
};

function nameFnFor(info: ResourceInfo): NameFn {
  return info.group === '' && info.plural === 'namespaces' ? nameIsDNSLabel : nameIsDNSSubdomain;
}

function hasStatusSubresource(info: ResourceInfo): boolean {
  return info.subresources.some((s) => s.name === 'status');
}

function copyField(to: JsonObject, from: JsonObject, field: string): void {
  if (from[field] === undefined) delete to[field];
  else to[field] = structuredClone(from[field]);
}

/**
 * The strategy of a catalogue resource: upstream's validation for its kind (or ObjectMeta
 * validation alone when kite has none), generation tracking, the resource's create-on-update
 * and unconditional-update policy, pod graceful deletion and the events TTL. When the resource
 * has a status subresource, updates of the main resource keep the stored status. Pure.
 */
export function strategyFor(info: ResourceInfo): Strategy {
  const gr = `${info.group}/${info.plural}`;
  const apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
  const kv = validationFor(apiVersion, info.kind);
  const nameFn = nameFnFor(info);
  const tracksGeneration = GENERATION_KINDS.has(`${info.group}/${info.kind}`);
  const keepStatus = hasStatusSubresource(info);
  const isEvent = info.kind === 'Event' && (info.group === '' || info.group === 'events.k8s.io');
  const strategy: Strategy = {
    namespaced: info.namespaced,
    tracksGeneration,
    allowCreateOnUpdate: CREATE_ON_UPDATE.has(gr),
    allowUnconditionalUpdate: !CONDITIONAL_ONLY.has(gr),
    garbageCollection: true,
    prepareForCreate(obj) {
      if (keepStatus) delete obj['status'];
      if (tracksGeneration) metaOf(obj)['generation'] = 1;
    },
    prepareForUpdate(obj, old) {
      if (keepStatus) copyField(obj, old, 'status');
      if (tracksGeneration && !deepEqual(specFields(obj), specFields(old))) {
        const g = metaOf(old)['generation'];
        metaOf(obj)['generation'] = (typeof g === 'number' ? g : 0) + 1;
      }
    },
    validate(obj): FieldError[] {
      return kv !== undefined
        ? kv.validate(obj)
        : validateObjectMeta(obj['metadata'], { namespaced: info.namespaced, nameFn });
    },
    validateUpdate(obj, old): FieldError[] {
      if (kv !== undefined) return kv.validateUpdate(obj, old);
      return [
        ...validateObjectMeta(obj['metadata'], { namespaced: info.namespaced, nameFn }),
        ...validateObjectMetaUpdate(obj['metadata'], old['metadata']),
      ];
    },
    warnings(obj, old) {
      return kv?.warnings?.(obj, old) ?? [];
    },
  };
  if (info.group === '' && info.kind === 'Pod') {
    strategy.gracePeriodSeconds = podGracePeriod;
    const base = strategy.prepareForCreate;
    strategy.prepareForCreate = (obj) => {
      base(obj);
      preparePodStatus(obj);
    };
  }
  if (info.group === '' && info.kind === 'Namespace') {
    const base = strategy.prepareForCreate;
    strategy.prepareForCreate = (obj) => {
      base(obj);
      prepareNamespaceForCreate(obj);
    };
    const baseUpdate = strategy.prepareForUpdate;
    strategy.prepareForUpdate = (obj, old) => {
      baseUpdate(obj, old);
      prepareNamespaceForUpdate(obj, old);
    };
    strategy.canDeleteDuringUpdate = namespaceFinalized;
  }
  if (info.group === 'batch' && info.kind === 'Job') {
    const base = strategy.prepareForCreate;
    strategy.prepareForCreate = (obj) => {
      base(obj);
      prepareJobForCreate(obj);
    };
  }
  if (info.group === 'apps' && info.kind === 'DaemonSet') {
    const base = strategy.prepareForCreate;
    strategy.prepareForCreate = (obj) => {
      base(obj);
      prepareDaemonSetForCreate(obj);
    };
    const baseUpdate = strategy.prepareForUpdate;
    strategy.prepareForUpdate = (obj, old) => {
      baseUpdate(obj, old);
      prepareDaemonSetForUpdate(obj, old);
    };
  }
  if (info.group === 'discovery.k8s.io' && info.kind === 'EndpointSlice') {
    // Upstream counts a change of labels as a new generation of a slice too.
    const baseUpdate = strategy.prepareForUpdate;
    strategy.prepareForUpdate = (obj, old) => {
      baseUpdate(obj, old);
      const labels = (o: JsonObject) => metaOf(o)['labels'] ?? {};
      if (metaOf(obj)['generation'] === metaOf(old)['generation'] && !deepEqual(labels(obj), labels(old))) {
        const g = metaOf(old)['generation'];
        metaOf(obj)['generation'] = (typeof g === 'number' ? g : 0) + 1;
      }
    };
  }
  if (isEvent) strategy.ttlSeconds = () => EVENT_TTL_SECONDS;
  return strategy;
}

/**
 * The strategy of the `status` subresource over `base`: an update keeps the stored spec (every
 * top-level field but metadata and status) and the metadata a status write may not change
 * (labels, annotations, finalizers, ownerReferences, generation, deletionTimestamp), then runs
 * the kind's status validation. Pure.
 */
export function statusStrategyFor(info: ResourceInfo, base: Strategy = strategyFor(info)): Strategy {
  const apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
  const kv = validationFor(apiVersion, info.kind);
  return {
    ...base,
    allowCreateOnUpdate: false,
    prepareForUpdate(obj, old) {
      for (const k of new Set([...Object.keys(obj), ...Object.keys(old)])) {
        if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') copyField(obj, old, k);
      }
      const m = metaOf(obj);
      const o = metaOf(structuredClone(old));
      const keep = STATUS_KEEPS_META[`${info.group}/${info.kind}`] ?? [];
      for (const f of STATUS_RESET_META) if (!keep.includes(f)) copyField(m, o, f);
    },
    validateUpdate(obj, old) {
      if (kv?.validateStatusUpdate !== undefined) return kv.validateStatusUpdate(obj, old);
      return validateObjectMetaUpdate(obj['metadata'], old['metadata']);
    },
  };
}
