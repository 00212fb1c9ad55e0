import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import { inclusiveRangeError, validateObjectMetaUpdate } from '../../../apimachinery/validation/index.js';
import type { PodValidationOptions } from './options.js';
import {
  annotationsOf,
  mirrorPodAnnotation,
  validatePodAnnotationUpdates,
  validatePodSpecificAnnotations,
} from './pod-annotations.js';
import { validatePodSpec } from './pod-spec.js';
import { hasInvalidDeletionCost, specOf, validatePodMetadataAndSpec } from './pod.js';
import { validateTolerations } from './scheduling.js';
import { type Dict, isDict, objList, quiet } from './shape.js';

/**
 * Validation options relaxed where a stored spec already relies on a relaxed rule (so that objects
 * written under older rules stay updatable); otherwise strict. The relaxed rules are found by
 * validating the stored spec strictly. Pure.
 */
export function relaxedOptions(
  oldSpec: unknown,
  oldMeta: unknown,
  resourceIsPod: boolean,
): PodValidationOptions {
  const oldErrs = validatePodSpec(oldSpec, resourceIsPod ? oldMeta : undefined, path('spec'), {
    resourceIsPod,
  });
  const some = (pred: (e: FieldError) => boolean): boolean => oldErrs.some(pred);
  return {
    resourceIsPod,
    allowInvalidPodDeletionCost: hasInvalidDeletionCost(oldMeta),
    allowIndivisibleHugePagesValues: some((e) => e.detail.includes('is not positive integer multiple of')),
    allowInvalidLabelValueInSelector: some(
      (e) =>
        /^spec\.affinity\.pod(Anti)?Affinity\./.test(e.field) && e.detail.startsWith('a valid label must'),
    ),
    allowInvalidTopologySpreadConstraintLabelSelector: some(
      (e) => e.field.startsWith('spec.topologySpreadConstraints') && e.field.includes('.labelSelector'),
    ),
    allowNonLocalProjectedTokenPath: some((e) => /^spec\.volumes\[\d+\]\.projected\.path$/.test(e.field)),
    allowNamespacedSysctlsForHostNetAndHostIPC: some((e) => e.detail.startsWith('may not be specified when')),
    allowInvalidLabelValueInRequiredNodeAffinity: some(
      (e) =>
        e.field.startsWith('spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution') &&
        e.detail.startsWith('a valid label must'),
    ),
  };
}

/** The options for validating a pod as an update of the stored pod `old`. Pure. */
export function updateOptions(old: Dict): PodValidationOptions {
  return relaxedOptions(old['spec'], old['metadata'], true);
}

/**
 * The options for validating a pod template (of a workload) as an update of the stored template
 * `oldTemplate`. Pure.
 */
export function templateUpdateOptions(oldTemplate: unknown): PodValidationOptions {
  const t = isDict(oldTemplate) ? oldTemplate : {};
  return relaxedOptions(t['spec'], t['metadata'], false);
}

const updatableFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function list(spec: Dict, key: string): unknown[] {
  return Array.isArray(spec[key]) ? spec[key] : [];
}

function containerUpdates(n: Dict, o: Dict, key: string, specPath: FieldPath, errs: FieldError[]): boolean {
  const nl = list(n, key);
  if (nl.length !== list(o, key).length) {
    errs.push(forbidden(specPath.child(key), 'pod updates may not add or remove containers'));
    return true;
  }
  nl.forEach((c, i) => {
    const image = isDict(c) && typeof c['image'] === 'string' ? c['image'] : '';
    if (image === '') errs.push(required(specPath.child(key).index(i).child('image')));
    if (image.trim() !== image) {
      errs.push(
        invalid(
          specPath.child(key).index(i).child('image'),
          image,
          'must not have leading or trailing whitespace',
        ),
      );
    }
  });
  return false;
}

// Go's semantic equality treats a nil and an empty list or map alike; drop both forms (and
// nulls) before comparing. Empty structs are dropped too: JSON cannot tell them from empty maps.
export function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (!isDict(v)) return v;
  const out: Dict = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue;
    if (Array.isArray(x) && x.length === 0) continue;
    const n = normalize(x);
    if (isDict(n) && Object.keys(n).length === 0) continue;
    out[k] = n;
  }
  return out;
}

function tolerationKey(t: unknown): unknown {
  if (!isDict(t)) return t;
  const { tolerationSeconds: _ignored, ...rest } = t;
  return normalize(rest);
}

