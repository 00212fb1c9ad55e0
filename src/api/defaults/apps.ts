/** Defaults for apps/v1: Deployment, ReplicaSet, StatefulSet, DaemonSet. */
import type { JsonObject } from './json.js';
import { child, defaultPtr, defaultString, eachObject, ensure, own } from './json.js';
import { defaultPodTemplateSpec } from './pod.js';
import { defaultPersistentVolumeClaim } from './volume-sources.js';

function defaultTemplate(spec: JsonObject): void {
  const template = ensure(spec, 'template');
  if (template) defaultPodTemplateSpec(template);
}

/**
 * Deployment: replicas 1, RollingUpdate with 25% max unavailable and surge, revision history 10,
 * progress deadline 600s, pod template defaults. Mutates; idempotent.
 */
export function defaultDeployment(obj: JsonObject): void {
  const spec = ensure(obj, 'spec');
  if (!spec) return;
  defaultPtr(spec, 'replicas', 1);
  const strategy = ensure(spec, 'strategy');
  if (strategy) {
    defaultString(strategy, 'type', 'RollingUpdate');
    if (own(strategy, 'type') === 'RollingUpdate') {
      const rollingUpdate = ensure(strategy, 'rollingUpdate');
      if (rollingUpdate) {
        defaultPtr(rollingUpdate, 'maxUnavailable', '25%');
        defaultPtr(rollingUpdate, 'maxSurge', '25%');
      }
    }
  }
  defaultPtr(spec, 'revisionHistoryLimit', 10);
  defaultPtr(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

/** ReplicaSet: replicas 1 and pod template defaults. Mutates; idempotent. */
export function defaultReplicaSet(obj: JsonObject): void {
  const spec = ensure(obj, 'spec');
  if (!spec) return;
  defaultPtr(spec, 'replicas', 1);
  defaultTemplate(spec);
}

/**
 * DaemonSet: RollingUpdate with max unavailable 1 and max surge 0, revision history 10, pod
 * template defaults. Mutates; idempotent.
 */
export function defaultDaemonSet(obj: JsonObject): void {
  const spec = ensure(obj, 'spec');
  if (!spec) return;
  const strategy = ensure(spec, 'updateStrategy');
  if (strategy) {
    defaultString(strategy, 'type', 'RollingUpdate');
    if (own(strategy, 'type') === 'RollingUpdate') {
      const rollingUpdate = ensure(strategy, 'rollingUpdate');
      if (rollingUpdate) {
        defaultPtr(rollingUpdate, 'maxUnavailable', 1);
        defaultPtr(rollingUpdate, 'maxSurge', 0);
      }
    }
  }
  defaultPtr(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

/**
 * StatefulSet: OrderedReady pod management, RollingUpdate with partition 0, Retain/Retain claim
 * retention, replicas 1, revision history 10, pod template and claim template defaults.
 * maxUnavailable is not defaulted: its feature is off by default in this API version.
 * Mutates; idempotent.
 */
export function defaultStatefulSet(obj: JsonObject): void {
  const spec = ensure(obj, 'spec');
  if (!spec) return;
  defaultString(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = ensure(spec, 'updateStrategy');
  if (strategy) {
    const type = own(strategy, 'type');
    if (type === undefined || type === null || type === '') {
      strategy['type'] = 'RollingUpdate';
      // Only an implied RollingUpdate gets a rollingUpdate block; an explicit one keeps nil.
      defaultPtr(strategy, 'rollingUpdate', {});
    }
    const rollingUpdate = child(strategy, 'rollingUpdate');
    if (own(strategy, 'type') === 'RollingUpdate' && rollingUpdate) defaultPtr(rollingUpdate, 'partition', 0);
  }
  const retention = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    defaultString(retention, 'whenDeleted', 'Retain');
    defaultString(retention, 'whenScaled', 'Retain');
  }
  defaultPtr(spec, 'replicas', 1);
  defaultPtr(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
  eachObject(spec, 'volumeClaimTemplates', defaultPersistentVolumeClaim);
}
