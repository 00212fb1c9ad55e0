export { FieldSelectorError, type FieldSelectorErrorReason } from './errors.js';
export { escapeValue, unescapeValue } from './escape.js';
export {
  convertFieldLabel,
  convertFieldSelector,
  type FieldLabelConversion,
  type FieldSelectorConversion,
  fieldSelectorForRequest,
  fieldsOf,
  supportedFieldLabels,
} from './registry.js';
export {
  andSelectors,
  everythingFields,
  type FieldRequirement,
  type Fields,
  type FieldSelector,
  fieldSelectorFromSet,
  nothingFields,
  oneTermEqualSelector,
  oneTermNotEqualSelector,
  parseAndTransformFieldSelector,
  parseFieldSelector,
  type TransformFunc,
} from './selector.js';
