import { invalid, path, required } from '../../../apimachinery/field/index.js';
import {
  FieldImmutableErrorMsg,
  isDNS1123Subdomain,
  nameIsDNSSubdomain,
  validateImmutableField,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach, requiredSegment } from './common.js';
import {
  formatAddr,
  isIPv4,
  isValidCIDR,
  netipParseError,
  parseAddrStrict,
  parseCIDRSloppy,
} from '../../../apimachinery/validation/index.js';
import { defineKind } from './kind.js';
import { quietReader, type Reader } from './shape.js';

// IPAddress objects are named by the address they hold, in netip's canonical form.
function ipAddressName(name: string): string[] {
  const err = netipParseError(name);
  if (err !== undefined) return [err];
  const addr = parseAddrStrict(name);
  return addr !== null && formatAddr(addr) === name ? [] : ['must be a canonical format IP address'];
}

function validateParentRef(obj: JsonObject, r: Reader): void {
  const spec = r.obj(obj, 'spec', path('spec'));
  const p = path('spec', 'parentRef');
  const ref = r.obj(spec, 'parentRef', p);
  if (ref === undefined) {
    r.errs.push(required(p));
    return;
  }
  const group = r.str(ref, 'group', p.child('group'));
  if (group !== '') r.errs.push(...invalidEach(p.child('group'), group, isDNS1123Subdomain(group)));
  r.errs.push(...requiredSegment(p.child('resource'), r.str(ref, 'resource', p.child('resource'))));
  r.errs.push(...requiredSegment(p.child('name'), r.str(ref, 'name', p.child('name'))));
  const ns = r.str(ref, 'namespace', p.child('namespace'));
  if (ns !== '') r.errs.push(...requiredSegment(p.child('namespace'), ns));
}

/** networking.k8s.io/v1 IPAddress. */
export const ipAddressValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: (name) => ipAddressName(name),
  create: validateParentRef,
  updateReplacesCreate: true,
  update(obj, old, r) {
    const q = quietReader();
    const ref = (o: JsonObject): unknown => q.obj(o, 'spec', path('spec'))?.['parentRef'] ?? null;
    r.errs.push(...validateImmutableField(ref(obj), ref(old), path('spec', 'parentRef')));
  },
});

function cidrsOf(obj: JsonObject, r: Reader): string[] {
  const spec = r.obj(obj, 'spec', path('spec'));
  return r.strs(spec, 'cidrs', path('spec', 'cidrs'));
}

const dualStackMsg =
  'may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64';

// Upstream prints the internal spec struct, keyed by Go's field name.
const printedSpec = (cidrs: string[]): unknown => ({ CIDRs: cidrs });

function validateServiceCIDRs(cidrs: string[], r: Reader): void {
  const p = path('spec', 'cidrs');
  if (cidrs.length === 0) {
    r.errs.push(required(p, 'at least one CIDR required'));
    return;
  }
  if (cidrs.length > 2) {
    r.errs.push(invalid(p, printedSpec(cidrs), 'may only hold up to 2 values'));
    return;
  }
  if (cidrs.length === 2) {
    const [a, b] = cidrs.map((c) => parseCIDRSloppy(c));
    if (a == null || b == null || isIPv4(a.ip) === isIPv4(b.ip)) {
      r.errs.push(invalid(p, printedSpec(cidrs), dualStackMsg));
      return;
    }
  }
  cidrs.forEach((c, i) => {
    r.errs.push(...isValidCIDR(p.index(i), c));
  });
}

function validateServiceCIDRUpdate(obj: JsonObject, old: JsonObject, r: Reader): void {
  const p = path('spec', 'cidrs');
  const next = cidrsOf(obj, r);
  const prev = cidrsOf(old, quietReader());
  if (prev.length === next.length) {
    prev.forEach((c, i) => {
      if (c !== next[i]) r.errs.push(invalid(p.index(i), next[i], FieldImmutableErrorMsg));
    });
  } else if (prev.length === 1 && next.length === 2) {
    // Adding the other family turns a single-stack range into a dual-stack one.
    if (next[0] !== prev[0]) r.errs.push(invalid(p.index(0), next[0], FieldImmutableErrorMsg));
    validateServiceCIDRs(next, r);
  } else {
    r.errs.push(invalid(p, next, FieldImmutableErrorMsg));
  }
}

/** networking.k8s.io/v1 ServiceCIDR. */
export const serviceCIDRValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create: (obj, r) => validateServiceCIDRs(cidrsOf(obj, r), r),
  updateReplacesCreate: true,
  update: validateServiceCIDRUpdate,
  // The status subresource checks only metadata.
  status: () => {},
});
