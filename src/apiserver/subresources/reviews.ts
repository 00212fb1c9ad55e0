import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import type { SelfSubjectAccessReviewSpec } from 'kubernetes-types/authorization/v1.js';
import { badRequest, invalid } from '../../apimachinery/errors/index.js';
import { type FieldError, invalid as fieldInvalid, path } from '../../apimachinery/field/index.js';
import type { UserInfo } from '../authn/index.js';
import {
  type Authorizer,
  accessReviewAttributes,
  type RuleResolver,
  selfSubjectAccessReview,
  selfSubjectRulesReview,
} from '../authz/index.js';
import type { JsonObject } from '../registry/index.js';
import { field, isObject, str } from './util.js';

/** What a token review learns from the server's token authenticators. */
export interface TokenReviewOutcome {
  /** The user the token stands for; absent when it is not valid. */
  readonly user?: UserInfo;
  /** The audiences the token is valid for (those asked for, or the server's). */
  readonly audiences?: readonly string[];
  /** Why authentication failed, when it did with an error. */
  readonly error?: string;
}

/** What the review resources need from the server. */
export interface ReviewEnv {
  readonly authorizer: Authorizer;
  readonly rules?: RuleResolver;
  /** Authenticates a bearer token for `audiences` (TokenReview); absent: reviews echo the request. */
  readonly reviewToken?: (token: string, audiences: readonly string[]) => Promise<TokenReviewOutcome>;
  /** The server's API audiences (the service account issuer by default). */
  readonly apiAudiences: readonly string[];
  now(): Date;
}

/** The virtual create-only resources: group/resource → kind. */
export const REVIEW_RESOURCES: ReadonlyMap<string, string> = new Map([
  ['authentication.k8s.io/selfsubjectreviews', 'SelfSubjectReview'],
  ['authentication.k8s.io/tokenreviews', 'TokenReview'],
  ['authorization.k8s.io/selfsubjectaccessreviews', 'SelfSubjectAccessReview'],
  ['authorization.k8s.io/selfsubjectrulesreviews', 'SelfSubjectRulesReview'],
  ['authorization.k8s.io/subjectaccessreviews', 'SubjectAccessReview'],
  ['authorization.k8s.io/localsubjectaccessreviews', 'LocalSubjectAccessReview'],
]);

/** Whether group/resource is one of the review resources, which are answered and never stored. */
export function isReviewResource(group: string, resource: string): boolean {
  return REVIEW_RESOURCES.has(`${group}/${resource}`);
}

// Go's DeepEqual against an empty ObjectMeta: only zero values (and managedFields) allowed.
function metadataEmpty(meta: unknown, allow: readonly string[] = []): boolean {
  if (!isObject(meta)) return true;
  for (const [k, v] of Object.entries(meta)) {
    if (k === 'managedFields' || allow.includes(k)) continue;
    if (v === null || v === '' || v === 0 || v === false) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (isObject(v) && Object.keys(v).length === 0) continue;
    return false;
  }
  return true;
}

function userInfoJSON(u: UserInfo): JsonObject {
  const out: JsonObject = { username: u.name };
  if (u.uid !== undefined && u.uid !== '') out['uid'] = u.uid;
  if (u.groups.length > 0) out['groups'] = [...u.groups];
  if (u.extra !== undefined && Object.keys(u.extra).length > 0) out['extra'] = structuredClone(u.extra);
  return out;
}

