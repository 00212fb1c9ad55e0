import type { KindValidations } from '../types.js';
import {
  mutatingAdmissionPolicyBindingValidation,
  mutatingAdmissionPolicyValidation,
  validatingAdmissionPolicyBindingValidation,
  validatingAdmissionPolicyValidation,
} from './admission-policy.js';
import { apiServiceValidation } from './api-service.js';
import { certificateSigningRequestValidation } from './certificates.js';
import { customResourceDefinitionValidation } from './crd.js';
import { endpointSliceValidation } from './endpoint-slice.js';
import { eventValidation } from './event.js';
import { flowSchemaValidation, priorityLevelConfigurationValidation } from './flowcontrol.js';
import { ingressClassValidation, ingressValidation } from './ingress.js';
import { networkPolicyValidation } from './network-policy.js';
import { ipAddressValidation, serviceCIDRValidation } from './service-cidr.js';
import {
  clusterRoleBindingValidation,
  clusterRoleValidation,
  roleBindingValidation,
  roleValidation,
} from './rbac.js';
import {
  localSubjectAccessReviewValidation,
  selfSubjectAccessReviewValidation,
  selfSubjectReviewValidation,
  selfSubjectRulesReviewValidation,
  subjectAccessReviewValidation,
  tokenReviewValidation,
} from './reviews.js';
import { runtimeClassValidation } from './runtime-class.js';
import { leaseValidation, priorityClassValidation } from './scheduling.js';
import {
  csiDriverValidation,
  csiNodeValidation,
  csiStorageCapacityValidation,
  volumeAttachmentValidation,
} from './csi.js';
import { storageClassValidation, volumeAttributesClassValidation } from './storage-class.js';
import {
  mutatingWebhookConfigurationValidation,
  validatingWebhookConfigurationValidation,
} from './webhooks.js';

/**
 * Upstream validation of the cluster-level groups: networking, RBAC, storage, scheduling,
 * coordination, discovery, events, certificates, node, admission registration, API extensions,
 * API registration, flow control and the authentication/authorization review kinds. Keyed by
 * `apiVersion/Kind`. Every function is pure and never throws.
 */
export const clusterValidations: KindValidations = {
  'networking.k8s.io/v1/Ingress': ingressValidation,
  'networking.k8s.io/v1/IngressClass': ingressClassValidation,
  'networking.k8s.io/v1/NetworkPolicy': networkPolicyValidation,
  'networking.k8s.io/v1/IPAddress': ipAddressValidation,
  'networking.k8s.io/v1/ServiceCIDR': serviceCIDRValidation,
  'rbac.authorization.k8s.io/v1/Role': roleValidation,
  'rbac.authorization.k8s.io/v1/ClusterRole': clusterRoleValidation,
  'rbac.authorization.k8s.io/v1/RoleBinding': roleBindingValidation,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': clusterRoleBindingValidation,
  'storage.k8s.io/v1/StorageClass': storageClassValidation,
  'storage.k8s.io/v1/CSIDriver': csiDriverValidation,
  'storage.k8s.io/v1/CSINode': csiNodeValidation,
  'storage.k8s.io/v1/VolumeAttachment': volumeAttachmentValidation,
  'storage.k8s.io/v1/CSIStorageCapacity': csiStorageCapacityValidation,
  'storage.k8s.io/v1/VolumeAttributesClass': volumeAttributesClassValidation,
  'scheduling.k8s.io/v1/PriorityClass': priorityClassValidation,
  'coordination.k8s.io/v1/Lease': leaseValidation,
  'discovery.k8s.io/v1/EndpointSlice': endpointSliceValidation,
  'events.k8s.io/v1/Event': eventValidation,
  'certificates.k8s.io/v1/CertificateSigningRequest': certificateSigningRequestValidation,
  'node.k8s.io/v1/RuntimeClass': runtimeClassValidation,
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': validatingWebhookConfigurationValidation,
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': mutatingWebhookConfigurationValidation,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': validatingAdmissionPolicyValidation,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding':
    validatingAdmissionPolicyBindingValidation,
  'admissionregistration.k8s.io/v1/MutatingAdmissionPolicy': mutatingAdmissionPolicyValidation,
  'admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding': mutatingAdmissionPolicyBindingValidation,
  'apiextensions.k8s.io/v1/CustomResourceDefinition': customResourceDefinitionValidation,
  'apiregistration.k8s.io/v1/APIService': apiServiceValidation,
  'flowcontrol.apiserver.k8s.io/v1/FlowSchema': flowSchemaValidation,
  'flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration': priorityLevelConfigurationValidation,
  'authentication.k8s.io/v1/TokenReview': tokenReviewValidation,
  'authentication.k8s.io/v1/SelfSubjectReview': selfSubjectReviewValidation,
  'authorization.k8s.io/v1/SubjectAccessReview': subjectAccessReviewValidation,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': selfSubjectAccessReviewValidation,
  'authorization.k8s.io/v1/LocalSubjectAccessReview': localSubjectAccessReviewValidation,
  'authorization.k8s.io/v1/SelfSubjectRulesReview': selfSubjectRulesReviewValidation,
};

export {
  isValidCIDR,
  isValidCIDRForLegacyField,
  isValidIP,
  isValidIPForLegacyField,
  parseCIDRSloppy,
  parseIPSloppy,
} from '../../../apimachinery/validation/index.js';
