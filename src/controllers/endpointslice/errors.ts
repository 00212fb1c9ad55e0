// Error helpers shared by the endpoint controllers.
import { messageOf } from '../util/errors.js';

export { isNamespaceTerminating, messageOf } from '../util/errors.js';

/** One error for several, worded as upstream's aggregate (`[a, b]`); the error itself when alone. */
export function aggregate(errs: readonly unknown[]): unknown {
  if (errs.length === 1) return errs[0];
  return new Error(`[${errs.map(messageOf).join(', ')}]`);
}

/**
 * The informer cache holds older EndpointSlices than this controller wrote: the sync is retried
 * once the cache caught up.
 */
export class StaleInformerCacheError extends Error {
  override readonly name = 'StaleInformerCacheError';
}
