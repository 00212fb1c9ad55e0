import { clusterValidations } from './cluster/index.js';
import { coreValidations } from './core/index.js';
import { corePodValidations } from './core-pod/index.js';
import type { KindValidation, KindValidations } from './types.js';
import { workloadValidations } from './workloads/index.js';

// Each area owns a disjoint set of kinds; a kind claimed twice is a bug caught at start-up.
const all: Record<string, KindValidation> = {};
for (const area of [corePodValidations, coreValidations, workloadValidations, clusterValidations]) {
  for (const [key, v] of Object.entries(area)) {
    if (key in all) throw new Error(`validation for ${key} is registered twice`);
    all[key] = v;
  }
}

/** Every kind's validation, keyed by `apiVersion/Kind` (`v1/Pod`, `apps/v1/Deployment`). */
export const validations: KindValidations = all;

/** The validation of one kind, or undefined when kite has none for it. */
export function validationFor(apiVersion: string, kind: string): KindValidation | undefined {
  return all[`${apiVersion}/${kind}`];
}
