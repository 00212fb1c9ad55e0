export type {
  Attributes,
  Authorizer,
  Decision,
  NonResourceAttributes,
  NonResourceRuleInfo,
  ResourceAttributes,
  ResourceRuleInfo,
  RuleResolver,
  RulesResult,
} from './attributes.js';
export {
  interimAuthorizer,
  privilegedGroupsAuthorizer,
  unionAuthorizer,
  unionRuleResolver,
} from './authorizers.js';
export {
  AutoupdateAnnotation,
  BootstrappingLabel,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
} from './bootstrap-policy.js';
export { forbiddenError } from './forbidden.js';
export { aggregateMessage, type RBACPolicySource, rbacAuthorizer, staticPolicySource } from './rbac.js';
export { accessReviewAttributes, selfSubjectAccessReview, selfSubjectRulesReview } from './reviews.js';
export {
  All,
  apiGroupMatches,
  nonResourceURLMatches,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  subjectAppliesTo,
  verbMatches,
} from './rule-match.js';
