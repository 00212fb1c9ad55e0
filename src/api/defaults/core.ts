/** Defaults for core/v1 kinds other than Pod and Service. */
import type { JsonObject } from './json.js';
import {
  child,
  clone,
  defaultPtr,
  defaultString,
  eachObject,
  ensure,
  isEmpty,
  isObject,
  own,
  setOwn,
} from './json.js';
import { defaultPodTemplateSpec } from './pod.js';
import { roundResourceList } from './resource-list.js';
import { defaultPersistentVolumeSources } from './volume-sources.js';

/** Label every named namespace carries, holding its own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * ReplicationController: selector and object labels from the template labels when unset, replicas 1.
 * Mutates; idempotent.
 */
export function defaultReplicationController(rc: JsonObject): void {
  const spec = ensure(rc, 'spec');
  if (!spec) return;
  const template = child(spec, 'template');
  const templateMeta = template && child(template, 'metadata');
  const labels = templateMeta && child(templateMeta, 'labels');
  // An empty label map is omitted on the wire, so copying it would change nothing visible.
  if (labels && Object.keys(labels).length > 0) {
    if (isEmpty(own(spec, 'selector'))) spec['selector'] = clone(labels);
    const metadata = ensure(rc, 'metadata');
    if (metadata && isEmpty(own(metadata, 'labels'))) metadata['labels'] = clone(labels);
  }
  defaultPtr(spec, 'replicas', 1);
  if (template) defaultPodTemplateSpec(template);
}

/** Namespace: the `kubernetes.io/metadata.name` label and status.phase `Active`. Mutates; idempotent. */
export function defaultNamespace(ns: JsonObject): void {
  const metadata = child(ns, 'metadata');
  const name = metadata && own(metadata, 'name');
  // Nameless (generateName) namespaces get the label once the name is known, in the registry.
  if (metadata && typeof name === 'string' && name !== '') {
    const labels = ensure(metadata, 'labels');
    if (labels) labels[NAMESPACE_NAME_LABEL] = name;
  }
  const status = ensure(ns, 'status');
  if (status) defaultString(status, 'phase', 'Active');
}

/** Node: status.allocatable copied from status.capacity when unset; both rounded. Mutates; idempotent. */
export function defaultNode(node: JsonObject): void {
  const status = child(node, 'status');
  if (!status) return;
  const capacity = child(status, 'capacity');
  const allocatable = own(status, 'allocatable');
  if (capacity && (allocatable === undefined || allocatable === null) && Object.keys(capacity).length > 0) {
    status['allocatable'] = clone(capacity);
  }
  roundResourceList(status, 'capacity');
  roundResourceList(status, 'allocatable');
}

/** ResourceQuota: hard and used amounts rounded up to milli precision. Mutates; idempotent. */
export function defaultResourceQuota(quota: JsonObject): void {
  roundResourceList(child(quota, 'spec'), 'hard');
  const status = child(quota, 'status');
  roundResourceList(status, 'hard');
  roundResourceList(status, 'used');
}

/**
 * PersistentVolume: status.phase `Pending`, reclaim policy `Retain`, volumeMode `Filesystem` and
 * the volume sources' defaults. Mutates; idempotent.
 */
export function defaultPersistentVolume(pv: JsonObject): void {
  const status = ensure(pv, 'status');
  if (status) defaultString(status, 'phase', 'Pending');
  const spec = ensure(pv, 'spec');
  if (!spec) return;
  defaultString(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  defaultPtr(spec, 'volumeMode', 'Filesystem');
  defaultPersistentVolumeSources(spec);
}

/**
 * Secret: type `Opaque`; and, as upstream's conversion to the internal type does, `stringData`
 * merged into `data` (base64 of the UTF-8 text, replacing an entry of the same key) and dropped,
 * so it is never stored nor returned. A `stringData` or `data` of the wrong shape is left for
 * validation to report. Mutates; idempotent.
 */
export function defaultSecret(secret: JsonObject): void {
  defaultString(secret, 'type', 'Opaque');
  const text = own(secret, 'stringData');
  if (text === undefined || text === null) {
    delete secret['stringData'];
    return;
  }
  const data = own(secret, 'data') ?? {};
  if (!isObject(text) || !isObject(data)) return;
  const entries = Object.entries(text);
  if (!entries.every(([, v]) => typeof v === 'string')) return;
  const merged: JsonObject = { ...data };
  for (const [k, v] of entries) setOwn(merged, k, Buffer.from(v as string, 'utf8').toString('base64'));
  if (entries.length > 0 || own(secret, 'data') !== undefined) secret['data'] = merged;
  delete secret['stringData'];
}

/** Endpoints: every subset port's protocol `TCP`. Mutates; idempotent. */
export function defaultEndpoints(ep: JsonObject): void {
  eachObject(ep, 'subsets', (subset) => {
    eachObject(subset, 'ports', (port) => defaultString(port, 'protocol', 'TCP'));
  });
}

/** Copies into `to` each key of `from` that `to` lacks. Mutates `to`. */
function fillMissing(to: JsonObject, from: JsonObject | undefined): void {
  if (!from) return;
  for (const key of Object.keys(from)) {
    if (!Object.hasOwn(to, key)) setOwn(to, key, clone(from[key]));
  }
}

/**
 * LimitRange: for `Container` items, default limits from max, default requests from the default
 * limits and then from min. Mutates; idempotent.
 */
export function defaultLimitRange(lr: JsonObject): void {
  const spec = child(lr, 'spec');
  if (!spec) return;
  eachObject(spec, 'limits', (item) => {
    if (own(item, 'type') !== 'Container') return;
    const existingDefault = own(item, 'default');
    const existingRequest = own(item, 'defaultRequest');
    if (!(existingDefault == null || isObject(existingDefault))) return;
    if (!(existingRequest == null || isObject(existingRequest))) return;
    const limits: JsonObject = isObject(existingDefault) ? existingDefault : {};
    const requests: JsonObject = isObject(existingRequest) ? existingRequest : {};
    fillMissing(limits, child(item, 'max'));
    fillMissing(requests, limits);
    fillMissing(requests, child(item, 'min'));
    // Empty maps are omitted on the wire, so only materialise them when they hold something.
    if (isObject(existingDefault) || Object.keys(limits).length > 0) item['default'] = limits;
    if (isObject(existingRequest) || Object.keys(requests).length > 0) item['defaultRequest'] = requests;
  });
  eachObject(spec, 'limits', (item) => {
    for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'])
      roundResourceList(item, key);
  });
}

/** PodTemplate: the template's pod spec defaults. Mutates; idempotent. */
export function defaultPodTemplateObject(obj: JsonObject): void {
  const template = ensure(obj, 'template');
  if (template) defaultPodTemplateSpec(template);
}
