// Typed descriptors of the built-in resources clients use: `client.resource(PODS)` is a
// ResourceClient<Pod>.
import type {
  ControllerRevision,
  DaemonSet,
  Deployment,
  ReplicaSet,
  StatefulSet,
} from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type {
  ConfigMap,
  Endpoints,
  Event,
  LimitRange,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicationController,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Event as EventV1 } from 'kubernetes-types/events/v1.js';
import type { RuntimeClass } from 'kubernetes-types/node/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1.js';
import type { KubeObject, Resource } from './types.js';

/** Builds a typed resource descriptor. */
export function resourceOf<T extends KubeObject>(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
): Resource<T> {
  return { group, version, resource, kind, namespaced };
}

/** `group/version`, or `version` for the core group (an apiVersion). */
export function apiVersionOf(r: Resource): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

export const PODS = resourceOf<Pod>('', 'v1', 'pods', 'Pod', true);
export const NODES = resourceOf<Node>('', 'v1', 'nodes', 'Node', false);
export const NAMESPACES = resourceOf<Namespace>('', 'v1', 'namespaces', 'Namespace', false);
export const SERVICES = resourceOf<Service>('', 'v1', 'services', 'Service', true);
export const ENDPOINTS = resourceOf<Endpoints>('', 'v1', 'endpoints', 'Endpoints', true);
export const CONFIG_MAPS = resourceOf<ConfigMap>('', 'v1', 'configmaps', 'ConfigMap', true);
export const SECRETS = resourceOf<Secret>('', 'v1', 'secrets', 'Secret', true);
export const SERVICE_ACCOUNTS = resourceOf<ServiceAccount>(
  '',
  'v1',
  'serviceaccounts',
  'ServiceAccount',
  true,
);
export const EVENTS = resourceOf<Event>('', 'v1', 'events', 'Event', true);
export const REPLICATION_CONTROLLERS = resourceOf<ReplicationController>(
  '',
  'v1',
  'replicationcontrollers',
  'ReplicationController',
  true,
);
export const PERSISTENT_VOLUMES = resourceOf<PersistentVolume>(
  '',
  'v1',
  'persistentvolumes',
  'PersistentVolume',
  false,
);
export const PERSISTENT_VOLUME_CLAIMS = resourceOf<PersistentVolumeClaim>(
  '',
  'v1',
  'persistentvolumeclaims',
  'PersistentVolumeClaim',
  true,
);
export const RESOURCE_QUOTAS = resourceOf<ResourceQuota>('', 'v1', 'resourcequotas', 'ResourceQuota', true);
export const LIMIT_RANGES = resourceOf<LimitRange>('', 'v1', 'limitranges', 'LimitRange', true);
export const DEPLOYMENTS = resourceOf<Deployment>('apps', 'v1', 'deployments', 'Deployment', true);
export const REPLICA_SETS = resourceOf<ReplicaSet>('apps', 'v1', 'replicasets', 'ReplicaSet', true);
export const STATEFUL_SETS = resourceOf<StatefulSet>('apps', 'v1', 'statefulsets', 'StatefulSet', true);
export const DAEMON_SETS = resourceOf<DaemonSet>('apps', 'v1', 'daemonsets', 'DaemonSet', true);
export const CONTROLLER_REVISIONS = resourceOf<ControllerRevision>(
  'apps',
  'v1',
  'controllerrevisions',
  'ControllerRevision',
  true,
);
export const JOBS = resourceOf<Job>('batch', 'v1', 'jobs', 'Job', true);
export const CRON_JOBS = resourceOf<CronJob>('batch', 'v1', 'cronjobs', 'CronJob', true);
export const LEASES = resourceOf<Lease>('coordination.k8s.io', 'v1', 'leases', 'Lease', true);
export const ENDPOINT_SLICES = resourceOf<EndpointSlice>(
  'discovery.k8s.io',
  'v1',
  'endpointslices',
  'EndpointSlice',
  true,
);
export const EVENTS_V1 = resourceOf<EventV1>('events.k8s.io', 'v1', 'events', 'Event', true);
export const POD_DISRUPTION_BUDGETS = resourceOf<PodDisruptionBudget>(
  'policy',
  'v1',
  'poddisruptionbudgets',
  'PodDisruptionBudget',
  true,
);
export const PRIORITY_CLASSES = resourceOf<PriorityClass>(
  'scheduling.k8s.io',
  'v1',
  'priorityclasses',
  'PriorityClass',
  false,
);
export const STORAGE_CLASSES = resourceOf<StorageClass>(
  'storage.k8s.io',
  'v1',
  'storageclasses',
  'StorageClass',
  false,
);
export const CSI_NODES = resourceOf<CSINode>('storage.k8s.io', 'v1', 'csinodes', 'CSINode', false);
export const HORIZONTAL_POD_AUTOSCALERS = resourceOf<HorizontalPodAutoscaler>(
  'autoscaling',
  'v2',
  'horizontalpodautoscalers',
  'HorizontalPodAutoscaler',
  true,
);
export const RUNTIME_CLASSES = resourceOf<RuntimeClass>(
  'node.k8s.io',
  'v1',
  'runtimeclasses',
  'RuntimeClass',
  false,
);
export const CERTIFICATE_SIGNING_REQUESTS = resourceOf<CertificateSigningRequest>(
  'certificates.k8s.io',
  'v1',
  'certificatesigningrequests',
  'CertificateSigningRequest',
  false,
);
