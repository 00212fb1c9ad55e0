import { type FieldError, type FieldPath, invalid, required } from '../../../apimachinery/field/index.js';
import {
  isConfigMapKey,
  isRelaxedEnvVarName,
  nameIsDNSSubdomain,
} from '../../../apimachinery/validation/index.js';
import {
  envFieldPaths,
  validateObjectFieldSelector,
  validateResourceFieldSelector,
} from './field-selectors.js';
import { type Dict, obj, objList, quiet, str } from './shape.js';

function validateKeySelector(s: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const name = str(s, 'name', fldPath, errs);
  const key = str(s, 'key', fldPath, errs);
  for (const msg of nameIsDNSSubdomain(name, false)) errs.push(invalid(fldPath.child('name'), name, msg));
  if (key === '') errs.push(required(fldPath.child('key')));
  else for (const msg of isConfigMapKey(key)) errs.push(invalid(fldPath.child('key'), key, msg));
}

function validateValueFrom(ev: Dict, fldPath: FieldPath, errs: FieldError[]): void {
  const from = obj(ev, 'valueFrom', fldPath, quiet());
  if (from === undefined) return;
  let n = 0;
  const fieldRef = obj(from, 'fieldRef', fldPath, errs);
  if (fieldRef !== undefined) {
    n++;
    validateObjectFieldSelector(fieldRef, envFieldPaths, fldPath.child('fieldRef'), errs);
  }
  const resourceFieldRef = obj(from, 'resourceFieldRef', fldPath, errs);
  if (resourceFieldRef !== undefined) {
    n++;
    validateResourceFieldSelector(resourceFieldRef, fldPath.child('resourceFieldRef'), false, errs);
  }
  const cm = obj(from, 'configMapKeyRef', fldPath, errs);
  if (cm !== undefined) {
    n++;
    validateKeySelector(cm, fldPath.child('configMapKeyRef'), errs);
  }
  const secret = obj(from, 'secretKeyRef', fldPath, errs);
  if (secret !== undefined) {
    n++;
    validateKeySelector(secret, fldPath.child('secretKeyRef'), errs);
  }
  const value = typeof ev['value'] === 'string' ? ev['value'] : '';
  if (n === 0) {
    errs.push(
      invalid(
        fldPath,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (value.length !== 0) {
    errs.push(invalid(fldPath, '', 'may not be specified when `value` is not empty'));
  } else if (n > 1) {
    errs.push(invalid(fldPath, '', 'may not have more than one field specified at a time'));
  }
}

/**
 * Upstream's ValidateEnv with relaxed names (any printable ASCII but `=`): name required and
 * valid, and `valueFrom` naming exactly one source (not beside a non-empty `value`). Appends.
 */
export function validateEnv(ctr: Dict, ctrPath: FieldPath, errs: FieldError[]): void {
  const fldPath = ctrPath.child('env');
  for (const { item, index } of objList(ctr, 'env', ctrPath, errs)) {
    const idxPath = fldPath.index(index);
    const name = str(item, 'name', idxPath, errs);
    str(item, 'value', idxPath, errs);
    obj(item, 'valueFrom', idxPath, errs);
    if (name === '') errs.push(required(idxPath.child('name')));
    else for (const msg of isRelaxedEnvVarName(name)) errs.push(invalid(idxPath.child('name'), name, msg));
    validateValueFrom(item, idxPath.child('valueFrom'), errs);
  }
}

/**
 * Upstream's ValidateEnvFrom: a prefix that is a relaxed env var name, and exactly one of
 * configMapRef and secretRef, whose name (checked as a prefix) is required. Appends.
 */
export function validateEnvFrom(ctr: Dict, ctrPath: FieldPath, errs: FieldError[]): void {
  const fldPath = ctrPath.child('envFrom');
  for (const { item, index } of objList(ctr, 'envFrom', ctrPath, errs)) {
    const idxPath = fldPath.index(index);
    const prefix = str(item, 'prefix', idxPath, errs);
    if (prefix.length > 0) {
      for (const msg of isRelaxedEnvVarName(prefix)) errs.push(invalid(idxPath.child('prefix'), prefix, msg));
    }
    let n = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const ref = obj(item, kind, idxPath, errs);
      if (ref === undefined) continue;
      n++;
      const p = idxPath.child(kind);
      const name = str(ref, 'name', p, errs);
      if (name === '') errs.push(required(p.child('name')));
      else for (const msg of nameIsDNSSubdomain(name, true)) errs.push(invalid(p.child('name'), name, msg));
    }
    if (n === 0) errs.push(invalid(fldPath, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalid(fldPath, '', 'may not have more than one field specified at a time'));
  }
}
