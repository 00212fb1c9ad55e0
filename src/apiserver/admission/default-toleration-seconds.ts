import type { AdmissionAttributes } from '../registry/admission.js';
import type { JsonObject } from '../registry/types.js';
import type { AdmissionPlugin } from './types.js';
import { ensureObject, isResource, objectsAt, stringAt } from './util.js';

/** Upstream's plugin name. */
export const DEFAULT_TOLERATION_SECONDS = 'DefaultTolerationSeconds';

/** Upstream's default of --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS_VALUE = 300;

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

// A toleration with an empty key tolerates every key; an empty effect every effect.
function tolerates(t: JsonObject, key: string): boolean {
  const k = stringAt(t, 'key');
  const effect = stringAt(t, 'effect');
  return (k === key || k === '') && (effect === 'NoExecute' || effect === '');
}

/**
 * DefaultTolerationSeconds: a pod created or updated without a toleration of the
 * `node.kubernetes.io/not-ready` / `unreachable` NoExecute taints gets one with
 * tolerationSeconds `seconds` (300), so it is evicted five minutes after its node fails.
 * Mutates the pod; subresources are ignored.
 */
export function defaultTolerationSeconds(
  notReadySeconds = DEFAULT_TOLERATION_SECONDS_VALUE,
  unreachableSeconds = DEFAULT_TOLERATION_SECONDS_VALUE,
): AdmissionPlugin {
  return {
    name: DEFAULT_TOLERATION_SECONDS,
    async admit(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
      if (!isResource(a, '', 'pods') || a.subresource !== '' || a.object === undefined) return;
      const spec = ensureObject(a.object, 'spec');
      const existing = objectsAt(spec, 'tolerations');
      const add: JsonObject[] = [];
      if (!existing.some((t) => tolerates(t, NOT_READY))) {
        add.push({
          key: NOT_READY,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: notReadySeconds,
        });
      }
      if (!existing.some((t) => tolerates(t, UNREACHABLE))) {
        add.push({
          key: UNREACHABLE,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: unreachableSeconds,
        });
      }
      if (add.length === 0) return;
      const current = Array.isArray(spec['tolerations']) ? (spec['tolerations'] as unknown[]) : [];
      spec['tolerations'] = [...current, ...add];
    },
  };
}
