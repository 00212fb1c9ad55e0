import { invalid, path, required } from '../../../apimachinery/field/index.js';
import { nameIsDNSSubdomain, validateImmutableField } from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { allVersionsHaveSchema, validateNames, validateSpec } from './crd-spec.js';
import { defineKind } from './kind.js';
import { isObj, quietReader, type Reader } from './shape.js';

const approvalAnnotation = 'api-approved.kubernetes.io';

function validateStoredVersions(obj: JsonObject, r: Reader): void {
  const p = path('status', 'storedVersions');
  // `status` itself was read (and its type reported) with the accepted names.
  const status = quietReader().obj(obj, 'status', path('status'));
  const stored = r.strs(status, 'storedVersions', p);
  if (stored.length === 0) {
    r.errs.push(invalid(p, stored, 'must have at least one stored version'));
    return;
  }
  const remaining = new Map<string, number>();
  stored.forEach((v, i) => {
    remaining.set(v, i);
  });
  const spec = quietReader().obj(obj, 'spec', path('spec'));
  for (const [v] of quietReader().objs(spec, 'versions', path('v'))) {
    const name = typeof v['name'] === 'string' ? v['name'] : '';
    if (v['storage'] === true && !remaining.has(name))
      r.errs.push(invalid(p, stored, `must have the storage version ${name}`));
    remaining.delete(name);
  }
  for (const [v, i] of remaining) {
    r.errs.push(
      invalid(
        p.index(i),
        v,
        `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`,
      ),
    );
  }
}

function approvalState(annotations: unknown): 'missing' | 'bypassed' | 'approved' | 'invalid' {
  const value =
    isObj(annotations) && typeof annotations[approvalAnnotation] === 'string'
      ? annotations[approvalAnnotation]
      : '';
  if (value === '') return 'missing';
  if (value.startsWith('unapproved')) return 'bypassed';
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]+/.test(value) ? 'approved' : 'invalid';
}

function validateApproval(obj: JsonObject, old: JsonObject | undefined, r: Reader): void {
  const spec = isObj(obj['spec']) ? obj['spec'] : {};
  const group = typeof spec['group'] === 'string' ? spec['group'] : '';
  const protectedGroup = ['k8s.io', 'kubernetes.io'].some((g) => group === g || group.endsWith(`.${g}`));
  if (!protectedGroup) return;
  const annotationsOf = (o: JsonObject): unknown =>
    isObj(o['metadata']) ? o['metadata']['annotations'] : undefined;
  const state = approvalState(annotationsOf(obj));
  if (old !== undefined && approvalState(annotationsOf(old)) === state) return;
  const p = path('metadata', 'annotations').key(approvalAnnotation);
  const annotations = annotationsOf(obj);
  const value = isObj(annotations) ? (annotations[approvalAnnotation] ?? '') : '';
  if (state === 'missing') {
    r.errs.push(
      required(
        p,
        `protected groups must have approval annotation "${approvalAnnotation}", see https://github.com/kubernetes/enhancements/pull/1111`,
      ),
    );
  } else if (state === 'invalid') {
    r.errs.push(
      invalid(
        p,
        value,
        `protected groups must have approval annotation "${approvalAnnotation}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`,
      ),
    );
  }
}

function validatePreserveUnknownFields(obj: JsonObject, old: JsonObject | undefined, r: Reader): void {
  const preserve = (o: JsonObject): boolean =>
    isObj(o['spec']) && o['spec']['preserveUnknownFields'] === true;
  if (old !== undefined && preserve(old)) return;
  if (preserve(obj)) {
    r.errs.push(
      invalid(
        path('spec', 'preserveUnknownFields'),
        true,
        'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
      ),
    );
  }
}

function acceptedNames(obj: JsonObject, r: Reader): void {
  const status = r.obj(obj, 'status', path('status'));
  validateNames(
    r.obj(status, 'acceptedNames', path('status', 'acceptedNames')),
    path('status', 'acceptedNames'),
    r,
  );
}

function requiredName(obj: JsonObject): string {
  const spec = isObj(obj['spec']) ? obj['spec'] : {};
  const names = isObj(spec['names']) ? spec['names'] : {};
  const plural = typeof names['plural'] === 'string' ? names['plural'] : '';
  const group = typeof spec['group'] === 'string' ? spec['group'] : '';
  return `${plural}.${group}`;
}

function established(o: JsonObject): boolean {
  const status = isObj(o['status']) ? o['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.some((c) => isObj(c) && c['type'] === 'Established' && c['status'] === 'True');
}

function recognizedOrEmpty(old: JsonObject): boolean {
  const q = quietReader();
  const conv = q.obj(q.obj(old, 'spec', path('s')), 'conversion', path('c'));
  if (conv === undefined) return true;
  const versions = q.strs(q.obj(conv, 'webhook', path('w')), 'conversionReviewVersions', path('v'));
  return versions.length === 0 || versions.some((v) => v === 'v1' || v === 'v1beta1');
}

/** apiextensions.k8s.io/v1 CustomResourceDefinition (no CEL, defaults or pruning checks). */
export const customResourceDefinitionValidation: KindValidation = (() => {
  const base = defineKind({
    namespaced: false,
    // The name must be `<plural>.<group>`; the object is needed, so the check is added below.
    nameFn: nameIsDNSSubdomain,
    createOnly(obj, r) {
      validateSpec(obj, r, true, true);
      acceptedNames(obj, r);
      validateStoredVersions(obj, r);
      validateApproval(obj, undefined, r);
      validatePreserveUnknownFields(obj, undefined, r);
    },
    update(obj, old, r) {
      validateSpec(obj, r, recognizedOrEmpty(old), allVersionsHaveSchema(old));
      const get = (o: JsonObject, ...keys: string[]): unknown => {
        let cur: unknown = o['spec'];
        for (const k of keys) cur = isObj(cur) ? cur[k] : undefined;
        return cur ?? '';
      };
      if (established(old)) {
        r.errs.push(...validateImmutableField(get(obj, 'scope'), get(old, 'scope'), path('spec', 'scope')));
        r.errs.push(
          ...validateImmutableField(
            get(obj, 'names', 'kind'),
            get(old, 'names', 'kind'),
            path('spec', 'names', 'kind'),
          ),
        );
      }
      r.errs.push(...validateImmutableField(get(obj, 'group'), get(old, 'group'), path('spec', 'group')));
      r.errs.push(
        ...validateImmutableField(
          get(obj, 'names', 'plural'),
          get(old, 'names', 'plural'),
          path('spec', 'names', 'plural'),
        ),
      );
      acceptedNames(obj, r);
      validateStoredVersions(obj, r);
      validateApproval(obj, old, r);
      validatePreserveUnknownFields(obj, old, r);
    },
    updateReplacesCreate: true,
    status(obj, _old, r) {
      acceptedNames(obj, r);
    },
  });
  return {
    ...base,
    validate(obj) {
      const errs = base.validate(obj);
      const meta = isObj(obj['metadata']) ? obj['metadata'] : {};
      const name = typeof meta['name'] === 'string' ? meta['name'] : '';
      if (name !== '' && name !== requiredName(obj)) {
        // Upstream's name rule appends this to the DNS checks, right after them.
        const at = errs.findIndex((e) => e.field !== 'metadata.name');
        const err = invalid(path('metadata', 'name'), name, 'must be spec.names.plural+"."+spec.group');
        errs.splice(at < 0 ? errs.length : at, 0, err);
      }
      return errs;
    },
  };
})();
