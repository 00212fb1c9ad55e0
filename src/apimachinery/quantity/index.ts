/**
 * Resource quantities with upstream `resource.Quantity` semantics, and resource lists.
 */
export {
  ERR_FORMAT_WRONG,
  ERR_NUMERIC,
  ERR_SUFFIX,
  QUANTITY_SPLIT_PATTERN,
  QuantityError,
  type QuantityErrorReason,
} from './errors.js';
export { MAX_ALIGN_DIGITS } from './decimal.js';
export type { QuantityFormat } from './scan.js';
export {
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  Quantity,
  type QuantityParseResult,
  quantityPtrEqual,
  Scale,
  tryParseQuantity,
} from './quantity.js';
export { goTrimSpace, parseQuantityJSON, quantityFromJSON } from './json.js';
export {
  addResourceLists,
  formatResourceList,
  isZeroResourceList,
  lessThanOrEqual,
  maskResourceList,
  maxResourceList,
  negativeResourceNames,
  parseResourceList,
  type ResourceList,
  removeZeros,
  resourceListsEqual,
  resourceNames,
  subtractNonNegative,
  subtractResourceLists,
} from './resource-list.js';
