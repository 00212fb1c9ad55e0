// Error helpers shared by the endpoint controllers.
export { aggregateErrors, isNamespaceTerminating, messageOf } from '../util/errors.js';

/**
 * The informer cache holds older EndpointSlices than this controller wrote: the sync is retried
 * once the cache caught up.
 */
export class StaleInformerCacheError extends Error {
  override readonly name = 'StaleInformerCacheError';
}
