/**
 * Defaults for core/v1 pod specs: the Pod kind itself and every pod template embedded in other
 * kinds (PodTemplate, ReplicationController, Deployment, Job, ...). Pod-only defaults (requests from
 * limits, enableServiceLinks, host ports under hostNetwork) are kept out of templates, as upstream
 * does, so that templates never change shape when the API server is upgraded.
 */
import { effectiveImageTag } from './image-reference.js';
import type { JsonObject } from './json.js';
import {
  child,
  clone,
  defaultNumber,
  defaultPtr,
  defaultString,
  eachObject,
  ensure,
  own,
  setOwn,
} from './json.js';
import { defaultPodLevelResources } from './pod-resources.js';
import { roundPodStatusResources, roundRequirements, roundResourceList } from './resource-list.js';
import {
  defaultAzureDisk,
  defaultFieldRef,
  defaultHostPath,
  defaultIscsi,
  defaultPersistentVolumeClaimSpec,
  defaultRbd,
  defaultScaleIo,
} from './volume-sources.js';

/** Pod volume source fields: a volume that sets none of them becomes an emptyDir. */
const VOLUME_SOURCE_KEYS = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'image',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
] as const;

/** File mode (0644) given to files projected from secrets, config maps and the downward API. */
const DEFAULT_VOLUME_FILE_MODE = 0o644;

/** The pull policy upstream picks for an image with no explicit policy. Pure. */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  return effectiveImageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHttpGet(handler: JsonObject): void {
  const httpGet = child(handler, 'httpGet');
  if (!httpGet) return;
  defaultString(httpGet, 'path', '/');
  defaultString(httpGet, 'scheme', 'HTTP');
}

function defaultProbe(probe: JsonObject): void {
  defaultNumber(probe, 'timeoutSeconds', 1);
  defaultNumber(probe, 'periodSeconds', 10);
  defaultNumber(probe, 'successThreshold', 1);
  defaultNumber(probe, 'failureThreshold', 3);
  defaultHttpGet(probe);
  const grpc = child(probe, 'grpc');
  if (grpc) defaultPtr(grpc, 'service', '');
}

/** Container, init container and ephemeral container defaults. Mutates `c`; idempotent. */
function defaultContainer(c: JsonObject): void {
  defaultString(c, 'imagePullPolicy', defaultPullPolicy(own(c, 'image')));
  defaultString(c, 'terminationMessagePath', '/dev/termination-log');
  defaultString(c, 'terminationMessagePolicy', 'File');
  // A non-pointer struct in Go: always served, `{}` when empty.
  if (own(c, 'resources') === undefined || own(c, 'resources') === null) c['resources'] = {};
  roundRequirements(child(c, 'resources'));
  eachObject(c, 'ports', (port) => defaultString(port, 'protocol', 'TCP'));
  eachObject(c, 'env', (env) => {
    const valueFrom = child(env, 'valueFrom');
    const fieldRef = valueFrom && child(valueFrom, 'fieldRef');
    if (fieldRef) defaultFieldRef(fieldRef);
    const fileKeyRef = valueFrom && child(valueFrom, 'fileKeyRef');
    if (fileKeyRef) defaultPtr(fileKeyRef, 'optional', false);
  });
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = child(c, key);
    if (probe) defaultProbe(probe);
  }
  const lifecycle = child(c, 'lifecycle');
  if (lifecycle) {
    for (const key of ['postStart', 'preStop']) {
      const handler = child(lifecycle, key);
      if (handler) defaultHttpGet(handler);
    }
  }
}

