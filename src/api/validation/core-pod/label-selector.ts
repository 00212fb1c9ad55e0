// Label selectors are validated by the shared apimachinery rule, as upstream's metav1 validation.
export { type LabelSelectorOptions, validateLabelSelector } from '../../../apimachinery/validation/index.js';
