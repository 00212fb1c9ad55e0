import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { isValidLabelValue, validateLabelName } from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { isObj, Reader } from './shape.js';

// Review kinds are never stored: upstream checks only their spec, and requires metadata to be
// empty. Updates do not exist for them, so update validation is the create validation.

// metav1.ObjectMeta's JSON, which is how upstream prints the metadata it rejects.
const metaOrder = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

function printedMeta(meta: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of metaOrder) {
    const v = meta[k];
    if (k === 'creationTimestamp') out[k] = v ?? null;
    else if (v !== undefined && v !== null && v !== '' && v !== 0) out[k] = v;
  }
  return out;
}

function metaIsEmpty(meta: JsonObject, allowNamespace: boolean): boolean {
  return Object.entries(meta).every(([k, v]) => {
    if (k === 'managedFields' || (allowNamespace && k === 'namespace')) return true;
    if (v === undefined || v === null || v === '' || v === 0) return true;
    if (Array.isArray(v)) return v.length === 0;
    if (isObj(v)) return Object.keys(v).length === 0;
    return false;
  });
}

function validateSelectorAttributes(attrs: JsonObject, key: string, p: FieldPath, r: Reader): void {
  const sel = r.obj(attrs, key, p);
  if (sel === undefined) return;
  const raw = r.str(sel, 'rawSelector', p.child('rawSelector'));
  const reqs = r.objs(sel, 'requirements', p.child('requirements'));
  if (raw !== '' && reqs.length > 0) {
    r.errs.push(invalid(p.child('rawSelector'), raw, 'may not specified at the same time as requirements'));
  }
  if (raw === '' && reqs.length === 0) {
    r.errs.push(
      required(
        p.child('requirements'),
        `when ${p.toString()} is specified, requirements or rawSelector is required`,
      ),
    );
  }
  // Operators this server does not know are let through, for clients newer than the server.
  for (const [req, i] of reqs) {
    const rp = p.child('requirements').index(i);
    const rkey = r.str(req, 'key', rp.child('key'));
    const op = r.str(req, 'operator', rp.child('operator'));
    const values = r.strs(req, 'values', rp.child('values'));
    if (key === 'fieldSelector' && rkey === '') r.errs.push(required(rp.child('key'), 'must be specified'));
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) {
        r.errs.push(required(rp.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      r.errs.push(
        forbidden(rp.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
      );
    }
    if (key === 'labelSelector') {
      r.errs.push(...validateLabelName(rkey, rp.child('key')));
      values.forEach((v, j) => {
        for (const m of isValidLabelValue(v)) r.errs.push(invalid(rp.child('values').index(j), v, m));
      });
    }
  }
}

// Upstream prints the internal NonResourceAttributes struct, keyed by Go's field names.
function printedNonResource(nra: JsonObject | undefined): unknown {
  if (nra === undefined) return null;
  return { Path: nra['path'] ?? '', Verb: nra['verb'] ?? '' };
}

function validateAttributes(spec: JsonObject, r: Reader): JsonObject | undefined {
  const p = path('spec');
  const ra = r.obj(spec, 'resourceAttributes', p.child('resourceAttributes'));
  const nra = r.obj(spec, 'nonResourceAttributes', p.child('nonResourceAttributes'));
  if (ra !== undefined && nra !== undefined) {
    r.errs.push(
      invalid(
        p.child('nonResourceAttributes'),
        printedNonResource(nra),
        'cannot be specified in combination with resourceAttributes',
      ),
    );
  }
  if (ra === undefined && nra === undefined) {
    r.errs.push(
      invalid(
        p.child('resourceAttributes'),
        null,
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    );
  }
  return ra;
}

function validateSubjectSpec(obj: JsonObject, r: Reader, withUser: boolean): JsonObject {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p) ?? {};
  const ra = validateAttributes(spec, r);
  if (withUser) {
    const user = r.str(spec, 'user', p.child('user'));
    const groups = r.strs(spec, 'groups', p.child('groups'));
    if (user === '' && groups.length === 0) {
      r.errs.push(invalid(p.child('user'), user, 'at least one of user or group must be specified'));
    }
  }
  if (ra !== undefined) {
    const ap = path('spec.resourceAttributes');
    validateSelectorAttributes(ra, 'fieldSelector', ap.child('fieldSelector'), r);
    validateSelectorAttributes(ra, 'labelSelector', ap.child('labelSelector'), r);
  }
  return spec;
}

function metaOf(obj: JsonObject): JsonObject {
  return isObj(obj['metadata']) ? obj['metadata'] : {};
}

function createOnly(check: (obj: JsonObject) => FieldError[]): KindValidation {
  return { validate: check, validateUpdate: (obj) => check(obj) };
}

/** authorization.k8s.io/v1 SubjectAccessReview. */
export const subjectAccessReviewValidation: KindValidation = createOnly((obj) => {
  const r = new Reader([]);
  validateSubjectSpec(obj, r, true);
  const meta = metaOf(obj);
  if (!metaIsEmpty(meta, false)) r.errs.push(invalid(path('metadata'), printedMeta(meta), 'must be empty'));
  return r.errs;
});

/** authorization.k8s.io/v1 SelfSubjectAccessReview. */
export const selfSubjectAccessReviewValidation: KindValidation = createOnly((obj) => {
  const r = new Reader([]);
  validateSubjectSpec(obj, r, false);
  return r.errs;
});

/** authorization.k8s.io/v1 LocalSubjectAccessReview: namespaced, and the attributes must name that namespace. */
export const localSubjectAccessReviewValidation: KindValidation = createOnly((obj) => {
  const r = new Reader([]);
  const spec = validateSubjectSpec(obj, r, true);
  const meta = metaOf(obj);
  if (!metaIsEmpty(meta, true)) {
    r.errs.push(invalid(path('metadata'), printedMeta(meta), 'must be empty except for namespace'));
  }
  const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
  const q = new Reader([]);
  const ra = q.obj(spec, 'resourceAttributes', path('r'));
  if (ra !== undefined) {
    const raNamespace = q.str(ra, 'namespace', path('n'));
    if (raNamespace !== namespace) {
      r.errs.push(
        invalid(path('spec.resourceAttributes.namespace'), raNamespace, 'must match metadata.namespace'),
      );
    }
  }
  const nra = q.obj(spec, 'nonResourceAttributes', path('n'));
  if (nra !== undefined) {
    r.errs.push(
      invalid(
        path('spec.nonResourceAttributes'),
        printedNonResource(nra),
        'disallowed on this kind of request',
      ),
    );
  }
  return r.errs;
});

/**
 * authorization.k8s.io/v1 SelfSubjectRulesReview, authentication.k8s.io/v1 TokenReview and
 * SelfSubjectReview: upstream has no field validation for these (a missing token or namespace is
 * a Bad Request raised by the endpoint itself); only the JSON shape of the spec is checked.
 */
function shapeOnly(fields: ReadonlyArray<[string, 'string' | 'strings']>): KindValidation {
  return createOnly((obj) => {
    const r = new Reader([]);
    const spec = r.obj(obj, 'spec', path('spec'));
    for (const [key, kind] of fields) {
      if (kind === 'string') r.str(spec, key, path('spec', key));
      else r.strs(spec, key, path('spec', key));
    }
    return r.errs;
  });
}

/** authorization.k8s.io/v1 SelfSubjectRulesReview (spec shape only, as upstream). */
export const selfSubjectRulesReviewValidation: KindValidation = shapeOnly([['namespace', 'string']]);
/** authentication.k8s.io/v1 TokenReview (spec shape only, as upstream). */
export const tokenReviewValidation: KindValidation = shapeOnly([
  ['token', 'string'],
  ['audiences', 'strings'],
]);
/** authentication.k8s.io/v1 SelfSubjectReview (no spec; nothing to check, as upstream). */
export const selfSubjectReviewValidation: KindValidation = shapeOnly([]);
