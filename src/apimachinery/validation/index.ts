export { emptyError, inclusiveRangeError, maxLenError, prefixEach, regexError } from './messages.js';
export {
  DNS1035LabelMaxLength,
  DNS1123LabelMaxLength,
  DNS1123SubdomainMaxLength,
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isInRange,
  isLabelKey,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
  LabelValueMaxLength,
  NameMayNotBe,
  NameMayNotContain,
} from './names.js';
export {
  FinalizerDeleteDependents,
  FinalizerKubernetes,
  FinalizerOrphanDependents,
  StandardFinalizers,
  validateFinalizerName,
  validateFinalizers,
  validateKubeFinalizerName,
  validateNoNewFinalizers,
} from './finalizers.js';
export { jsonTypeName } from './json-shape.js';
export {
  annotationsSize,
  TotalAnnotationSizeLimitB,
  validateAnnotations,
  validateLabelName,
  validateLabels,
} from './labels-annotations.js';
export {
  FieldManagerMaxLength,
  MaxSubresourceNameLength,
  validateFieldManager,
  validateManagedFields,
} from './managed-fields.js';
export {
  FieldImmutableErrorMsg,
  IsNegativeErrorMsg,
  validateImmutableField,
  validateNonnegativeField,
} from './meta-fields.js';
export {
  maskTrailingDash,
  type NameFn,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateNamespaceName,
  validatePathSegmentName,
  validateServiceAccountName,
} from './name-fns.js';
export {
  type ObjectMetaOptions,
  type ObjectMetaUpdateOptions,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './object-meta.js';
export { BannedOwners, validateOwnerReferences } from './owner-references.js';
export {
  type CIDR,
  cidrNetwork,
  cidrStrictSubset,
  cidrWarnings,
  formatAddr,
  formatCIDR,
  formatIP,
  type IPAddr,
  isIPv4,
  isValidCIDR,
  isValidCIDRForLegacyField,
  isValidIP,
  isValidIPForLegacyField,
  netipParseError,
  parseAddrStrict,
  parseCIDRSloppy,
  parseIPSloppy,
  parsePrefixStrict,
} from './ip.js';
export { type LabelSelectorOptions, validateLabelSelector } from './label-selector.js';
