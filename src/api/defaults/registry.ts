/** The table of defaulters: which apiVersion/kind pairs have defaults and the function for each. */
import {
  defaultAdmissionPolicy,
  defaultAdmissionPolicyBinding,
  defaultMutatingWebhookConfiguration,
  defaultValidatingWebhookConfiguration,
} from './admissionregistration.js';
import { defaultCustomResourceDefinition } from './apiextensions.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultStatefulSet } from './apps.js';
import { defaultHorizontalPodAutoscalerV1, defaultHorizontalPodAutoscalerV2 } from './autoscaling.js';
import { defaultCronJob, defaultJob } from './batch.js';
import {
  defaultApiService,
  defaultEndpointSlice,
  defaultFlowSchema,
  defaultPriorityClass,
  defaultPriorityLevelConfiguration,
  defaultRuntimeClass,
} from './cluster.js';
import {
  defaultEndpoints,
  defaultLimitRange,
  defaultNamespace,
  defaultNode,
  defaultPersistentVolume,
  defaultPodTemplateObject,
  defaultReplicationController,
  defaultResourceQuota,
  defaultSecret,
} from './core.js';
import type { JsonObject } from './json.js';
import { defaultIngressClass, defaultNetworkPolicy } from './networking.js';
import { defaultPod } from './pod.js';
import { defaultResourceClaim, defaultResourceClaimTemplate, defaultResourceSlice } from './resource.js';
import { defaultRoleBinding } from './rbac.js';
import { defaultService } from './service.js';
import { defaultCsiDriver, defaultStorageClass, defaultVolumeAttachment } from './storage.js';
import { defaultPersistentVolumeClaim } from './volume-sources.js';

/** A defaulting function: mutates the object in place, idempotent, never throws. */
export type Defaulter = (obj: JsonObject) => void;

/**
 * Every served apiVersion and kind that has defaults. Served kinds missing here (ConfigMap,
 * ServiceAccount, Event, Lease, PodDisruptionBudget, Ingress, Role, ...) have none upstream either.
 */
export const DEFAULTERS: ReadonlyMap<string, Defaulter> = new Map<string, Defaulter>([
  ['v1/Pod', defaultPod],
  ['v1/PodTemplate', defaultPodTemplateObject],
  ['v1/ReplicationController', defaultReplicationController],
  ['v1/Service', defaultService],
  ['v1/Endpoints', defaultEndpoints],
  ['v1/Namespace', defaultNamespace],
  ['v1/Node', defaultNode],
  ['v1/PersistentVolume', defaultPersistentVolume],
  ['v1/PersistentVolumeClaim', defaultPersistentVolumeClaim],
  ['v1/Secret', defaultSecret],
  ['v1/LimitRange', defaultLimitRange],
  ['v1/ResourceQuota', defaultResourceQuota],
  ['apps/v1/Deployment', defaultDeployment],
  ['apps/v1/ReplicaSet', defaultReplicaSet],
  ['apps/v1/StatefulSet', defaultStatefulSet],
  ['apps/v1/DaemonSet', defaultDaemonSet],
  ['batch/v1/Job', defaultJob],
  ['batch/v1/CronJob', defaultCronJob],
  ['autoscaling/v1/HorizontalPodAutoscaler', defaultHorizontalPodAutoscalerV1],
  ['autoscaling/v2/HorizontalPodAutoscaler', defaultHorizontalPodAutoscalerV2],
  ['networking.k8s.io/v1/NetworkPolicy', defaultNetworkPolicy],
  ['networking.k8s.io/v1/IngressClass', defaultIngressClass],
  ['rbac.authorization.k8s.io/v1/RoleBinding', defaultRoleBinding],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', defaultRoleBinding],
  ['storage.k8s.io/v1/StorageClass', defaultStorageClass],
  ['storage.k8s.io/v1/CSIDriver', defaultCsiDriver],
  ['storage.k8s.io/v1/VolumeAttachment', defaultVolumeAttachment],
  ['scheduling.k8s.io/v1/PriorityClass', defaultPriorityClass],
  ['admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration', defaultValidatingWebhookConfiguration],
  ['admissionregistration.k8s.io/v1/MutatingWebhookConfiguration', defaultMutatingWebhookConfiguration],
  ['admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy', defaultAdmissionPolicy],
  ['admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding', defaultAdmissionPolicyBinding],
  ['admissionregistration.k8s.io/v1/MutatingAdmissionPolicy', defaultAdmissionPolicy],
  ['admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding', defaultAdmissionPolicyBinding],
  ['apiextensions.k8s.io/v1/CustomResourceDefinition', defaultCustomResourceDefinition],
  ['apiregistration.k8s.io/v1/APIService', defaultApiService],
  ['flowcontrol.apiserver.k8s.io/v1/FlowSchema', defaultFlowSchema],
  ['flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration', defaultPriorityLevelConfiguration],
  ['discovery.k8s.io/v1/EndpointSlice', defaultEndpointSlice],
  ['node.k8s.io/v1/RuntimeClass', defaultRuntimeClass],
  ['resource.k8s.io/v1/ResourceClaim', defaultResourceClaim],
  ['resource.k8s.io/v1/ResourceClaimTemplate', defaultResourceClaimTemplate],
  ['resource.k8s.io/v1/ResourceSlice', (obj) => defaultResourceSlice(obj)],
]);
