import { Quantity, tryParseQuantity } from '../../apimachinery/quantity/index.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { JsonObject } from '../registry/types.js';
import { containerResources, podResources } from './pod-resources.js';
import { RESOURCES } from './resources.js';
import type { AdmissionLookup, AdmissionPlugin } from './types.js';
import {
  admissionForbidden,
  aggregateMessages,
  ensureObject,
  isObject,
  isResource,
  metadataOf,
  objectAt,
  objectsAt,
  stringAt,
} from './util.js';

/** Upstream's plugin name. */
export const LIMIT_RANGER = 'LimitRanger';

/** The pod annotation that lists what the LimitRanger defaulted. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

// Upstream's resource.MaxMilliValue: the largest value whose milli-value fits int64.
const MAX_MILLI_VALUE = ((1n << 63n) - 1n) / 1000n;

type Resources = ReadonlyMap<string, Quantity>;

// The quantities of a LimitRange item's map (`min`, `max`, `default`...), invalid ones skipped.
function quantities(item: JsonObject, key: string): [string, Quantity][] {
  const out: [string, Quantity][] = [];
  for (const [k, v] of Object.entries(objectAt(item, key) ?? {})) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const q = tryParseQuantity(String(v));
    if (q.ok) out.push([k, q.quantity]);
  }
  return out;
}

// Upstream's requestLimitEnforcedValues: whole units, or thousandths when all three fit.
function common(
  req: Quantity | undefined,
  lim: Quantity | undefined,
  enforced: Quantity,
): [bigint, bigint, bigint] {
  const zero = Quantity.zero();
  const r = req ?? zero;
  const l = lim ?? zero;
  if (r.value() <= MAX_MILLI_VALUE && l.value() <= MAX_MILLI_VALUE && enforced.value() <= MAX_MILLI_VALUE) {
    return [r.milliValue(), l.milliValue(), enforced.milliValue()];
  }
  return [r.value(), l.value(), enforced.value()];
}

function minConstraint(type: string, name: string, enforced: Quantity, req: Resources, lim: Resources) {
  const r = req.get(name);
  const l = lim.get(name);
  const [rv, lv, ev] = common(r, l, enforced);
  if (r === undefined) return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (rv < ev) return `minimum ${name} usage per ${type} is ${enforced}, but request is ${r}`;
  if (l !== undefined && lv < ev)
    return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${l}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, req: Resources, lim: Resources) {
  const r = req.get(name);
  const l = lim.get(name);
  const [rv, lv, ev] = common(r, l, enforced);
  if (l === undefined) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (lv > ev) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${l}`;
  if (r !== undefined && rv > ev)
    return `maximum ${name} usage per ${type} is ${enforced}, but request is ${r}`;
  return undefined;
}

// For kinds without limits (claims): the maximum applies to the request.
function maxRequestConstraint(type: string, name: string, enforced: Quantity, req: Resources) {
  const r = req.get(name);
  const [rv, , ev] = common(r, undefined, enforced);
  if (r === undefined) return `maximum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (rv > ev) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${r}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, req: Resources, lim: Resources) {
  const [rv, lv] = common(req.get(name), lim.get(name), enforced);
  if (!req.has(name) || rv === 0n) {
    return `${name} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
  }
  if (!lim.has(name) || lv === 0n) {
    return `${name} max limit to request ratio per ${type} is ${enforced}, but no limit is specified or limit is 0`;
  }
  const shown = Number(lv) / Number(rv);
  let observed = shown;
  let max = Number(enforced.value());
  if (enforced.value() <= MAX_MILLI_VALUE) {
    observed = shown * 1000;
    max = Number(enforced.milliValue());
  }
  if (observed > max) {
    return `${name} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${shown.toFixed(6)}`;
  }
  return undefined;
}

// Every min/max/ratio violation of one item against one set of requests and limits.
function checkItem(item: JsonObject, type: string, req: Resources, lim: Resources, out: string[]): void {
  const push = (m: string | undefined) => {
    if (m !== undefined) out.push(m);
  };
  for (const [k, q] of quantities(item, 'min')) push(minConstraint(type, k, q, req, lim));
  for (const [k, q] of quantities(item, 'max')) push(maxConstraint(type, k, q, req, lim));
  for (const [k, q] of quantities(item, 'maxLimitRequestRatio')) push(ratioConstraint(type, k, q, req, lim));
}

/** Violations of one LimitRange by a pod, in upstream's order. Pure. */
export function podViolations(limitRange: JsonObject, pod: JsonObject): string[] {
  const spec = objectAt(pod, 'spec');
  const out: string[] = [];
  for (const item of objectsAt(objectAt(limitRange, 'spec'), 'limits')) {
    const type = stringAt(item, 'type');
    if (type === 'Container') {
      for (const list of ['containers', 'initContainers']) {
        for (const c of objectsAt(spec, list)) {
          checkItem(item, type, containerResources(c, 'requests'), containerResources(c, 'limits'), out);
        }
      }
    }
    if (type === 'Pod')
      checkItem(item, type, podResources(spec, 'requests'), podResources(spec, 'limits'), out);
  }
  return out;
}

