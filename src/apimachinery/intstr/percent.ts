/**
 * Percent checks for int-or-percent fields (maxSurge, maxUnavailable, minAvailable). They
 * return upstream's messages; callers attach the field path.
 */
import { goAtoi } from './go-strconv.js';
import type { IntOrString } from './intstr.js';

const PERCENT_PATTERN = /^[0-9]+%$/;

/** Upstream's message for a string that is not `[0-9]+%` (its double space included). */
export const PERCENT_ERROR_MESSAGE =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** Message for a negative integer where a count is expected. */
export const NEGATIVE_ERROR_MESSAGE = 'must be greater than or equal to 0';

/** Message for a percentage above 100. */
export const OVER_100_PERCENT_MESSAGE = 'must not be greater than 100%';

/** [] when s is digits followed by '%', else upstream's one message. */
export function isValidPercent(s: string): string[] {
  return PERCENT_PATTERN.test(s) ? [] : [PERCENT_ERROR_MESSAGE];
}

/** True when v is a string of the form `[0-9]+%`. */
export function isPercent(v: IntOrString): v is string {
  return typeof v === 'string' && PERCENT_PATTERN.test(v);
}

/**
 * The number in a valid percent string ("25%" gives 25), or undefined when v is not one.
 * Like upstream, digits too long for an int64 read as the int64 maximum.
 */
export function getPercentValue(v: IntOrString): number | undefined {
  if (!isPercent(v)) return undefined;
  return Number(goAtoi(v.slice(0, -1)).value);
}

/**
 * Messages for an int-or-percent that must be a non-negative int or a valid percent string
 * (upstream ValidatePositiveIntOrPercent); [] when valid.
 */
export function validatePositiveIntOrPercent(v: IntOrString): string[] {
  if (typeof v === 'string') return isValidPercent(v);
  return v < 0 ? [NEGATIVE_ERROR_MESSAGE] : [];
}

/** [] unless v is a percent string above 100% (upstream IsNotMoreThan100Percent). */
export function isNotMoreThan100Percent(v: IntOrString): string[] {
  const percent = getPercentValue(v);
  return percent !== undefined && percent > 100 ? [OVER_100_PERCENT_MESSAGE] : [];
}
