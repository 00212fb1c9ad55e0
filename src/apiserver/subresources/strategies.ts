import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import type { ResourceInfo } from '../../api/index.js';
import {
  validatePodEphemeralContainersUpdate,
  validatePodResize,
} from '../../api/validation/core-pod/index.js';
import {
  duplicate,
  type FieldError,
  invalid as fieldInvalid,
  path,
  required,
} from '../../apimachinery/field/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import { validateObjectMetaUpdate } from '../../apimachinery/validation/index.js';
import type { Store } from '../../storage/index.js';
import { type JsonObject, RegistryStore, type Strategy, strategyFor } from '../registry/index.js';
import { isObject, str } from './util.js';

// Replaces `obj`'s content with `next` (the registry hands strategies the object to mutate).
function replaceWith(obj: JsonObject, next: JsonObject): void {
  for (const k of Object.keys(obj)) delete obj[k];
  Object.assign(obj, next);
}

// Upstream's dropPodUpdates: the stored pod, with the identity fields of the request.
function storedPodWithIdentity(obj: JsonObject, old: JsonObject): JsonObject {
  const pod = structuredClone(old);
  const meta = isObject(pod['metadata']) ? pod['metadata'] : {};
  const given = isObject(obj['metadata']) ? obj['metadata'] : {};
  for (const k of ['name', 'namespace', 'resourceVersion', 'uid']) {
    if (given[k] === undefined) delete meta[k];
    else meta[k] = given[k];
  }
  pod['metadata'] = meta;
  return pod;
}

function bumpGenerationIfSpecChanged(obj: JsonObject, old: JsonObject): void {
  if (deepEqual(obj['spec'], old['spec'])) return;
  const meta = isObject(obj['metadata']) ? obj['metadata'] : {};
  const oldMeta = isObject(old['metadata']) ? old['metadata'] : {};
  const g = oldMeta['generation'];
  meta['generation'] = (typeof g === 'number' ? g : 0) + 1;
}

function registryWith(info: ResourceInfo, store: Store, over: Partial<Strategy>): RegistryStore {
  const base = strategyFor(info);
  return new RegistryStore(info, store, { strategy: { ...base, allowCreateOnUpdate: false, ...over } });
}

/**
 * The registry of pods/ephemeralcontainers: an update keeps the stored pod and takes only
 * spec.ephemeralContainers from the request; existing ephemeral containers may be neither
 * changed nor removed (upstream's ValidatePodEphemeralContainersUpdate).
 */
export function ephemeralContainersRegistry(info: ResourceInfo, store: Store): RegistryStore {
  return registryWith(info, store, {
    prepareForUpdate(obj, old) {
      const spec = isObject(obj['spec']) ? obj['spec'] : {};
      const next = storedPodWithIdentity(obj, old);
      const nextSpec = isObject(next['spec']) ? next['spec'] : {};
      if (spec['ephemeralContainers'] === undefined) delete nextSpec['ephemeralContainers'];
      else nextSpec['ephemeralContainers'] = spec['ephemeralContainers'];
      next['spec'] = nextSpec;
      bumpGenerationIfSpecChanged(next, old);
      replaceWith(obj, next);
    },
    validateUpdate: (obj, old) => validatePodEphemeralContainersUpdate(obj, old),
  });
}

const RESIZABLE_LISTS = ['containers', 'initContainers'] as const;

/**
 * The registry of pods/resize: an update keeps the stored pod and takes only the resources and
 * resizePolicy of its containers (and of restartable init containers) from the request, with
 * upstream's ValidatePodResize.
 */
