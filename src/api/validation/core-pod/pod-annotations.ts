import {
  type FieldError,
  type FieldPath,
  forbidden,
  goQuote,
  invalid,
} from '../../../apimachinery/field/index.js';
import { validateLocalDescendingPath } from './paths.js';
import { visitContainers } from './os-rules.js';
import { validateTolerations } from './scheduling.js';
import { type Dict, isDict } from './shape.js';

/** Marks a mirror of a static pod; its value is the static pod's hash. */
export const mirrorPodAnnotation = 'kubernetes.io/config.mirror';
const deletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';
const tolerationsAnnotation = 'scheduler.alpha.kubernetes.io/tolerations';
const seccompPodAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';
const seccompContainerPrefix = 'container.seccomp.security.alpha.kubernetes.io/';
const appArmorPrefix = 'container.apparmor.security.beta.kubernetes.io/';

/** The string annotations of a metadata object (other values are reported by ObjectMeta checks). */
export function annotationsOf(meta: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isDict(meta) || !isDict(meta['annotations'])) return out;
  for (const [k, v] of Object.entries(meta['annotations'])) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Whether a deletion-cost annotation value is a 32-bit integer without `+` or leading zeros. */
export function validDeletionCost(value: string): boolean {
  if (value === '') return false;
  const c = value[0]!;
  const firstOk = c === '-' || value === '0' || (c >= '1' && c <= '9');
  if (!firstOk || !/^-?[0-9]+$/.test(value)) return false;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647;
}

// The alpha tolerations annotation holds a JSON list of tolerations, checked like the field. The
// parse error text is JavaScript's, not Go's.
function validateTolerationsAnnotation(text: string, fldPath: FieldPath, errs: FieldError[]): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    errs.push(invalid(fldPath, tolerationsAnnotation, e instanceof Error ? e.message : String(e)));
    return;
  }
  if (parsed === null) return;
  if (!Array.isArray(parsed) || !parsed.every((t) => t === null || isDict(t))) {
    errs.push(invalid(fldPath, tolerationsAnnotation, 'must be a JSON list of tolerations'));
    return;
  }
  const list = parsed.map((t, index) => ({ item: isDict(t) ? t : {}, index }));
  validateTolerations(list, fldPath.child(tolerationsAnnotation), errs);
}

function validateSeccompAnnotation(p: string, fldPath: FieldPath): FieldError[] {
  if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return [];
  if (p.startsWith('localhost/')) return validateLocalDescendingPath(p.slice('localhost/'.length), fldPath);
  return [invalid(fldPath, p, 'must be a valid seccomp profile')];
}

/**
 * Upstream's ValidatePodSpecificAnnotations: the mirror annotation needs spec.nodeName, the
 * deletion cost is a 32-bit integer (unless `allowInvalidDeletionCost`), seccomp annotations name
 * valid profiles, AppArmor annotations name existing containers and valid profiles.
 */
export function validatePodSpecificAnnotations(
  ann: Readonly<Record<string, string>>,
  spec: Dict,
  fldPath: FieldPath,
  allowInvalidDeletionCost: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const mirror = ann[mirrorPodAnnotation];
  if (mirror !== undefined && (typeof spec['nodeName'] !== 'string' || spec['nodeName'] === '')) {
    errs.push(
      invalid(
        fldPath.key(mirrorPodAnnotation),
        mirror,
        'must set spec.nodeName if mirror pod annotation is set',
      ),
    );
  }
  const tolerations = ann[tolerationsAnnotation];
  if (tolerations !== undefined && tolerations !== '') {
    validateTolerationsAnnotation(tolerations, fldPath, errs);
  }
  const cost = ann[deletionCostAnnotation];
  if (!allowInvalidDeletionCost && cost !== undefined && !validDeletionCost(cost)) {
    errs.push(invalid(fldPath.key(deletionCostAnnotation), cost, 'must be a 32bit integer'));
  }
  // Upstream builds these two paths with Child, so they print with a dot.
  const podSeccomp = ann[seccompPodAnnotation];
  if (podSeccomp !== undefined)
    errs.push(...validateSeccompAnnotation(podSeccomp, fldPath.child(seccompPodAnnotation)));
  for (const [k, v] of Object.entries(ann)) {
    if (k.startsWith(seccompContainerPrefix)) errs.push(...validateSeccompAnnotation(v, fldPath.child(k)));
  }
  const names = new Set(visitContainers(spec, fldPath).map(({ ctr }) => ctr['name']));
  for (const [k, v] of Object.entries(ann)) {
    if (!k.startsWith(appArmorPrefix)) continue;
    const container = k.slice(appArmorPrefix.length);
    if (!names.has(container)) errs.push(invalid(fldPath.key(k), container, 'container not found'));
    if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) {
      errs.push(invalid(fldPath.key(k), v, `invalid AppArmor profile name: ${goQuote(v)}`));
    }
  }
  return errs;
}