/** Violations of one LimitRange by a PersistentVolumeClaim. Pure. */
export function claimViolations(limitRange: JsonObject, pvc: JsonObject): string[] {
  const requests = containerResources(objectAt(pvc, 'spec') ?? {}, 'requests');
  const out: string[] = [];
  for (const item of objectsAt(objectAt(limitRange, 'spec'), 'limits')) {
    const type = stringAt(item, 'type');
    if (type !== 'PersistentVolumeClaim') continue;
    for (const [k, q] of quantities(item, 'min')) {
      const m = minConstraint(type, k, q, requests, new Map());
      if (m !== undefined) out.push(m);
    }
    for (const [k, q] of quantities(item, 'max')) {
      const m = maxRequestConstraint(type, k, q, requests);
      if (m !== undefined) out.push(m);
    }
  }
  return out;
}

// Fills what a container lacks from the defaults; returns the annotation phrases (requests first).
function mergeContainer(
  c: JsonObject,
  defaults: JsonObject,
  defaultRequests: JsonObject,
  label: string,
): string[] {
  const resources = ensureObject(c, 'resources');
  const fill = (key: 'requests' | 'limits', from: JsonObject, word: string): string[] => {
    const set: string[] = [];
    const have = objectAt(resources, key) ?? {};
    for (const [k, v] of Object.entries(from)) {
      if (k in have) continue;
      have[k] = v;
      set.push(k);
    }
    if (Object.keys(have).length > 0) resources[key] = have;
    return set.length > 0 ? [`${set.sort().join(', ')} ${word} for ${label} ${stringAt(c, 'name')}`] : [];
  };
  const limits = fill('limits', defaults, 'limit');
  const requests = fill('requests', defaultRequests, 'request');
  return [...requests, ...limits];
}

/** Applies one LimitRange's Container defaults to a pod (upstream's PodMutateLimitFunc). Mutates `pod`. */
export function applyPodDefaults(limitRange: JsonObject, pod: JsonObject): void {
  const defaults: JsonObject = {};
  const defaultRequests: JsonObject = {};
  for (const item of objectsAt(objectAt(limitRange, 'spec'), 'limits')) {
    if (stringAt(item, 'type') !== 'Container') continue;
    Object.assign(defaultRequests, objectAt(item, 'defaultRequest') ?? {});
    Object.assign(defaults, objectAt(item, 'default') ?? {});
  }
  const spec = objectAt(pod, 'spec');
  const notes: string[] = [];
  for (const [list, label] of [
    ['containers', 'container'],
    ['initContainers', 'init container'],
  ] as const) {
    for (const c of objectsAt(spec, list)) notes.push(...mergeContainer(c, defaults, defaultRequests, label));
  }
  if (notes.length === 0) return;
  const annotations = ensureObject(ensureObject(pod, 'metadata'), 'annotations');
  annotations[LIMIT_RANGER_ANNOTATION] = `LimitRanger plugin set: ${notes.join('; ')}`;
}

/**
 * LimitRanger: applies the LimitRanges of the namespace. Admission fills containers' missing
 * requests and limits from the Container items' defaultRequest/default (recording what it set
 * in the `kubernetes.io/limit-ranger` annotation); validation checks min, max and
 * maxLimitRequestRatio for Containers, Pods and PersistentVolumeClaims, answering 403 with
 * upstream's messages. Pods are handled on create and on updates of their `resize`
 * subresource; objects being deleted are skipped.
 * Lists the namespace's LimitRanges on every request it handles.
 */
export function limitRanger(lookup: AdmissionLookup): AdmissionPlugin {
  function supports(a: AdmissionAttributes): boolean {
    if (!isObject(a.object) || (a.operation !== 'CREATE' && a.operation !== 'UPDATE')) return false;
    if (typeof metadataOf(a.oldObject)?.['deletionTimestamp'] === 'string') return false;
    const pod = isResource(a, '', 'pods');
    // An in-place resize is the one pod update that changes container resources.
    if (pod && a.subresource === 'resize') return a.operation === 'UPDATE';
    if (a.subresource !== '') return false;
    if (pod) return a.operation === 'CREATE';
    return isResource(a, '', 'persistentvolumeclaims');
  }

  async function ranges(a: AdmissionAttributes): Promise<JsonObject[]> {
    const all = await lookup.list(RESOURCES.limitRanges, a.namespace);
    return all.filter((lr) => objectsAt(objectAt(lr, 'spec'), 'limits').length > 0);
  }

  return {
    name: LIMIT_RANGER,
    async admit(a: AdmissionAttributes): Promise<void> {
      if (!supports(a) || !isResource(a, '', 'pods')) return;
      for (const lr of await ranges(a)) applyPodDefaults(lr, a.object!);
    },
    async validate(a: AdmissionAttributes): Promise<void> {
      if (!supports(a)) return;
      const isPod = isResource(a, '', 'pods');
      for (const lr of await ranges(a)) {
        const errs = isPod ? podViolations(lr, a.object!) : claimViolations(lr, a.object!);
        if (errs.length > 0) throw admissionForbidden(a, aggregateMessages(errs));
      }
    },
  };
}