// Upstream's ValidateSubjectAccessReviewSpec / ValidateSelfSubjectAccessReviewSpec.
function validateAccessSpec(spec: JsonObject, requireSubject: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const p = path('spec');
  const hasRes = isObject(spec['resourceAttributes']);
  const hasNonRes = isObject(spec['nonResourceAttributes']);
  if (hasRes && hasNonRes)
    errs.push(
      fieldInvalid(
        p.child('nonResourceAttributes'),
        spec['nonResourceAttributes'],
        'cannot be specified in combination with resourceAttributes',
      ),
    );
  if (!hasRes && !hasNonRes)
    errs.push(
      fieldInvalid(
        p.child('resourceAttributes'),
        null,
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    );
  if (requireSubject) {
    const groups = spec['groups'];
    if (str(spec, 'user') === '' && !(Array.isArray(groups) && groups.length > 0))
      errs.push(
        fieldInvalid(p.child('user'), str(spec, 'user'), 'at least one of user or group must be specified'),
      );
  }
  return errs;
}

function subjectOf(spec: JsonObject): UserInfo {
  const groups = Array.isArray(spec['groups'])
    ? spec['groups'].filter((g): g is string => typeof g === 'string')
    : [];
  const u: UserInfo = { name: str(spec, 'user'), groups };
  if (str(spec, 'uid') !== '') u.uid = str(spec, 'uid');
  if (isObject(spec['extra'])) u.extra = structuredClone(spec['extra']) as Record<string, string[]>;
  return u;
}

function accessStatus(env: ReviewEnv, spec: JsonObject, user: UserInfo): JsonObject {
  const attrs = accessReviewAttributes(spec as SelfSubjectAccessReviewSpec, user);
  if (attrs === undefined) return { allowed: false };
  return selfSubjectAccessReview(env.authorizer, attrs) as unknown as JsonObject;
}

function typed(body: JsonObject, group: string, kind: string): JsonObject {
  return { ...body, kind, apiVersion: `${group}/v1` };
}

/**
 * Answers a create of one of the review resources as upstream's REST handlers do: validation
 * errors are 422 (`SelfSubjectAccessReview.authorization.k8s.io "" is invalid: ...`) or 400,
 * and the object comes back with its status (201). Nothing is stored.
 */
export async function review(
  env: ReviewEnv,
  group: string,
  resource: string,
  namespace: string,
  user: UserInfo,
  body: JsonObject,
): Promise<JsonObject> {
  const kind = REVIEW_RESOURCES.get(`${group}/${resource}`);
  if (kind === undefined) throw badRequest(`${resource} is not a review resource`);
  const spec = field(body, 'spec');
  const gk = { group, kind };
  switch (kind) {
    case 'SelfSubjectReview': {
      const meta: JsonObject = { creationTimestamp: formatRFC3339(env.now()) };
      return { kind, apiVersion: `${group}/v1`, metadata: meta, status: { userInfo: userInfoJSON(user) } };
    }
    case 'TokenReview': {
      if (namespace !== '') throw badRequest(`namespace is not allowed on this type: ${namespace}`);
      const token = str(spec, 'token');
      if (token === '') throw badRequest('token is required for TokenReview in authentication');
      const out = typed(structuredClone(body), group, kind);
      if (env.reviewToken === undefined) return out;
      const asked = Array.isArray(spec['audiences'])
        ? spec['audiences'].filter((a): a is string => typeof a === 'string')
        : [];
      const auds = asked.length > 0 ? asked : env.apiAudiences;
      const r = await env.reviewToken(token, auds);
      const status: JsonObject = {};
      if (r.user !== undefined) status['authenticated'] = true;
      status['user'] = r.user === undefined ? {} : userInfoJSON(r.user);
      if (r.user !== undefined && r.audiences !== undefined) status['audiences'] = [...r.audiences];
      if (r.error !== undefined && r.error !== '') status['error'] = r.error;
      out['status'] = status;
      return out;
    }
    case 'SelfSubjectAccessReview': {
      const errs = validateAccessSpec(spec, false);
      if (!metadataEmpty(body['metadata']))
        errs.push(fieldInvalid(path('metadata'), body['metadata'], 'must be empty'));
      if (errs.length > 0) throw invalid(gk, '', errs);
      return { ...typed(structuredClone(body), group, kind), status: accessStatus(env, spec, user) };
    }
    case 'SubjectAccessReview': {
      const errs = validateAccessSpec(spec, true);
      if (!metadataEmpty(body['metadata']))
        errs.push(fieldInvalid(path('metadata'), body['metadata'], 'must be empty'));
      if (errs.length > 0) throw invalid(gk, '', errs);
      return {
        ...typed(structuredClone(body), group, kind),
        status: accessStatus(env, spec, subjectOf(spec)),
      };
    }
    case 'LocalSubjectAccessReview': {
      if (namespace === '') throw badRequest(`namespace is required on this type: ${namespace}`);
      const errs = validateAccessSpec(spec, true);
      if (isObject(spec['nonResourceAttributes']))
        errs.push(
          fieldInvalid(
            path('spec', 'nonResourceAttributes'),
            spec['nonResourceAttributes'],
            'disallowed on this kind of request',
          ),
        );
      if (!metadataEmpty(body['metadata'], ['namespace']))
        errs.push(fieldInvalid(path('metadata'), body['metadata'], 'must be empty except for namespace'));
      if (errs.length > 0) throw invalid(gk, '', errs);
      const ra = field(spec, 'resourceAttributes');
      if (isObject(spec['resourceAttributes']) && str(ra, 'namespace') !== namespace)
        throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
      return {
        ...typed(structuredClone(body), group, kind),
        status: accessStatus(env, spec, subjectOf(spec)),
      };
    }
    default: {
      // SelfSubjectRulesReview
      const ns = str(spec, 'namespace');
      if (env.rules === undefined) throw badRequest('no rule resolver is configured');
      const r = selfSubjectRulesReview(env.rules, ns, user);
      if ('error' in r) throw r.error;
      return {
        kind,
        apiVersion: `${group}/v1`,
        metadata: {},
        spec: {},
        status: r.status as unknown as JsonObject,
      };
    }
  }
}
