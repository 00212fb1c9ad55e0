/**
 * Durations: kubectl-style ages and Go duration strings.
 */
export {
  formatGoDuration,
  formatGoDurationMs,
  GoDurationError,
  goDurationFromJSON,
  goTimeQuote,
  parseGoDuration,
  parseGoDurationMs,
} from './go-duration.js';
export { humanDuration, humanDurationNs, shortHumanDuration, shortHumanDurationNs } from './human.js';
export {
  fromMilliseconds,
  MAX_DURATION_NS,
  MIN_DURATION_NS,
  NS_PER_HOUR,
  NS_PER_MICROSECOND,
  NS_PER_MILLISECOND,
  NS_PER_MINUTE,
  NS_PER_SECOND,
} from './units.js';
