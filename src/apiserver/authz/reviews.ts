import type {
  SelfSubjectAccessReviewSpec,
  SubjectAccessReviewStatus,
  SubjectRulesReviewStatus,
} from 'kubernetes-types/authorization/v1.js';
import { badRequest, type StatusError } from '../../apimachinery/errors/index.js';
import type { UserInfo } from '../authn/index.js';
import type { Attributes, Authorizer, RuleResolver } from './attributes.js';

/**
 * The authorizer attributes a SelfSubjectAccessReview spec asks about, for `user`: the resource
 * attributes when given (they win over non-resource ones, as upstream), else the non-resource
 * ones; undefined when neither is set (validation rejects such a spec first). Pure.
 */
export function accessReviewAttributes(
  spec: SelfSubjectAccessReviewSpec,
  user: UserInfo,
): Attributes | undefined {
  const r = spec.resourceAttributes;
  if (r !== undefined) {
    return {
      isResourceRequest: true,
      user,
      verb: r.verb ?? '',
      namespace: r.namespace ?? '',
      apiGroup: r.group ?? '',
      apiVersion: r.version ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      name: r.name ?? '',
    };
  }
  const n = spec.nonResourceAttributes;
  if (n !== undefined) return { isResourceRequest: false, user, verb: n.verb ?? '', path: n.path ?? '' };
  return undefined;
}

/**
 * The status of a SelfSubjectAccessReview: `allowed`, `denied` only when an authorizer denied
 * outright, the decision's reason and evaluation error when non-empty. Pure.
 */
export function selfSubjectAccessReview(authz: Authorizer, attrs: Attributes): SubjectAccessReviewStatus {
  const d = authz.authorize(attrs);
  const status: SubjectAccessReviewStatus = { allowed: d.decision === 'allow' };
  if (d.decision === 'deny') status.denied = true;
  if (d.reason !== '') status.reason = d.reason;
  if (d.evaluationError !== undefined && d.evaluationError !== '') status.evaluationError = d.evaluationError;
  return status;
}

/**
 * The status of a SelfSubjectRulesReview for `user` in `namespace`: every rule the user holds
 * there (cluster-wide ones included). An empty namespace is the 400 upstream answers. Pure.
 */
export function selfSubjectRulesReview(
  resolver: RuleResolver,
  namespace: string,
  user: UserInfo,
): { status: SubjectRulesReviewStatus } | { error: StatusError } {
  if (namespace === '') return { error: badRequest('no namespace on request') };
  const got = resolver.rulesFor(user, namespace);
  const status: SubjectRulesReviewStatus = {
    resourceRules: got.resourceRules.map((r) => ({ ...r })),
    nonResourceRules: got.nonResourceRules.map((r) => ({ ...r })),
    incomplete: got.incomplete,
  };
  if (got.evaluationError !== undefined && got.evaluationError !== '')
    status.evaluationError = got.evaluationError;
  return { status };
}
