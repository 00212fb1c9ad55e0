/**
 * Which printer serves which resource. Resources missing here get the default table, as their
 * upstream stores register the default table convertor (limitranges, roles, clusterroles,
 * csistoragecapacities, customresourcedefinitions, ...).
 */
import {
  admissionPolicyBindingPrinter,
  flowSchemaPrinter,
  mutatingAdmissionPolicyPrinter,
  priorityLevelConfigurationPrinter,
  validatingAdmissionPolicyPrinter,
  webhookConfigurationPrinter,
} from './admission-flowcontrol.js';
import {
  horizontalPodAutoscalerPrinter,
  podDisruptionBudgetPrinter,
  scalePrinter,
} from './autoscaling-policy.js';
import { cronJobPrinter, jobPrinter } from './batch.js';
import {
  apiServicePrinter,
  certificateSigningRequestPrinter,
  leasePrinter,
  priorityClassPrinter,
  runtimeClassPrinter,
} from './cluster.js';
import {
  componentStatusPrinter,
  configMapPrinter,
  namespacePrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core-misc.js';
import { eventPrinter, eventsV1Printer } from './events.js';
import {
  endpointSlicePrinter,
  endpointsPrinter,
  ingressClassPrinter,
  ingressPrinter,
  ipAddressPrinter,
  networkPolicyPrinter,
  serviceCIDRPrinter,
  servicePrinter,
} from './networking.js';
import { nodePrinter } from './node.js';
import { podPrinter } from './pod.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';
import {
  csiDriverPrinter,
  csiNodePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
  volumeAttachmentPrinter,
  volumeAttributesClassPrinter,
} from './storage.js';
import type { Printer } from './types.js';
import {
  controllerRevisionPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  podTemplatePrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workloads.js';

const BY_GROUP: Readonly<Record<string, Readonly<Record<string, Printer>>>> = {
  '': {
    pods: podPrinter,
    podtemplates: podTemplatePrinter,
    replicationcontrollers: replicationControllerPrinter,
    services: servicePrinter,
    endpoints: endpointsPrinter,
    nodes: nodePrinter,
    events: eventPrinter,
    namespaces: namespacePrinter,
    secrets: secretPrinter,
    serviceaccounts: serviceAccountPrinter,
    persistentvolumes: persistentVolumePrinter,
    persistentvolumeclaims: persistentVolumeClaimPrinter,
    componentstatuses: componentStatusPrinter,
    configmaps: configMapPrinter,
    resourcequotas: resourceQuotaPrinter,
  },
  apps: {
    deployments: deploymentPrinter,
    replicasets: replicaSetPrinter,
    statefulsets: statefulSetPrinter,
    daemonsets: daemonSetPrinter,
    controllerrevisions: controllerRevisionPrinter,
  },
  batch: { jobs: jobPrinter, cronjobs: cronJobPrinter },
  autoscaling: { horizontalpodautoscalers: horizontalPodAutoscalerPrinter },
  policy: { poddisruptionbudgets: podDisruptionBudgetPrinter },
  'networking.k8s.io': {
    ingresses: ingressPrinter,
    ingressclasses: ingressClassPrinter,
    networkpolicies: networkPolicyPrinter,
    servicecidrs: serviceCIDRPrinter,
    ipaddresses: ipAddressPrinter,
  },
  'discovery.k8s.io': { endpointslices: endpointSlicePrinter },
  'events.k8s.io': { events: eventsV1Printer },
  'rbac.authorization.k8s.io': {
    rolebindings: roleBindingPrinter,
    clusterrolebindings: clusterRoleBindingPrinter,
  },
  'certificates.k8s.io': { certificatesigningrequests: certificateSigningRequestPrinter },
  'coordination.k8s.io': { leases: leasePrinter },
  'storage.k8s.io': {
    storageclasses: storageClassPrinter,
    volumeattributesclasses: volumeAttributesClassPrinter,
    csidrivers: csiDriverPrinter,
    csinodes: csiNodePrinter,
    volumeattachments: volumeAttachmentPrinter,
  },
  'scheduling.k8s.io': { priorityclasses: priorityClassPrinter },
  'node.k8s.io': { runtimeclasses: runtimeClassPrinter },
  'admissionregistration.k8s.io': {
    mutatingwebhookconfigurations: webhookConfigurationPrinter,
    validatingwebhookconfigurations: webhookConfigurationPrinter,
    validatingadmissionpolicies: validatingAdmissionPolicyPrinter,
    validatingadmissionpolicybindings: admissionPolicyBindingPrinter,
    mutatingadmissionpolicies: mutatingAdmissionPolicyPrinter,
    mutatingadmissionpolicybindings: admissionPolicyBindingPrinter,
  },
  'flowcontrol.apiserver.k8s.io': {
    flowschemas: flowSchemaPrinter,
    prioritylevelconfigurations: priorityLevelConfigurationPrinter,
  },
  'apiregistration.k8s.io': { apiservices: apiServicePrinter },
};

/**
 * The printer of a resource, or undefined when it gets the default table. Pure. Every `scale`
 * subresource prints Scale objects; other subresources print what their parent resource does.
 */
export function printerFor(group: string, resource: string, subresource?: string): Printer | undefined {
  if (subresource === 'scale') return scalePrinter;
  const byResource = Object.hasOwn(BY_GROUP, group) ? BY_GROUP[group] : undefined;
  return byResource !== undefined && Object.hasOwn(byResource, resource) ? byResource[resource] : undefined;
}
