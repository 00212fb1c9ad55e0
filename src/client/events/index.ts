// Events: recorders that report what components did as core/v1 Events.
export {
  type EventBroadcasterOptions,
  MAX_QUEUED_EVENTS,
  MAX_TRIES_PER_EVENT,
  newEventBroadcaster,
  RETRY_SLEEP_MS,
  type StoppableEventBroadcaster,
} from './broadcaster.js';
export { type CorrelateResult, EventCorrelator } from './correlator.js';
export type { EventBroadcaster, EventRecorder, EventType } from './types.js';