/** Upstream's ValidatePodSpecificAnnotationUpdates: AppArmor and mirror annotations are fixed. */
export function validatePodAnnotationUpdates(
  ann: Readonly<Record<string, string>>,
  oldAnn: Readonly<Record<string, string>>,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, oldVal] of Object.entries(oldAnn)) {
    if (ann[k] === oldVal) continue;
    if (k.startsWith(appArmorPrefix))
      errs.push(forbidden(fldPath.key(k), 'may not remove or update AppArmor annotations'));
    if (k === mirrorPodAnnotation)
      errs.push(forbidden(fldPath.key(k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(ann)) {
    if (k in oldAnn) continue;
    if (k.startsWith(appArmorPrefix))
      errs.push(forbidden(fldPath.key(k), 'may not add AppArmor annotations'));
    if (k === mirrorPodAnnotation) errs.push(forbidden(fldPath.key(k), 'may not add mirror pod annotation'));
  }
  return errs;
}

function profileOf(sc: unknown, key: string): Dict | undefined {
  return isDict(sc) && isDict(sc[key]) ? sc[key] : undefined;
}

/**
 * Upstream's create-time checks that seccomp and AppArmor annotations agree with the fields
 * when both are given (AppArmor skipped for windows pods).
 */
export function validateAnnotationsMatchFields(
  ann: Readonly<Record<string, string>>,
  spec: Dict,
  specPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const seccompMatch = (annotation: string, f: Dict, p: FieldPath): void => {
    const type = f['type'];
    const local = typeof f['localhostProfile'] === 'string' ? f['localhostProfile'] : undefined;
    const typeErr = forbidden(p.child('type'), 'seccomp type in annotation and field must match');
    if (type === 'Unconfined' && annotation !== 'unconfined') errs.push(typeErr);
    if (type === 'RuntimeDefault' && annotation !== 'runtime/default' && annotation !== 'docker/default')
      errs.push(typeErr);
    if (type === 'Localhost') {
      if (!annotation.startsWith('localhost/')) errs.push(typeErr);
      else if (local === undefined || annotation.slice('localhost/'.length) !== local) {
        errs.push(
          forbidden(p.child('localhostProfile'), 'seccomp profile in annotation and field must match'),
        );
      }
    }
  };
  const podSeccomp = profileOf(spec['securityContext'], 'seccompProfile');
  const podAnn = ann[seccompPodAnnotation];
  if (podSeccomp !== undefined && podAnn !== undefined) {
    seccompMatch(podAnn, podSeccomp, specPath.child('securityContext', 'seccompProfile'));
  }
  const ctrs = visitContainers(spec, specPath);
  for (const { ctr, path } of ctrs) {
    const f = profileOf(ctr['securityContext'], 'seccompProfile');
    const a = ann[`${seccompContainerPrefix}${String(ctr['name'])}`];
    if (f !== undefined && a !== undefined)
      seccompMatch(a, f, path.child('securityContext', 'seccompProfile'));
  }
  const os = isDict(spec['os']) ? spec['os']['name'] : undefined;
  if (os === 'windows') return errs;
  const podProfile = profileOf(spec['securityContext'], 'appArmorProfile');
  for (const { ctr, path } of ctrs) {
    const profile = profileOf(ctr['securityContext'], 'appArmorProfile') ?? podProfile;
    const a = ann[`${appArmorPrefix}${String(ctr['name'])}`];
    if (profile === undefined || a === undefined) continue;
    const p = path.child('securityContext', 'appArmorProfile');
    const typeErr = forbidden(p.child('type'), 'apparmor type in annotation and field must match');
    const type = profile['type'];
    if (type === 'Unconfined' && a !== 'unconfined') errs.push(typeErr);
    if (type === 'RuntimeDefault' && a !== 'runtime/default') errs.push(typeErr);
    if (type === 'Localhost') {
      if (!a.startsWith('localhost/')) errs.push(typeErr);
      else if (a.slice('localhost/'.length) !== profile['localhostProfile']) {
        errs.push(
          forbidden(p.child('localhostProfile'), 'apparmor profile in annotation and field must match'),
        );
      }
    }
  }
  return errs;
}
