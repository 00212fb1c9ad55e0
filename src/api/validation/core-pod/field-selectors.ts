import {
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import { QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import { isQualifiedName } from '../../../apimachinery/validation/index.js';
import { type Dict, str } from './shape.js';

/** Pod fields an env var may take from the downward API. */
export const envFieldPaths: readonly string[] = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

/** Pod fields a downward API volume file may hold. */
export const volumeFieldPaths: readonly string[] = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];

const resourceFieldPaths: readonly string[] = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

// Field labels the v1 pod conversion knows; `spec.host` is the old spelling of spec.nodeName.
const convertibleLabels = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** `metadata.labels['key']` → [`metadata.labels`, `key`]; undefined when not subscripted. */
export function splitSubscriptedPath(p: string): [string, string] | undefined {
  if (!p.endsWith("']")) return undefined;
  const s = p.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

function convertFieldLabel(version: string, label: string): { ok: string } | { err: string } {
  if (version !== 'v1') return { err: `unsupported pod version: ${version}` };
  const sub = splitSubscriptedPath(label);
  if (sub !== undefined) {
    if (sub[0] === 'metadata.annotations' || sub[0] === 'metadata.labels') return { ok: label };
    return { err: `field label does not support subscript: ${label}` };
  }
  if (convertibleLabels.has(label)) return { ok: label };
  if (label === 'spec.host') return { ok: 'spec.nodeName' };
  return { err: `field label not supported: ${label}` };
}

/**
 * Upstream's validateObjectFieldSelector: apiVersion and fieldPath required, the path known to
 * the v1 pod conversion, subscripts only on labels/annotations (qualified keys), and the path in
 * `allowed`. Appends to `errs`.
 */
export function validateObjectFieldSelector(
  fs: Dict,
  allowed: readonly string[],
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const apiVersion = str(fs, 'apiVersion', fldPath, errs);
  const fieldPath = str(fs, 'fieldPath', fldPath, errs);
  if (apiVersion === '') {
    errs.push(required(fldPath.child('apiVersion')));
    return;
  }
  if (fieldPath === '') {
    errs.push(required(fldPath.child('fieldPath')));
    return;
  }
  const converted = convertFieldLabel(apiVersion, fieldPath);
  if ('err' in converted) {
    errs.push(invalid(fldPath.child('fieldPath'), fieldPath, `error converting fieldPath: ${converted.err}`));
    return;
  }
  const internal = converted.ok;
  const sub = splitSubscriptedPath(internal);
  if (sub !== undefined) {
    const [base, key] = sub;
    if (base === 'metadata.annotations') {
      const k = key.toLowerCase();
      for (const msg of isQualifiedName(k)) errs.push(invalid(fldPath, k, msg));
    } else if (base === 'metadata.labels') {
      for (const msg of isQualifiedName(key)) errs.push(invalid(fldPath, key, msg));
    } else {
      errs.push(invalid(fldPath, base, 'does not support subscript'));
    }
  } else if (!allowed.includes(internal)) {
    errs.push(notSupported(fldPath.child('fieldPath'), internal, allowed));
  }
}

const memoryDivisors = new Set([
  '1',
  '1k',
  '1M',
  '1G',
  '1T',
  '1P',
  '1E',
  '1Ki',
  '1Mi',
  '1Gi',
  '1Ti',
  '1Pi',
  '1Ei',
]);

function divisorErrors(resource: string, divisor: string): string | undefined {
  switch (resource) {
    case 'limits.cpu':
    case 'requests.cpu':
      return divisor === '1m' || divisor === '1'
        ? undefined
        : "only divisor's values 1m and 1 are supported with the cpu resource";
    case 'limits.memory':
    case 'requests.memory':
      return memoryDivisors.has(divisor)
        ? undefined
        : "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource";
    case 'limits.ephemeral-storage':
    case 'requests.ephemeral-storage':
      return memoryDivisors.has(divisor)
        ? undefined
        : "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource";
  }
  return undefined;
}

/**
 * Upstream's validateContainerResourceFieldSelector: containerName required in volumes, resource
 * required and one of the container resource paths (or a hugepages path), and a divisor the
 * resource supports. Appends to `errs`.
 */
export function validateResourceFieldSelector(
  fs: Dict,
  fldPath: FieldPath,
  volume: boolean,
  errs: FieldError[],
): void {
  const containerName = str(fs, 'containerName', fldPath, errs);
  const resource = str(fs, 'resource', fldPath, errs);
  if (volume && containerName === '') {
    errs.push(required(fldPath.child('containerName')));
  } else if (resource === '') {
    errs.push(required(fldPath.child('resource')));
  } else if (
    !resourceFieldPaths.includes(resource) &&
    !resource.startsWith('requests.hugepages-') &&
    !resource.startsWith('limits.hugepages-')
  ) {
    errs.push(notSupported(fldPath.child('resource'), resource, resourceFieldPaths));
  }
  const raw = fs['divisor'];
  if (raw === undefined || raw === null) return;
  let divisor: string;
  try {
    const q = quantityFromJSON(raw);
    if (q.isZero()) return;
    divisor = q.toString();
  } catch (e) {
    if (!(e instanceof QuantityError)) throw e;
    errs.push(invalid(fldPath.child('divisor'), raw, e.message));
    return;
  }
  const msg = divisorErrors(resource, divisor);
  if (msg !== undefined) errs.push(invalid(fldPath.child('divisor'), resource, msg));
  if (
    (resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) &&
    !memoryDivisors.has(divisor)
  ) {
    errs.push(
      invalid(
        fldPath.child('divisor'),
        resource,
        "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource",
      ),
    );
  }
}
