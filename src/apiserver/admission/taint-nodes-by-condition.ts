import type { AdmissionAttributes } from '../registry/admission.js';
import type { AdmissionPlugin } from './types.js';
import { ensureObject, isResource, objectsAt, stringAt } from './util.js';

/** Upstream's plugin name. */
export const TAINT_NODES_BY_CONDITION = 'TaintNodesByCondition';

/**
 * TaintNodesByCondition: a new Node gets the `node.kubernetes.io/not-ready:NoSchedule` taint
 * (unless it has a taint of that key and effect), so nothing is scheduled onto it before the
 * node lifecycle controller has seen it Ready. Mutates the node; creates only.
 */
export function taintNodesByCondition(): AdmissionPlugin {
  return {
    name: TAINT_NODES_BY_CONDITION,
    async admit(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'CREATE' || !isResource(a, '', 'nodes') || a.subresource !== '') return;
      if (a.object === undefined) return;
      const spec = ensureObject(a.object, 'spec');
      const key = 'node.kubernetes.io/not-ready';
      const has = objectsAt(spec, 'taints').some(
        (t) => stringAt(t, 'key') === key && stringAt(t, 'effect') === 'NoSchedule',
      );
      if (has) return;
      const current = Array.isArray(spec['taints']) ? (spec['taints'] as unknown[]) : [];
      spec['taints'] = [...current, { key, effect: 'NoSchedule' }];
    },
  };
}
