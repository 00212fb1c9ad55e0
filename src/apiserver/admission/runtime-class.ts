import { deepEqual } from '../../apimachinery/meta/index.js';
import { tryParseQuantity } from '../../apimachinery/quantity/index.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { JsonObject } from '../registry/types.js';
import { RESOURCES } from './resources.js';
import { mergeTolerations } from './tolerations.js';
import type { AdmissionLookup, AdmissionPlugin } from './types.js';
import {
  admissionForbidden,
  ensureObject,
  isObject,
  isResource,
  objectAt,
  objectsAt,
  stringAt,
  stringMapAt,
} from './util.js';

/** Upstream's plugin name. */
export const RUNTIME_CLASS = 'RuntimeClass';

// Overheads compared as quantities (`1000m` equals `1`), as upstream's semantic equality does.
function sameResources(a: JsonObject | undefined, b: JsonObject | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    const x = a?.[k];
    const y = b?.[k];
    if (typeof x !== 'string' || typeof y !== 'string') {
      if (!deepEqual(x, y)) return false;
      continue;
    }
    const qx = tryParseQuantity(x);
    const qy = tryParseQuantity(y);
    if (!(qx.ok && qy.ok ? qx.quantity.cmp(qy.quantity) === 0 : x === y)) return false;
  }
  return true;
}

/**
 * RuntimeClass: on pod create, refuses an unknown spec.runtimeClassName (`pod rejected:
 * RuntimeClass "x" not found`), copies the class's overhead.podFixed into spec.overhead
 * (refusing a different one the pod set), and merges the class's scheduling nodeSelector
 * (refusing conflicts) and tolerations into the pod. Validation refuses an overhead that does
 * not match the class. Reads the RuntimeClass.
 */
export function runtimeClass(lookup: AdmissionLookup): AdmissionPlugin {
  async function prepare(
    a: AdmissionAttributes,
  ): Promise<{ spec: JsonObject; rc: JsonObject | undefined } | undefined> {
    if (a.operation !== 'CREATE' || a.subresource !== '' || !isResource(a, '', 'pods')) return undefined;
    if (!isObject(a.object)) return undefined;
    const spec = ensureObject(a.object, 'spec');
    const name = stringAt(spec, 'runtimeClassName');
    if (name === '') return { spec, rc: undefined };
    const rc = await lookup.get(RESOURCES.runtimeClasses, '', name);
    if (rc === undefined) throw admissionForbidden(a, `pod rejected: RuntimeClass "${name}" not found`);
    return { spec, rc };
  }

  return {
    name: RUNTIME_CLASS,
    async admit(a: AdmissionAttributes): Promise<void> {
      const p = await prepare(a);
      if (p === undefined || p.rc === undefined) return;
      const { spec, rc } = p;
      const fixed = objectAt(objectAt(rc, 'overhead'), 'podFixed');
      if (fixed !== undefined) {
        const own = objectAt(spec, 'overhead');
        if (own !== undefined && Object.keys(own).length > 0 && !sameResources(own, fixed)) {
          throw admissionForbidden(
            a,
            "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead",
          );
        }
        spec['overhead'] = structuredClone(fixed);
      }
      const scheduling = objectAt(rc, 'scheduling');
      if (scheduling === undefined) return;
      const runtimeSelector = stringMapAt(scheduling, 'nodeSelector');
      const podSelector = objectAt(spec, 'nodeSelector');
      let selector: JsonObject | undefined;
      if (podSelector === undefined) {
        selector = objectAt(scheduling, 'nodeSelector') === undefined ? undefined : { ...runtimeSelector };
      } else {
        selector = podSelector;
        for (const [k, v] of Object.entries(runtimeSelector)) {
          const own = podSelector[k];
          if (typeof own === 'string' && own !== v) {
            throw admissionForbidden(
              a,
              `conflict: runtimeClass.scheduling.nodeSelector[${k}] = ${v}; pod.spec.nodeSelector[${k}] = ${own}`,
            );
          }
          selector[k] = v;
        }
      }
      const merged = mergeTolerations(objectsAt(spec, 'tolerations'), objectsAt(scheduling, 'tolerations'));
      if (selector !== undefined) spec['nodeSelector'] = selector;
      if (merged.length > 0) spec['tolerations'] = merged;
      else delete spec['tolerations'];
    },
    async validate(a: AdmissionAttributes): Promise<void> {
      const p = await prepare(a);
      if (p === undefined) return;
      const fixed = objectAt(objectAt(p.rc, 'overhead'), 'podFixed');
      const own = p.spec['overhead'];
      if (fixed !== undefined) {
        if (!sameResources(isObject(own) ? own : undefined, fixed)) {
          throw admissionForbidden(
            a,
            "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead",
          );
        }
      } else if (own !== undefined && own !== null) {
        throw admissionForbidden(
          a,
          'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead',
        );
      }
    },
  };
}
