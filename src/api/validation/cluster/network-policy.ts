import {
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach, validateLabelSelector } from './common.js';
import {
  cidrStrictSubset,
  cidrWarnings,
  isValidCIDRForLegacyField,
  parseCIDRSloppy,
} from '../../../apimachinery/validation/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import { defineKind } from './kind.js';
import { quietReader, type Reader, wrongType } from './shape.js';

function validatePort(port: JsonObject, r: Reader, p: FieldPath): void {
  const protocol = r.optStr(port, 'protocol', p.child('protocol'));
  if (protocol !== undefined && protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
    r.errs.push(notSupported(p.child('protocol'), protocol, ['TCP', 'UDP', 'SCTP']));
  }
  const endPort = r.int(port, 'endPort', p.child('endPort'));
  const value = port['port'];
  if (typeof value === 'number' && Number.isInteger(value)) {
    r.errs.push(...invalidEach(p.child('port'), value, isValidPortNum(value)));
    if (endPort !== undefined) {
      if (endPort < value)
        r.errs.push(invalid(p.child('endPort'), value, 'must be greater than or equal to `port`'));
      r.errs.push(...invalidEach(p.child('endPort'), endPort, isValidPortNum(endPort)));
    }
  } else if (typeof value === 'string') {
    if (endPort !== undefined) {
      r.errs.push(invalid(p.child('endPort'), endPort, 'may not be specified when `port` is non-numeric'));
    }
    r.errs.push(...invalidEach(p.child('port'), value, isValidPortName(value)));
  } else {
    if (value !== undefined && value !== null)
      r.errs.push(wrongType(p.child('port'), value, 'integer or string'));
    if (endPort !== undefined) {
      r.errs.push(invalid(p.child('endPort'), endPort, 'may not be specified when `port` is not specified'));
    }
  }
}

function validateIPBlock(block: JsonObject, r: Reader, p: FieldPath): void {
  const cidr = r.str(block, 'cidr', p.child('cidr'));
  if (cidr === '') {
    r.errs.push(required(p.child('cidr')));
    return;
  }
  r.errs.push(...isValidCIDRForLegacyField(p.child('cidr'), cidr));
  const outer = parseCIDRSloppy(cidr);
  if (outer === null) return;
  r.strs(block, 'except', p.child('except')).forEach((except, i) => {
    const ep = p.child('except').index(i);
    r.errs.push(...isValidCIDRForLegacyField(ep, except));
    const inner = parseCIDRSloppy(except);
    if (inner !== null && !cidrStrictSubset(outer, inner)) {
      r.errs.push(invalid(ep, except, 'must be a strict subset of `cidr`'));
    }
  });
}

function validatePeer(peer: JsonObject, r: Reader, p: FieldPath): void {
  let peers = 0;
  const pod = r.obj(peer, 'podSelector', p.child('podSelector'));
  if (pod !== undefined) {
    peers++;
    validateLabelSelector(pod, r, p.child('podSelector'));
  }
  const ns = r.obj(peer, 'namespaceSelector', p.child('namespaceSelector'));
  if (ns !== undefined) {
    peers++;
    validateLabelSelector(ns, r, p.child('namespaceSelector'));
  }
  const block = r.obj(peer, 'ipBlock', p.child('ipBlock'));
  if (block !== undefined) {
    peers++;
    validateIPBlock(block, r, p.child('ipBlock'));
  }
  if (peers === 0) r.errs.push(required(p, 'must specify a peer'));
  else if (peers > 1 && block !== undefined)
    r.errs.push(forbidden(p, 'may not specify both ipBlock and another peer'));
}

function validateRules(spec: JsonObject, r: Reader, key: string, peersKey: string): void {
  const p = path('spec', key);
  for (const [rule, i] of r.objs(spec, key, p)) {
    const rp = p.index(i);
    for (const [port, j] of r.objs(rule, 'ports', rp.child('ports')))
      validatePort(port, r, rp.child('ports').index(j));
    for (const [peer, j] of r.objs(rule, peersKey, rp.child(peersKey)))
      validatePeer(peer, r, rp.child(peersKey).index(j));
  }
}

function validateNetworkPolicySpec(obj: JsonObject, r: Reader): void {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p) ?? {};
  validateLabelSelector(r.obj(spec, 'podSelector', p.child('podSelector')) ?? {}, r, p.child('podSelector'));
  validateRules(spec, r, 'ingress', 'from');
  validateRules(spec, r, 'egress', 'to');
  const types = r.strs(spec, 'policyTypes', p.child('policyTypes'));
  if (types.length > 2) {
    r.errs.push(invalid(p.child('policyTypes'), types, 'may not specify more than two policyTypes'));
    return;
  }
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') {
      r.errs.push(notSupported(p.child('policyTypes').index(i), t, ['Ingress', 'Egress']));
    }
  });
}

function policyWarnings(obj: JsonObject): string[] {
  const q = quietReader();
  const spec = q.obj(obj, 'spec', path('spec'));
  const out: string[] = [];
  for (const [key, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    for (const [rule, i] of q.objs(spec, key, path('r'))) {
      for (const [peer, j] of q.objs(rule, peersKey, path('p'))) {
        const block = q.obj(peer, 'ipBlock', path('b'));
        if (block === undefined) continue;
        const bp = path('spec', key).index(i).child(peersKey).index(j).child('ipBlock');
        out.push(...cidrWarnings(bp.child('cidr'), q.str(block, 'cidr', path('c'))));
        q.strs(block, 'except', path('e')).forEach((e, k) => {
          out.push(...cidrWarnings(bp.child('except').index(k), e));
        });
      }
    }
  }
  return out;
}

/** networking.k8s.io/v1 NetworkPolicy. */
export const networkPolicyValidation: KindValidation = defineKind({
  namespaced: true,
  nameFn: nameIsDNSSubdomain,
  create: validateNetworkPolicySpec,
  // On update the CIDRs are only warned about when the spec changed.
  warnings: (obj, old) =>
    old !== undefined && deepEqual(obj['spec'], old['spec']) ? [] : policyWarnings(obj),
});