function describeDiff(oldSpec: Dict, newSpec: Dict): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].sort();
  const lines = ['  v1.PodSpec{'];
  for (const k of keys) {
    if (deepEqual(oldSpec[k], newSpec[k])) continue;
    if (k in oldSpec) lines.push(`- \t${k}: ${JSON.stringify(oldSpec[k])},`);
    if (k in newSpec) lines.push(`+ \t${k}: ${JSON.stringify(newSpec[k])},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

function validateNodeSelectorAdditions(n: Dict, o: Dict, specPath: FieldPath, errs: FieldError[]): void {
  const nsel = isDict(n['nodeSelector']) ? n['nodeSelector'] : {};
  const osel = isDict(o['nodeSelector']) ? o['nodeSelector'] : {};
  for (const [k, v] of Object.entries(osel)) {
    if (nsel[k] !== v) {
      errs.push(
        invalid(
          specPath.child('nodeSelector'),
          nsel,
          'only additions to spec.nodeSelector are allowed (no mutations or deletions)',
        ),
      );
      return;
    }
  }
}

function requiredTerms(spec: Dict): unknown[] | undefined {
  const a = isDict(spec['affinity']) ? spec['affinity'] : undefined;
  const na = a !== undefined && isDict(a['nodeAffinity']) ? a['nodeAffinity'] : undefined;
  const req = na?.['requiredDuringSchedulingIgnoredDuringExecution'];
  if (!isDict(req)) return undefined;
  return Array.isArray(req['nodeSelectorTerms']) ? req['nodeSelectorTerms'] : [];
}

function onlyAdditions(nt: unknown, ot: unknown): boolean {
  const n = isDict(nt) ? nt : {};
  const o = isDict(ot) ? ot : {};
  const arrOf = (d: Dict, k: string): unknown[] => (Array.isArray(d[k]) ? d[k] : []);
  if (arrOf(o, 'matchExpressions').length === 0 && arrOf(o, 'matchFields').length === 0) {
    if (arrOf(n, 'matchExpressions').length > 0 || arrOf(n, 'matchFields').length > 0) return false;
  }
  for (const k of ['matchExpressions', 'matchFields']) {
    const ol = arrOf(o, k);
    const nl = arrOf(n, k);
    if (
      ol.length > 0 &&
      (nl.length < ol.length || !deepEqual(normalize(nl.slice(0, ol.length)), normalize(ol)))
    )
      return false;
  }
  return true;
}

function validateNodeAffinityMutation(n: Dict, o: Dict, specPath: FieldPath, errs: FieldError[]): void {
  const oldTerms = requiredTerms(o);
  if (oldTerms === undefined) return;
  const newTerms = requiredTerms(n) ?? [];
  const p = specPath.child(
    'affinity',
    'nodeAffinity',
    'requiredDuringSchedulingIgnoredDuringExecution',
    'nodeSelectorTerms',
  );
  if (oldTerms.length > 0 && oldTerms.length !== newTerms.length) {
    errs.push(invalid(p, newTerms, 'no additions/deletions to non-empty NodeSelectorTerms list are allowed'));
    return;
  }
  oldTerms.forEach((ot, i) => {
    if (!onlyAdditions(newTerms[i], ot)) {
      errs.push(invalid(p.index(i), newTerms[i], 'only additions are allowed (no mutations or deletions)'));
    }
  });
}

function nodeAffinityOf(spec: Dict): unknown {
  const a = isDict(spec['affinity']) ? spec['affinity'] : undefined;
  return a?.['nodeAffinity'];
}

/**
 * Upstream's ValidatePodUpdate: metadata update rules, the new pod valid, and a spec that differs
 * from the stored one only in container images, a lowered or newly set activeDeadlineSeconds,
 * added tolerations (or changed tolerationSeconds), removed scheduling gates, a grace period moved
 * from negative to 1, and, while the pod is gated, added node selectors and node affinity terms.
 * Pure.
 */
export function validatePodUpdate(
  pod: Dict,
  old: Dict,
  opts: PodValidationOptions = updateOptions(old),
): FieldError[] {
  const metaPath = path('metadata');
  const specPath = path('spec');
  const errs = validateObjectMetaUpdate(pod['metadata'], old['metadata'], metaPath);
  errs.push(...validatePodMetadataAndSpec(pod, opts));
  const ann = annotationsOf(pod['metadata']);
  const n = specOf(pod);
  const o = specOf(old);
  errs.push(
    ...validatePodAnnotationUpdates(ann, annotationsOf(old['metadata']), metaPath.child('annotations')),
  );
  errs.push(
    ...validatePodSpecificAnnotations(
      ann,
      n,
      metaPath.child('annotations'),
      opts.allowInvalidPodDeletionCost === true,
    ),
  );
  if (containerUpdates(n, o, 'containers', specPath, errs)) return errs;
  if (containerUpdates(n, o, 'initContainers', specPath, errs)) return errs;

  const nads = typeof n['activeDeadlineSeconds'] === 'number' ? n['activeDeadlineSeconds'] : undefined;
  const oads = typeof o['activeDeadlineSeconds'] === 'number' ? o['activeDeadlineSeconds'] : undefined;
  const adsPath = specPath.child('activeDeadlineSeconds');
  if (nads !== undefined) {
    if (nads < 0 || nads > 2147483647) {
      errs.push(invalid(adsPath, nads, inclusiveRangeError(0, 2147483647)));
      return errs;
    }
    if (oads !== undefined && oads < nads) {
      errs.push(invalid(adsPath, nads, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oads !== undefined) {
    errs.push(invalid(adsPath, null, 'must not update from a positive integer to nil value'));
  }

  const newTolerations = list(n, 'tolerations');
  const tolPath = specPath.child('tolerations');
  const kept = list(o, 'tolerations').every((ot) =>
    newTolerations.some((nt) => deepEqual(tolerationKey(ot), tolerationKey(nt))),
  );
  if (!kept)
    errs.push(forbidden(tolPath, 'existing toleration can not be modified except its tolerationSeconds'));
  else validateTolerations(objList(n, 'tolerations', specPath, quiet()), tolPath, errs);

  const newGates = list(n, 'schedulingGates');
  if (newGates.length > 0) {
    const oldNames = new Set(list(o, 'schedulingGates').map((g) => (isDict(g) ? g['name'] : undefined)));
    const added = new Map<string, number>();
    newGates.forEach((g, i) => {
      const name = isDict(g) && typeof g['name'] === 'string' ? g['name'] : '';
      added.set(name, i);
    });
    for (const [name, i] of added) {
      if (!oldNames.has(name)) {
        errs.push(
          forbidden(
            specPath.child('schedulingGates').index(i).child('name'),
            `only deletion is allowed, but found new scheduling gate '${name}'`,
          ),
        );
      }
    }
  }

  if (deepEqual(normalize(n), normalize(o))) return errs;
  const munged: Dict = { ...n };
  for (const key of ['containers', 'initContainers']) {
    const ol = list(o, key);
    munged[key] = list(n, key).map((c, i) => {
      const oc = ol[i];
      if (!isDict(c)) return c;
      return { ...c, image: isDict(oc) ? oc['image'] : undefined };
    });
  }
  munged['activeDeadlineSeconds'] = o['activeDeadlineSeconds'];
  munged['schedulingGates'] = o['schedulingGates'];
  munged['tolerations'] = o['tolerations'];
  const ogp = o['terminationGracePeriodSeconds'];
  if (typeof ogp === 'number' && ogp < 0 && munged['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = ogp;
  }
  if (list(o, 'schedulingGates').length > 0) {
    if (!deepEqual(normalize(munged['nodeSelector'] ?? {}), normalize(o['nodeSelector'] ?? {}))) {
      validateNodeSelectorAdditions(munged, o, specPath, errs);
      munged['nodeSelector'] = o['nodeSelector'];
    }
    if (!deepEqual(normalize(nodeAffinityOf(munged)), normalize(nodeAffinityOf(o)))) {
      validateNodeAffinityMutation(munged, o, specPath, errs);
      const affinity: Dict = isDict(munged['affinity']) ? { ...munged['affinity'] } : {};
      affinity['nodeAffinity'] = nodeAffinityOf(o);
      munged['affinity'] = affinity;
    }
  }
  if (!deepEqual(normalize(munged), normalize(o))) {
    errs.push(
      forbidden(
        specPath,
        `pod updates may not change fields other than ${updatableFields.join(',')}\n${describeDiff(o, munged)}`,
      ),
    );
  }
  return errs;
}

/**
 * Upstream's ValidatePodEphemeralContainersUpdate (the `ephemeralcontainers` subresource): the
 * new pod valid, no static pod, and existing ephemeral containers neither removed nor changed.
 */
export function validatePodEphemeralContainersUpdate(
  pod: Dict,
  old: Dict,
  opts: PodValidationOptions = updateOptions(old),
): FieldError[] {
  const metaPath = path('metadata');
  const errs = validateObjectMetaUpdate(pod['metadata'], old['metadata'], metaPath);
  errs.push(...validatePodMetadataAndSpec(pod, opts));
  const ann = annotationsOf(pod['metadata']);
  errs.push(
    ...validatePodAnnotationUpdates(ann, annotationsOf(old['metadata']), metaPath.child('annotations')),
  );
  errs.push(
    ...validatePodSpecificAnnotations(
      ann,
      specOf(pod),
      metaPath.child('annotations'),
      opts.allowInvalidPodDeletionCost === true,
    ),
  );
  if (mirrorPodAnnotation in annotationsOf(old['metadata'])) {
    return [forbidden('', 'static pods do not support ephemeral containers')];
  }
  const specPath = path('spec', 'ephemeralContainers');
  const byName = new Map<unknown, unknown>();
  for (const c of list(specOf(pod), 'ephemeralContainers')) if (isDict(c)) byName.set(c['name'], c);
  for (const oc of list(specOf(old), 'ephemeralContainers')) {
    if (!isDict(oc)) continue;
    const name = String(oc['name']);
    const nc = byName.get(oc['name']);
    if (nc === undefined) {
      errs.push(forbidden(specPath, `existing ephemeral containers "${name}" may not be removed\n`));
    } else if (!deepEqual(normalize(oc), normalize(nc))) {
      errs.push(forbidden(specPath, `existing ephemeral containers "${name}" may not be changed\n`));
    }
  }
  return errs;
}
