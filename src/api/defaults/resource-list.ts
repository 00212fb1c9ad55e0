/**
 * Resource list rounding: quantities finer than a thousandth are rounded up to the next
 * thousandth (`100u` becomes `1m`), as upstream does to every resource list it decodes.
 */
import { QuantityError, quantityFromJSON } from '../../apimachinery/quantity/index.js';
import type { JsonObject } from './json.js';
import { child, eachObject, setOwn } from './json.js';

/** Scale of a thousandth: 10^-3. */
const MILLI_SCALE = -3;

/**
 * Rounds each quantity of the resource list at `holder[key]` up to milli precision. Values that
 * are already milli-precise keep their spelling; values that do not parse are left for validation.
 * Mutates; idempotent.
 */
export function roundResourceList(holder: JsonObject | undefined, key: string): void {
  const list = holder && child(holder, key);
  if (!list) return;
  for (const name of Object.keys(list)) {
    try {
      const rounded = quantityFromJSON(list[name]).roundUp(MILLI_SCALE);
      if (!rounded.exact) setOwn(list, name, rounded.quantity.toJSON());
    } catch (e) {
      if (!(e instanceof QuantityError)) throw e;
    }
  }
}

/** Rounds the `limits` and `requests` of a ResourceRequirements-shaped object. Mutates; idempotent. */
export function roundRequirements(requirements: JsonObject | undefined): void {
  roundResourceList(requirements, 'limits');
  roundResourceList(requirements, 'requests');
}

/** Rounds every container status's allocated and reported resources in a pod status. */
export function roundPodStatusResources(status: JsonObject | undefined): void {
  if (!status) return;
  for (const key of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    eachObject(status, key, (cs) => {
      roundResourceList(cs, 'allocatedResources');
      roundRequirements(child(cs, 'resources'));
    });
  }
}
