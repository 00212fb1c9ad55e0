import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  internalError,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  isConfigMapKey,
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateLabelName,
  validateNamespaceName,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { isIPv6CIDRString, validateCIDR } from './ip.js';
import { createMeta, updateMeta } from './meta.js';
import { validateResourceQuantityValue } from '../resources.js';
import { type Dict, jsonEqual, obj, objList, quiet, resourceList, str, strList, topObj } from './shape.js';

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const changeMsg = (f: string): string => `node updates may not change ${f} except from "" to valid`;

/** Upstream's validateNodeTaints: label-name keys, label values, known effects, unique key+effect. */
export function validateTaints(taints: readonly Dict[], fldPath: FieldPath, errs: FieldError[]): void {
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const p = fldPath.index(i);
    const key = str(t, 'key', p, errs);
    errs.push(...validateLabelName(key, p.child('key')));
    const value = str(t, 'value', p, errs);
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length > 0) errs.push(invalid(p.child('value'), value, valueErrs.join(';')));
    const effect = str(t, 'effect', p, errs);
    if (effect === '') errs.push(required(p.child('effect'), ''));
    else if (!taintEffects.includes(effect)) errs.push(notSupported(p.child('effect'), effect, taintEffects));
    const id = `${effect}\u0000${key}`;
    if (seen.has(id)) {
      const shown = { Key: key, Value: value, Effect: effect, TimeAdded: t['timeAdded'] ?? null };
      errs.push({ ...duplicate(p, shown), detail: 'taints must be unique by key and effect pair' });
      return;
    }
    seen.add(id);
  });
}

function validateResources(node: JsonObject, errs: FieldError[]): void {
  const status = topObj(node, 'status', errs);
  for (const field of ['capacity', 'allocatable']) {
    for (const [k, q] of resourceList(status, field, path('status'), errs)) {
      // Upstream builds these paths with Child, not Key.
      errs.push(...validateResourceQuantityValue(k, q, path('status', field, k)));
    }
  }
}

// Upstream prints internal Go structs (no JSON tags) in Duplicate errors, so the values shown use
// Go's field names; the shared formatter orders their keys alphabetically where Go keeps field order.

// The node spec lists taints under `metadata.taints` in upstream's errors; kept for fidelity.
const taintsPath = path('metadata').child('taints');

/**
 * Upstream's ValidateNode: metadata (cluster-scoped, DNS subdomain names), taints, capacity and
 * allocatable quantities, and podCIDRs valid, one per family and without repeats. Pure.
 */
export function validateNode(node: JsonObject): FieldError[] {
  const errs = createMeta(node, false, nameIsDNSSubdomain);
  const spec = topObj(node, 'spec', errs);
  validateTaints(objList(spec, 'taints', path('spec'), errs), taintsPath, errs);
  validateResources(node, errs);
  const cidrs = strList(spec, 'podCIDRs', path('spec'), errs);
  const cidrsPath = path('spec', 'podCIDRs');
  cidrs.forEach((c, i) => {
    errs.push(...validateCIDR(cidrsPath.index(i), c));
  });
  if (cidrs.length > 1) {
    const bad = cidrs.findIndex((c) => validateCIDR(cidrsPath, c).length > 0);
    if (bad >= 0) {
      errs.push(
        internalError(
          cidrsPath,
          `invalid PodCIDRs. failed to check with dual stack with error:invalid CIDR[${bad}]: <nil> (invalid CIDR address: ${cidrs[bad]})`,
        ),
      );
    }
    const v6 = cidrs.filter(isIPv6CIDRString).length;
    if (bad >= 0 || v6 === 0 || v6 === cidrs.length || cidrs.length > 2) {
      errs.push(invalid(cidrsPath, cidrs, 'may specify no more than one CIDR for each IP family'));
    }
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(duplicate(cidrsPath.index(i), c));
      seen.add(c);
    });
  }
  return errs;
}

