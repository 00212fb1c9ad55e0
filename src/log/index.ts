// Leveled, klog-formatted line logging for every kite component (`-v N`).
export {
  DISCARD_LOGGER,
  formatLogLine,
  type KeyValues,
  Logger,
  type LoggerOptions,
  type Severity,
} from './logger.js';