function defaultVolume(v: JsonObject): void {
  if (VOLUME_SOURCE_KEYS.every((k) => own(v, k) === undefined || own(v, k) === null)) v['emptyDir'] = {};
  const image = child(v, 'image');
  if (image) defaultString(image, 'pullPolicy', defaultPullPolicy(own(image, 'reference')));
  const hostPath = child(v, 'hostPath');
  if (hostPath) defaultHostPath(hostPath);
  const secret = child(v, 'secret');
  if (secret) defaultPtr(secret, 'defaultMode', DEFAULT_VOLUME_FILE_MODE);
  const iscsi = child(v, 'iscsi');
  if (iscsi) defaultIscsi(iscsi);
  const rbd = child(v, 'rbd');
  if (rbd) defaultRbd(rbd);
  const downwardAPI = child(v, 'downwardAPI');
  if (downwardAPI) {
    defaultPtr(downwardAPI, 'defaultMode', DEFAULT_VOLUME_FILE_MODE);
    defaultDownwardItems(downwardAPI);
  }
  const configMap = child(v, 'configMap');
  if (configMap) defaultPtr(configMap, 'defaultMode', DEFAULT_VOLUME_FILE_MODE);
  const azureDisk = child(v, 'azureDisk');
  if (azureDisk) defaultAzureDisk(azureDisk);
  const projected = child(v, 'projected');
  if (projected) {
    defaultPtr(projected, 'defaultMode', DEFAULT_VOLUME_FILE_MODE);
    eachObject(projected, 'sources', (source) => {
      const downward = child(source, 'downwardAPI');
      if (downward) defaultDownwardItems(downward);
      const token = child(source, 'serviceAccountToken');
      if (token) defaultPtr(token, 'expirationSeconds', 3600);
    });
  }
  const scaleIO = child(v, 'scaleIO');
  if (scaleIO) defaultScaleIo(scaleIO);
  const ephemeral = child(v, 'ephemeral');
  const claimTemplate = ephemeral && child(ephemeral, 'volumeClaimTemplate');
  if (claimTemplate) {
    const spec = ensure(claimTemplate, 'spec');
    if (spec) defaultPersistentVolumeClaimSpec(spec);
  }
}

function defaultDownwardItems(source: JsonObject): void {
  eachObject(source, 'items', (item) => {
    const fieldRef = child(item, 'fieldRef');
    if (fieldRef) defaultFieldRef(fieldRef);
  });
}

/**
 * Defaults a PodSpec wherever it appears (pods and templates): policies, scheduler, security
 * context, grace period, and every container, probe, port and volume. Mutates `spec`; idempotent.
 */
export function defaultPodSpec(spec: JsonObject): void {
  defaultString(spec, 'dnsPolicy', 'ClusterFirst');
  defaultString(spec, 'restartPolicy', 'Always');
  defaultPtr(spec, 'securityContext', {});
  defaultPtr(spec, 'terminationGracePeriodSeconds', 30);
  defaultString(spec, 'schedulerName', 'default-scheduler');
  eachObject(spec, 'volumes', defaultVolume);
  eachObject(spec, 'initContainers', defaultContainer);
  eachObject(spec, 'containers', defaultContainer);
  eachObject(spec, 'ephemeralContainers', defaultContainer);
  roundResourceList(spec, 'overhead');
  roundRequirements(child(spec, 'resources'));
}

/**
 * Defaults a PodTemplateSpec (`{metadata, spec}`), creating `spec` when absent as upstream's
 * by-value struct would exist. Mutates `template`; idempotent.
 */
export function defaultPodTemplateSpec(template: JsonObject): void {
  const spec = ensure(template, 'spec');
  if (spec) defaultPodSpec(spec);
}

/** Copies each limit that has no request into requests (Pods only, never templates). */
function defaultRequestsFromLimits(container: JsonObject): void {
  const resources = child(container, 'resources');
  const limits = resources && child(resources, 'limits');
  if (!resources || !limits) return;
  const keys = Object.keys(limits);
  if (keys.length === 0) return;
  const requests = ensure(resources, 'requests');
  if (!requests) return;
  for (const key of keys) {
    if (!Object.hasOwn(requests, key)) setOwn(requests, key, clone(limits[key]));
  }
}

/** With host networking every container port is also a host port. */
function defaultHostNetworkPorts(container: JsonObject): void {
  eachObject(container, 'ports', (port) => {
    const hostPort = own(port, 'hostPort');
    const containerPort = own(port, 'containerPort');
    if (
      (hostPort === undefined || hostPort === null || hostPort === 0) &&
      typeof containerPort === 'number'
    ) {
      // A zero container port would default to a zero host port, which Go omits: nothing to write.
      if (containerPort !== 0) port['hostPort'] = containerPort;
    }
  });
}

/** Defaults a core/v1 Pod. Mutates `pod`; idempotent; never throws. */
export function defaultPod(pod: JsonObject): void {
  const spec = ensure(pod, 'spec');
  if (!spec) return;
  eachObject(spec, 'containers', defaultRequestsFromLimits);
  eachObject(spec, 'initContainers', defaultRequestsFromLimits);
  // Pod-level totals are taken after the containers' own requests are filled in.
  defaultPodLevelResources(spec);
  defaultPtr(spec, 'enableServiceLinks', true);
  if (own(spec, 'hostNetwork') === true) {
    eachObject(spec, 'containers', defaultHostNetworkPorts);
    eachObject(spec, 'initContainers', defaultHostNetworkPorts);
  }
  defaultPodSpec(spec);
  roundPodStatusResources(child(pod, 'status'));
}
