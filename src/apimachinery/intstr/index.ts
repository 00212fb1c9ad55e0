/**
 * IntOrString values and the percent arithmetic built on them.
 */
export { type AtoiResult, goAtoi } from './go-strconv.js';
export {
  getScaledValueFromIntOrPercent,
  getValueFromIntOrPercent,
  type IntOrString,
  IntOrStringError,
  intOrStringFromJSON,
  intOrStringIntValue,
  intOrStringToString,
  intOrStringValueOrDefault,
  isInt32,
  parseIntOrString,
} from './intstr.js';
export {
  getPercentValue,
  isNotMoreThan100Percent,
  isPercent,
  isValidPercent,
  NEGATIVE_ERROR_MESSAGE,
  OVER_100_PERCENT_MESSAGE,
  PERCENT_ERROR_MESSAGE,
  validatePositiveIntOrPercent,
} from './percent.js';
