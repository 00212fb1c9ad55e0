// Informers: local caches of resources kept current by list+watch, shared by a process.
export { InformerFactory, type InformerFactoryOptions } from './factory.js';
export { CacheIndexer, namespaceIndexFunc } from './indexer.js';
export { objectKey, splitKey, unwrapTombstone } from './keys.js';
export { CacheLister } from './lister.js';
export { Reflector, type ReflectorOptions, type ReflectorSink } from './reflector.js';
export { SharedIndexInformer, type SharedInformerOptions } from './shared-informer.js';
export {
  type DeletedFinalStateUnknown,
  type HandlerRegistration,
  type IndexFunc,
  type Indexer,
  type Lister,
  NAMESPACE_INDEX,
  type ResourceEventHandler,
  type SharedInformer,
  type SharedInformerFactory,
} from './types.js';
export { type BackoffOptions, ExponentialBackoff, jitter, REFLECTOR_BACKOFF, sleep } from './wait.js';
