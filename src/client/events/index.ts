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
export {
  EVENTS_V1_MAX_PENDING,
  EVENTS_V1_MAX_TRIES,
  EVENTS_V1_RETRY_SLEEP_MS,
  type EventsV1Broadcaster,
  type EventsV1BroadcasterOptions,
  type EventsV1Recorder,
  newEventsV1Broadcaster,
  SERIES_FINISH_MS,
  SERIES_REFRESH_MS,
} from './events-v1-broadcaster.js';
