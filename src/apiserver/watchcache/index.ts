export { type Clock, systemClock, type TimerHandle } from './clock.js';
export {
  parseRequestedVersion,
  type RequestedVersion,
  TooLargeRetryAfterSeconds,
  tooLargeResourceVersion,
  tooOldResourceVersion,
} from './errors.js';
export { EventWindow, type EventWindowOptions, type EventsSince } from './event-window.js';
export {
  bookmarkObject,
  DecodeError,
  decodeStored,
  InitialEventsEndAnnotation,
  type TypeMeta,
  withResourceVersion,
} from './objects.js';
export { type Page, type PageRequest, selectPage } from './page.js';
export type { ApiObject, CacheEvent, ObjectPredicate, WatchEventOut } from './types.js';
export type {
  CacheListRequest,
  CacheListResult,
  CacheWatchRequest,
  DelegateReason,
  WatchCacheOptions,
} from './requests.js';
export { retryAfterForUnreadyCache, WatchCache } from './watch-cache.js';
export { CacheWatch, eventForWatcher, type WatchEndReason, type WatchFilter } from './watcher.js';
