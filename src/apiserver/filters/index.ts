// The request filters that wrap every API request: in-flight limits, request logging and the
// bookkeeping graceful shutdown needs.
export { HTTP_LOG_LEVEL, type HTTPLogEntry, logRequest, remoteAddr } from './http-log.js';
export {
  DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT,
  DEFAULT_MAX_REQUESTS_INFLIGHT,
  type InFlightLimits,
  isLongRunning,
  MaxInFlightLimiter,
  RETRY_AFTER_SECONDS,
  type RequestKind,
  requestKind,
  sendTooManyRequests,
} from './max-in-flight.js';
export { RequestDrain } from './request-drain.js';
