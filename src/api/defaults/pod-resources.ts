/**
 * Pod-level resource defaults (pod `spec.resources`), applied to Pods only and only when the pod
 * already states some pod-level resources: missing pod requests come from the containers' total
 * (or from the pod limits), missing pod limits from the containers' total when every container
 * is limited, and hugepage limits from the containers' hugepage limits.
 */
import type { Quantity } from '../../apimachinery/quantity/index.js';
import { QuantityError, quantityFromJSON } from '../../apimachinery/quantity/index.js';
import type { JsonObject } from './json.js';
import { child, clone, eachObject, isObject, own, setOwn } from './json.js';

type ListKind = 'requests' | 'limits';
type Totals = Map<string, Quantity>;

const HUGEPAGES_PREFIX = 'hugepages-';

function isHugePages(name: string): boolean {
  return name.startsWith(HUGEPAGES_PREFIX);
}

/** Resources that can be stated at pod level. */
function isPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || isHugePages(name);
}

/** Pod-level resources other than hugepages may be overcommitted (requests below limits). */
function isOvercommittable(name: string): boolean {
  return isPodLevelResource(name) && !isHugePages(name);
}

/** A container's resource list as quantities; entries that do not parse are left to validation. */
function containerList(container: JsonObject, kind: ListKind): Totals {
  const out: Totals = new Map();
  const resources = child(container, 'resources');
  const list = resources && child(resources, kind);
  if (!list) return out;
  for (const name of Object.keys(list)) {
    try {
      out.set(name, quantityFromJSON(list[name]));
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
    }
  }
  return out;
}

function addInto(total: Totals, more: Totals): void {
  for (const [name, q] of more) {
    const have = total.get(name);
    total.set(name, have === undefined ? q : have.add(q));
  }
}

function maxInto(total: Totals, other: Totals): void {
  for (const [name, q] of other) {
    const have = total.get(name);
    if (have === undefined || q.cmp(have) > 0) total.set(name, q);
  }
}

/**
 * What the containers need together: regular and sidecar containers add up; each ordinary init
 * container runs alone beside the sidecars started before it, so only the largest such moment counts.
 */
function aggregate(spec: JsonObject, kind: ListKind): Totals {
  const total: Totals = new Map();
  eachObject(spec, 'containers', (c) => addInto(total, containerList(c, kind)));
  const sidecars: Totals = new Map();
  const initPeak: Totals = new Map();
  eachObject(spec, 'initContainers', (c) => {
    const own_ = containerList(c, kind);
    let moment: Totals;
    if (own(c, 'restartPolicy') === 'Always') {
      addInto(total, own_);
      addInto(sidecars, own_);
      moment = sidecars;
    } else {
      moment = new Map();
      addInto(moment, own_);
      addInto(moment, sidecars);
    }
    maxInto(initPeak, moment);
  });
  maxInto(total, initPeak);
  return total;
}

function hasPodLevel(list: JsonObject | undefined): boolean {
  return list !== undefined && Object.keys(list).some(isPodLevelResource);
}

function allContainersLimit(spec: JsonObject, name: string): boolean {
  let all = true;
  for (const key of ['initContainers', 'containers']) {
    eachObject(spec, key, (c) => {
      const resources = child(c, 'resources');
      const limits = resources && child(resources, 'limits');
      if (!limits || !Object.hasOwn(limits, name)) all = false;
    });
  }
  return all;
}

/** Builds `list` (existing or new) with `fill`, and stores it only when it ends up non-empty. */
function withList(resources: JsonObject, kind: ListKind, fill: (list: JsonObject) => void): void {
  const existing = own(resources, kind);
  if (existing !== undefined && existing !== null && !isObject(existing)) return;
  const list: JsonObject = isObject(existing) ? existing : {};
  fill(list);
  if (Object.keys(list).length > 0) resources[kind] = list;
}

function defaultHugePageLimits(spec: JsonObject, resources: JsonObject): void {
  const podRequests = child(resources, 'requests');
  const podLimits = child(resources, 'limits');
  if (Object.keys(podLimits ?? {}).length === 0 && Object.keys(podRequests ?? {}).length === 0) return;
  const totals = aggregate(spec, 'limits');
  withList(resources, 'limits', (list) => {
    for (const [name, q] of totals) {
      // A pod that requests a hugepage size itself keeps its own say over that size's limit.
      if (!isHugePages(name) || (podRequests && Object.hasOwn(podRequests, name))) continue;
      if (!Object.hasOwn(list, name)) setOwn(list, name, q.toJSON());
    }
  });
}

function defaultPodRequests(spec: JsonObject, resources: JsonObject): void {
  const podLimits = child(resources, 'limits');
  if (!podLimits || Object.keys(podLimits).length === 0) return;
  const totals = aggregate(spec, 'requests');
  withList(resources, 'requests', (list) => {
    for (const [name, q] of totals) {
      if (!Object.hasOwn(list, name) && isOvercommittable(name)) setOwn(list, name, q.toJSON());
    }
    for (const name of Object.keys(podLimits)) {
      if (!Object.hasOwn(list, name) && isPodLevelResource(name)) setOwn(list, name, clone(podLimits[name]));
    }
  });
}

/** Returns true when it added pod limits. */
function defaultPodLimits(spec: JsonObject, resources: JsonObject): boolean {
  if (hasPodLevel(child(resources, 'limits')) || !hasPodLevel(child(resources, 'requests'))) return false;
  const totals = aggregate(spec, 'limits');
  let added = false;
  withList(resources, 'limits', (list) => {
    for (const [name, q] of totals) {
      if (Object.hasOwn(list, name) || !isOvercommittable(name) || !allContainersLimit(spec, name)) continue;
      setOwn(list, name, q.toJSON());
      added = true;
    }
  });
  return added;
}

/**
 * Applies the pod-level resource defaults to a Pod spec. Mutates `spec`; idempotent; a pod without
 * `spec.resources` is left alone.
 */
export function defaultPodLevelResources(spec: JsonObject): void {
  const resources = child(spec, 'resources');
  if (!resources) return;
  defaultHugePageLimits(spec, resources);
  defaultPodRequests(spec, resources);
  // Upstream defaults on every decode, so limits added here gain their requests on the next read;
  // running the earlier steps again gives that settled object at once, keeping defaulting idempotent.
  if (defaultPodLimits(spec, resources)) {
    defaultHugePageLimits(spec, resources);
    defaultPodRequests(spec, resources);
  }
}