export function resizeRegistry(info: ResourceInfo, store: Store): RegistryStore {
  return registryWith(info, store, {
    prepareForUpdate(obj, old) {
      const spec = isObject(obj['spec']) ? obj['spec'] : {};
      const next = storedPodWithIdentity(obj, old);
      const nextSpec = isObject(next['spec']) ? next['spec'] : {};
      for (const list of RESIZABLE_LISTS) {
        const stored = Array.isArray(nextSpec[list]) ? (nextSpec[list] as unknown[]) : [];
        const given = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
        for (const c of given) {
          if (!isObject(c)) continue;
          const target = stored.find((s) => isObject(s) && s['name'] === c['name']);
          if (!isObject(target)) continue;
          if (list === 'initContainers' && target['restartPolicy'] !== 'Always') continue;
          for (const k of ['resources', 'resizePolicy']) {
            if (c[k] === undefined) delete target[k];
            else target[k] = c[k];
          }
        }
      }
      next['spec'] = nextSpec;
      bumpGenerationIfSpecChanged(next, old);
      replaceWith(obj, next);
    },
    validateUpdate: (obj, old) => validatePodResize(obj, old),
  });
}

function conditionsOf(csr: JsonObject): JsonObject[] {
  const st = isObject(csr['status']) ? csr['status'] : {};
  const c = st['conditions'];
  return Array.isArray(c) ? c.filter(isObject) : [];
}

/**
 * Upstream's approval validation of CertificateSigningRequest conditions: a type is required
 * and unique, Approved and Denied exclude each other, Approved/Denied/Failed are True, and
 * Approved or Denied may not be removed once present. Pure.
 */
export function validateApprovalConditions(csr: JsonObject, old: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const p = path('status', 'conditions');
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditionsOf(csr).forEach((c, i) => {
    const t = str(c, 'type');
    if (t === '') {
      errs.push(required(p.index(i).child('type'), ''));
      return;
    }
    if (seen.has(t)) errs.push(duplicate(p.index(i).child('type'), t));
    seen.add(t);
    if (['Approved', 'Denied', 'Failed'].includes(t) && str(c, 'status') !== 'True')
      errs.push(fieldInvalid(p.index(i).child('status'), str(c, 'status'), `must be True if type is ${t}`));
    if (t === 'Approved') approved = true;
    if (t === 'Denied') denied = true;
  });
  if (approved && denied) {
    const i = conditionsOf(csr).findIndex((c) => c['type'] === 'Denied');
    errs.push(
      fieldInvalid(
        p.index(i).child('type'),
        'Denied',
        'Approved and Denied conditions are mutually exclusive',
      ),
    );
  }
  for (const t of ['Approved', 'Denied']) {
    const had = conditionsOf(old).some((c) => c['type'] === t);
    if (had && !seen.has(t))
      errs.push(
        fieldInvalid(
          p,
          conditionsOf(csr).map((c) => c['type']),
          `updates may not remove a condition of type "${t}"`,
        ),
      );
  }
  return errs;
}

/**
 * The registry of certificatesigningrequests/approval: an update changes only
 * status.conditions, with missing lastUpdateTime/lastTransitionTime filled as upstream does.
 */
export function approvalRegistry(info: ResourceInfo, store: Store, now: () => Date): RegistryStore {
  return registryWith(info, store, {
    prepareForUpdate(obj, old) {
      const conditions = conditionsOf(obj).map((c) => structuredClone(c));
      const stamp = formatRFC3339(now());
      for (const c of conditions) {
        if (typeof c['lastUpdateTime'] !== 'string' || c['lastUpdateTime'] === '')
          c['lastUpdateTime'] = stamp;
        if (typeof c['lastTransitionTime'] !== 'string' || c['lastTransitionTime'] === '') {
          const prev = conditionsOf(old).find(
            (o) =>
              o['type'] === c['type'] &&
              o['status'] === c['status'] &&
              typeof o['lastTransitionTime'] === 'string',
          );
          c['lastTransitionTime'] = prev?.['lastTransitionTime'] ?? stamp;
        }
      }
      if (old['spec'] === undefined) delete obj['spec'];
      else obj['spec'] = structuredClone(old['spec']);
      const status = isObject(old['status']) ? structuredClone(old['status']) : {};
      if (conditions.length > 0) status['conditions'] = conditions;
      else delete status['conditions'];
      obj['status'] = status;
    },
    validateUpdate: (obj, old) => [
      ...validateObjectMetaUpdate(obj['metadata'], old['metadata']),
      ...validateApprovalConditions(obj, old),
    ],
  });
}
