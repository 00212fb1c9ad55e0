/**
 * Upstream validation of the core/v1 kinds other than Pod and PodTemplate: Service, Endpoints,
 * ConfigMap, Secret, Namespace, Node, PersistentVolume, PersistentVolumeClaim, ServiceAccount,
 * LimitRange, ResourceQuota, Event, ReplicationController, ComponentStatus and Binding.
 */
import { errorString, type FieldError } from '../../../apimachinery/field/index.js';
import type { JsonObject, KindValidation, KindValidations } from '../types.js';
import { validateConfigMap, validateConfigMapUpdate } from './config-map.js';
import { validateEndpoints, validateEndpointsUpdate } from './endpoints.js';
import { validateEvent, validateEventUpdate } from './event.js';
import { validateLimitRange, validateLimitRangeUpdate } from './limit-range.js';
import {
  validateNamespace,
  validateNamespaceFinalizeUpdate,
  validateNamespaceStatusUpdate,
  validateNamespaceUpdate,
} from './namespace.js';
import { validateNode, validateNodeUpdate } from './node.js';
import {
  validatePersistentVolume,
  validatePersistentVolumeStatusUpdate,
  validatePersistentVolumeUpdate,
} from './persistent-volume.js';
import { validatePersistentVolumeClaim } from './persistent-volume-claim.js';
import {
  validatePersistentVolumeClaimStatusUpdate,
  validatePersistentVolumeClaimUpdate,
} from './pvc-update.js';
import {
  replicationControllerWarnings,
  validateReplicationController,
  validateReplicationControllerStatusUpdate,
  validateReplicationControllerUpdate,
} from './replication-controller.js';
import {
  validateResourceQuota,
  validateResourceQuotaStatusUpdate,
  validateResourceQuotaUpdate,
} from './resource-quota.js';
import { validateSecret, validateSecretUpdate } from './secret.js';
import { validateService } from './service.js';
import { validateServiceStatusUpdate, validateServiceUpdate } from './service-update.js';
import { serviceWarnings, claimWarnings } from './warnings.js';
import { validateBinding, validateServiceAccount, validateServiceAccountUpdate } from './small-kinds.js';

export { validateCIDR, validateIP, validateNonSpecialIP, parseIPSloppy, parseCIDRSloppy } from './ip.js';
export { validateNamespaceFinalizeUpdate };

type Validator = (obj: JsonObject) => FieldError[];
type UpdateValidator = (obj: JsonObject, old: JsonObject) => FieldError[];

// Upstream's update strategies run the create rules on the new object and then the update rules;
// both may report the same problem, which is kept once here.
function onUpdate(create: Validator, update: UpdateValidator): UpdateValidator {
  return (obj, old) => {
    const seen = new Set<string>();
    return [...create(obj), ...update(obj, old)].filter((e) => {
      const key = `${e.type}\u0000${errorString(e)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
}

function kind(
  create: Validator,
  update: UpdateValidator,
  extra: Omit<KindValidation, 'validate' | 'validateUpdate'> = {},
): KindValidation {
  return { validate: create, validateUpdate: onUpdate(create, update), ...extra };
}

/**
 * Validations for the core/v1 kinds of this module, keyed `v1/<Kind>`. Every function is pure and
 * never throws; see each module for the upstream rules it reproduces.
 */
export const coreValidations: KindValidations = {
  'v1/Service': kind(validateService, validateServiceUpdate, {
    validateStatusUpdate: validateServiceStatusUpdate,
    warnings: serviceWarnings,
  }),
  'v1/Endpoints': kind(validateEndpoints, validateEndpointsUpdate),
  'v1/ConfigMap': kind(validateConfigMap, validateConfigMapUpdate),
  'v1/Secret': kind(validateSecret, validateSecretUpdate),
  'v1/Namespace': kind(validateNamespace, validateNamespaceUpdate, {
    validateStatusUpdate: validateNamespaceStatusUpdate,
  }),
  'v1/Node': kind(validateNode, validateNodeUpdate, { validateStatusUpdate: validateNodeUpdate }),
  'v1/PersistentVolume': kind(validatePersistentVolume, validatePersistentVolumeUpdate, {
    validateStatusUpdate: validatePersistentVolumeStatusUpdate,
  }),
  'v1/PersistentVolumeClaim': kind(validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate, {
    validateStatusUpdate: validatePersistentVolumeClaimStatusUpdate,
    warnings: claimWarnings,
  }),
  'v1/ServiceAccount': kind(validateServiceAccount, validateServiceAccountUpdate),
  'v1/LimitRange': kind(validateLimitRange, validateLimitRangeUpdate),
  'v1/ResourceQuota': kind(validateResourceQuota, validateResourceQuotaUpdate, {
    validateStatusUpdate: validateResourceQuotaStatusUpdate,
  }),
  'v1/Event': kind(validateEvent, validateEventUpdate),
  'v1/ReplicationController': kind(validateReplicationController, validateReplicationControllerUpdate, {
    validateStatusUpdate: validateReplicationControllerStatusUpdate,
    warnings: replicationControllerWarnings,
  }),
  // Read-only: the apiserver computes these on every read; nothing is ever written.
  'v1/ComponentStatus': kind(
    () => [],
    () => [],
  ),
  'v1/Binding': kind(validateBinding, (obj) => validateBinding(obj)),
};
