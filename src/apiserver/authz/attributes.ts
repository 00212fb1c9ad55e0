import type { UserInfo } from '../authn/index.js';

/** A request on an API resource, as upstream's authorizer.Attributes describes it. */
export interface ResourceAttributes {
  isResourceRequest: true;
  user: UserInfo;
  /** `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, `impersonate`, ... */
  verb: string;
  /** '' for cluster-scoped requests and for lists across all namespaces. */
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  /** '' when the request names no object (list, create, ...). */
  name: string;
}

/** A request on a path outside the resource API (`/healthz`, `/version`, `/api`, ...). */
export interface NonResourceAttributes {
  isResourceRequest: false;
  user: UserInfo;
  /** The lower-cased HTTP method: `get`, `post`, `put`, ... */
  verb: string;
  path: string;
}

/** What an authorizer is asked about. */
export type Attributes = ResourceAttributes | NonResourceAttributes;

/** An authorizer's answer. `reason` is shown to users (may be ''). */
export interface Decision {
  decision: 'allow' | 'deny' | 'no-opinion';
  reason: string;
  /** Set when evaluation failed part-way; the decision still stands. */
  evaluationError?: string;
}

/** Decides whether a user may do something. Must be safe to call concurrently and pure. */
export interface Authorizer {
  authorize(attrs: Attributes): Decision;
}

/** One resource rule a user holds, as SelfSubjectRulesReview lists it. */
export interface ResourceRuleInfo {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** One non-resource rule a user holds. */
export interface NonResourceRuleInfo {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** The rules a user holds in a namespace; `incomplete` when some could not be listed. */
export interface RulesResult {
  resourceRules: ResourceRuleInfo[];
  nonResourceRules: NonResourceRuleInfo[];
  incomplete: boolean;
  evaluationError?: string;
}

/** Lists the rules an authorizer would apply to a user. Pure. */
export interface RuleResolver {
  rulesFor(user: UserInfo, namespace: string): RulesResult;
}
