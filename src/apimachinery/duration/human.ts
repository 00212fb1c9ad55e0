/**
 * Human-readable ages as kubectl prints them (upstream k8s.io/apimachinery/pkg/util/duration).
 * A duration up to 2s in the past still counts as "now", to tolerate clock skew.
 */
import { fromMilliseconds, NS_PER_HOUR, NS_PER_MINUTE, NS_PER_SECOND } from './units.js';

/**
 * Go's Duration.Seconds()/Minutes()/Hours() truncated to an integer: whole units plus the
 * remainder as a float64 fraction. The float sum can round up to the next unit for very
 * long durations; computing it the same way keeps the output identical.
 */
function truncUnits(ns: bigint, unit: bigint): number {
  return Math.trunc(Number(ns / unit) + Number(ns % unit) / Number(unit));
}

function hoursFloat(ns: bigint): number {
  return Number(ns / NS_PER_HOUR) + Number(ns % NS_PER_HOUR) / 3.6e12;
}

/**
 * The short age ("5s", "3m", "2h", "4d", "1y") of a duration in nanoseconds: one unit,
 * truncated. Below -1s it is "<invalid>"; between -1s and 0, "0s". Never throws.
 */
export function shortHumanDurationNs(ns: bigint): string {
  const seconds = truncUnits(ns, NS_PER_SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = truncUnits(ns, NS_PER_MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = truncUnits(ns, NS_PER_HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hoursFloat(ns) / 24 / 365)}y`;
}

/**
 * The age with two to three significant figures ("119s", "9m59s", "179m", "7h59m", "47h",
 * "7d23h", "729d", "7y364d", "8y") of a duration in nanoseconds, with the same "<invalid>"
 * and "0s" rules as `shortHumanDurationNs`. Never throws.
 */
export function humanDurationNs(ns: bigint): string {
  const floatSeconds = truncUnits(ns, NS_PER_SECOND);
  if (floatSeconds < -1) return '<invalid>';
  if (floatSeconds < 0) return '0s';
  if (floatSeconds < 120) return `${floatSeconds}s`;
  const seconds = ns / NS_PER_SECOND;
  const minutes = ns / NS_PER_MINUTE;
  if (minutes < 10n) {
    const s = seconds % 60n;
    return s === 0n ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180n) return `${minutes}m`;
  const hours = ns / NS_PER_HOUR;
  if (hours < 8n) {
    const m = minutes % 60n;
    return m === 0n ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48n) return `${hours}h`;
  if (hours < 24n * 8n) {
    const h = hours % 24n;
    return h === 0n ? `${hours / 24n}d` : `${hours / 24n}d${h}h`;
  }
  if (hours < 24n * 365n * 2n) return `${hours / 24n}d`;
  if (hours < 24n * 365n * 8n) {
    const dy = (hours / 24n) % 365n;
    return dy === 0n ? `${hours / 24n / 365n}y` : `${hours / 24n / 365n}y${dy}d`;
  }
  return `${hours / 24n / 365n}y`;
}

/** `shortHumanDurationNs` for a duration in milliseconds (e.g. `Date.now() - created`). */
export function shortHumanDuration(ms: number): string {
  return shortHumanDurationNs(fromMilliseconds(ms));
}

/** `humanDurationNs` for a duration in milliseconds (e.g. `Date.now() - created`). */
export function humanDuration(ms: number): string {
  return humanDurationNs(fromMilliseconds(ms));
}
