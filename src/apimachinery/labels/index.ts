export { LabelSelectorError } from './errors.js';
export {
  formatLabelSelector,
  type LabelSelector,
  type LabelSelectorRequirement,
  labelSelectorAsMap,
  labelSelectorAsSelector,
  matchLabelSelector,
  parseToLabelSelector,
  selectorToLabelSelector,
  setAsLabelSelector,
} from './label-selector.js';
export { parseSelector, parseToRequirements } from './parser.js';
export { type LabelSelectorParse, labelSelectorForRequest } from './request.js';
export { type Labels, newRequirement, Operator, type PathOptions, Requirement } from './requirement.js';
export {
  everything,
  matchesNothing,
  nothing,
  type Selector,
  type SelectorRequirements,
  selectorFromRequirements,
  selectorFromSet,
  validatedSelectorFromSet,
} from './selector.js';
export {
  conflicts,
  convertSelectorToLabelsMap,
  formatLabels,
  labelsEqual,
  labelsToString,
  merge,
} from './set.js';