function validateConfigMapSource(cm: Dict, p: FieldPath, inStatus: boolean, errs: FieldError[]): void {
  const uid = str(cm, 'uid', p, errs);
  const rv = str(cm, 'resourceVersion', p, errs);
  if (inStatus) {
    if (uid === '') errs.push(required(p.child('uid'), 'uid must be set in status'));
    if (rv === '') errs.push(required(p.child('resourceVersion'), 'resourceVersion must be set in status'));
  } else {
    if (uid !== '') errs.push(forbidden(p.child('uid'), 'uid must not be set in spec'));
    if (rv !== '')
      errs.push(forbidden(p.child('resourceVersion'), 'resourceVersion must not be set in spec'));
  }
  const ns = str(cm, 'namespace', p, errs);
  if (ns === '') errs.push(required(p.child('namespace'), 'namespace must be set'));
  else for (const m of validateNamespaceName(ns, false)) errs.push(invalid(p.child('namespace'), ns, m));
  const name = str(cm, 'name', p, errs);
  if (name === '') errs.push(required(p.child('name'), 'name must be set'));
  else for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(p.child('name'), name, m));
  const key = str(cm, 'kubeletConfigKey', p, errs);
  if (key === '') errs.push(required(p.child('kubeletConfigKey'), 'kubeletConfigKey must be set'));
  else for (const m of isConfigMapKey(key)) errs.push(invalid(p.child('kubeletConfigKey'), key, m));
}

function validateConfigSource(src: Dict, p: FieldPath, inStatus: boolean, errs: FieldError[]): void {
  const cm = obj(src, 'configMap', p, errs);
  if (cm !== undefined) validateConfigMapSource(cm, p.child('configMap'), inStatus, errs);
  else errs.push(invalid(p, { ConfigMap: null }, 'exactly one reference subfield must be non-nil'));
}

/**
 * Upstream's ValidateNodeUpdate (also used for the status subresource): metadata update rules,
 * quantities, no repeated status addresses, podCIDRs and providerID fixed once set, the
 * deprecated config source fields, taints, and externalID unchanged. Pure.
 */
export function validateNodeUpdate(node: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(node, old);
  validateResources(node, errs);
  const status = topObj(node, 'status', errs);
  const seen: Dict[] = [];
  objList(status, 'addresses', path('status'), errs).forEach((a, i) => {
    if (seen.some((s) => jsonEqual(s, a))) {
      const shown = { Type: a['type'] ?? '', Address: a['address'] ?? '' };
      errs.push(duplicate(path('status', 'addresses').index(i), shown));
    }
    seen.push(a);
  });
  const spec = topObj(node, 'spec', errs);
  const oldSpec = topObj(old, 'spec', quiet());
  const oldCIDRs = strList(oldSpec, 'podCIDRs', path('spec'), quiet());
  const newCIDRs = strList(spec, 'podCIDRs', path('spec'), errs);
  if (oldCIDRs.length > 0) {
    const p = path('spec', 'podCIDRs');
    if (oldCIDRs.length !== newCIDRs.length) errs.push(forbidden(p, changeMsg('podCIDR')));
    else {
      oldCIDRs.forEach((c, i) => {
        if (c !== newCIDRs[i]) errs.push(forbidden(p, changeMsg('podCIDR')));
      });
    }
  }
  const oldProvider = str(oldSpec, 'providerID', path('spec'), quiet());
  if (oldProvider !== '' && oldProvider !== str(spec, 'providerID', path('spec'), errs)) {
    errs.push(forbidden(path('spec', 'providerID'), changeMsg('providerID')));
  }
  const source = obj(spec, 'configSource', path('spec'), errs);
  if (source !== undefined) validateConfigSource(source, path('spec', 'configSource'), false, errs);
  const config = obj(status, 'config', path('status'), errs);
  for (const k of ['assigned', 'active', 'lastKnownGood']) {
    const src = obj(config, k, path('status', 'config'), errs);
    if (src !== undefined) validateConfigSource(src, path('status', 'config', k), true, errs);
  }
  validateTaints(objList(spec, 'taints', path('spec'), quiet()), taintsPath, errs);
  if (str(spec, 'externalID', path('spec'), errs) !== str(oldSpec, 'externalID', path('spec'), quiet())) {
    errs.push(forbidden(path('spec', 'externalID'), 'may not be updated'));
  }
  return errs;
}
