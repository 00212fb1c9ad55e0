// Every controller kite runs, under upstream's names, and the manager that runs them.
import { cronJobController } from './cronjob/index.js';
import { daemonSetController } from './daemonset/index.js';
import { deploymentController } from './deployment/index.js';
import { disruptionController } from './disruption/index.js';
import { endpointsController } from './endpoints/index.js';
import { endpointSliceController } from './endpointslice/index.js';
import { endpointSliceMirroringController } from './endpointslicemirroring/index.js';
import { garbageCollectorController } from './garbagecollector/index.js';
import { jobController } from './job/index.js';
import type { KnownController } from './manager/index.js';
import { namespaceController } from './namespace/index.js';
import { nodeIPAMController } from './nodeipam/index.js';
import { nodeLifecycleController } from './nodelifecycle/index.js';
import { persistentVolumeBinderController } from './persistentvolume/index.js';
import { podGCController } from './podgc/index.js';
import { pvcProtectionController } from './pvcprotection/index.js';
import { pvProtectionController } from './pvprotection/index.js';
import { replicaSetController, replicationControllerController } from './replicaset/index.js';
import { resourceQuotaController } from './resourcequota/index.js';
import { rootCACertPublisherController } from './rootcacertpublisher/index.js';
import { serviceAccountController } from './serviceaccount/index.js';
import { statefulSetController } from './statefulset/index.js';
import { taintEvictionController } from './tainteviction/index.js';
import { ttlAfterFinishedController } from './ttlafterfinished/index.js';

export {
  type ControllerContext,
  type ControllerDescriptor,
  type ControllerManagerOptions,
  DEFAULT_CONTROLLER_MANAGER_OPTIONS,
} from './context.js';
export {
  type ControllerManagerConfig,
  type KnownController,
  LEADER_ELECTION_DEFAULTS,
  type RunningControllerManager,
  selectControllers,
  startControllerManager,
} from './manager/index.js';

/** The controllers of kube-controller-manager kite has, under upstream's names and aliases. */
export const KNOWN_CONTROLLERS: readonly KnownController[] = [
  {
    name: 'serviceaccount-controller',
    aliases: ['serviceaccount'],
    descriptor: serviceAccountController,
    enabledByDefault: true,
  },
  {
    name: 'root-ca-certificate-publisher-controller',
    aliases: ['root-ca-cert-publisher'],
    descriptor: rootCACertPublisherController,
    enabledByDefault: true,
  },
  {
    name: 'namespace-controller',
    aliases: ['namespace'],
    descriptor: namespaceController,
    enabledByDefault: true,
  },
  {
    name: 'garbage-collector-controller',
    aliases: ['garbagecollector'],
    descriptor: garbageCollectorController,
    enabledByDefault: true,
  },
  {
    name: 'deployment-controller',
    aliases: ['deployment'],
    descriptor: deploymentController,
    enabledByDefault: true,
  },
  {
    name: 'replicaset-controller',
    aliases: ['replicaset'],
    descriptor: replicaSetController,
    enabledByDefault: true,
  },
  {
    name: 'replicationcontroller-controller',
    aliases: ['replicationcontroller'],
    descriptor: replicationControllerController,
    enabledByDefault: true,
  },
  {
    name: 'statefulset-controller',
    aliases: ['statefulset'],
    descriptor: statefulSetController,
    enabledByDefault: true,
  },
  {
    name: 'daemonset-controller',
    aliases: ['daemonset'],
    descriptor: daemonSetController,
    enabledByDefault: true,
  },
  { name: 'job-controller', aliases: ['job'], descriptor: jobController, enabledByDefault: true },
  { name: 'cronjob-controller', aliases: ['cronjob'], descriptor: cronJobController, enabledByDefault: true },
  {
    name: 'ttl-after-finished-controller',
    aliases: ['ttl-after-finished'],
    descriptor: ttlAfterFinishedController,
    enabledByDefault: true,
  },
  {
    name: 'pod-garbage-collector-controller',
    aliases: ['podgc'],
    descriptor: podGCController,
    enabledByDefault: true,
  },
  {
    name: 'endpoints-controller',
    aliases: ['endpoint'],
    descriptor: endpointsController,
    enabledByDefault: true,
  },
  {
    name: 'endpointslice-controller',
    aliases: ['endpointslice'],
    descriptor: endpointSliceController,
    enabledByDefault: true,
  },
  {
    name: 'endpointslice-mirroring-controller',
    aliases: ['endpointslicemirroring'],
    descriptor: endpointSliceMirroringController,
    enabledByDefault: true,
  },
  {
    name: 'resourcequota-controller',
    aliases: ['resourcequota'],
    descriptor: resourceQuotaController,
    enabledByDefault: true,
  },
  {
    name: 'disruption-controller',
    aliases: ['disruption'],
    descriptor: disruptionController,
    enabledByDefault: true,
  },
  {
    name: 'persistentvolume-binder-controller',
    aliases: ['persistentvolume-binder'],
    descriptor: persistentVolumeBinderController,
    enabledByDefault: true,
  },
  {
    name: 'persistentvolumeclaim-protection-controller',
    aliases: ['pvc-protection'],
    descriptor: pvcProtectionController,
    enabledByDefault: true,
  },
  {
    name: 'persistentvolume-protection-controller',
    aliases: ['pv-protection'],
    descriptor: pvProtectionController,
    enabledByDefault: true,
  },
  {
    name: 'node-ipam-controller',
    aliases: ['nodeipam'],
    descriptor: nodeIPAMController,
    enabledByDefault: true,
  },
  {
    name: 'node-lifecycle-controller',
    aliases: ['nodelifecycle'],
    descriptor: nodeLifecycleController,
    enabledByDefault: true,
  },
  {
    name: 'taint-eviction-controller',
    aliases: [],
    descriptor: taintEvictionController,
    enabledByDefault: true,
  },
];
