import {
  duplicate,
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  path,
  required,
  tooMany,
} from '../../../apimachinery/field/index.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateImmutableField,
  validateLabels,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach } from './common.js';
import { isFullyQualifiedDomainName } from './fqdn.js';
import { type IPAddr, isIPv4, parseIPSloppy } from '../../../apimachinery/validation/index.js';
import { defineKind } from './kind.js';
import type { Reader } from './shape.js';

const addressTypes = ['FQDN', 'IPv4', 'IPv6'];
const protocols = ['SCTP', 'TCP', 'UDP'];
const maxEndpoints = 1000;
const maxAddresses = 100;
const maxPorts = 20000;
const maxTopologyLabels = 16;
const maxHints = 8;

function isUnspecified(ip: IPAddr): boolean {
  return isIPv4(ip) ? ip.bytes.slice(12).every((b) => b === 0) : ip.bytes.every((b) => b === 0);
}

function isLoopback(ip: IPAddr): boolean {
  if (isIPv4(ip)) return ip.bytes[12] === 127;
  return ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}

function isLinkLocalUnicast(ip: IPAddr): boolean {
  if (isIPv4(ip)) return ip.bytes[12] === 169 && ip.bytes[13] === 254;
  return ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80;
}

function isLinkLocalMulticast(ip: IPAddr): boolean {
  if (isIPv4(ip)) return ip.bytes[12] === 224 && ip.bytes[13] === 0 && ip.bytes[14] === 0;
  return ip.bytes[0] === 0xff && (ip.bytes[1]! & 0x0f) === 0x02;
}

/**
 * Rejects addresses no endpoint may have: unspecified, loopback and link-local. A value that
 * does not parse is left to the format check. Pure.
 */
export function validateEndpointIP(value: string, fldPath: FieldPath): FieldError[] {
  const ip = parseIPSloppy(value);
  if (ip === null) return [];
  const errs: FieldError[] = [];
  if (isUnspecified(ip)) errs.push(invalid(fldPath, value, `may not be unspecified (${value})`));
  if (isLoopback(ip))
    errs.push(invalid(fldPath, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (isLinkLocalUnicast(ip)) {
    errs.push(invalid(fldPath, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  if (isLinkLocalMulticast(ip)) {
    errs.push(
      invalid(fldPath, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'),
    );
  }
  return errs;
}

function validateAddress(addressType: string, value: string, p: FieldPath): FieldError[] {
  if (addressType === 'FQDN') return isFullyQualifiedDomainName(p, value);
  if (addressType !== 'IPv4' && addressType !== 'IPv6') return [];
  const ip = parseIPSloppy(value);
  const errs: FieldError[] = [];
  if (ip === null || isIPv4(ip) !== (addressType === 'IPv4')) {
    errs.push(invalid(p, value, `must be a valid ${addressType} address`));
  }
  return [...errs, ...validateEndpointIP(value, p)];
}

function validateHints(hints: JsonObject, r: Reader, p: FieldPath): void {
  const groups: Array<[string, (v: string) => string[]]> = [
    ['forZones', isValidLabelValue],
    ['forNodes', isDNS1123Subdomain],
  ];
  for (const [key, check] of groups) {
    const hp = p.child(key);
    const list = r.objs(hints, key, hp);
    if (list.length > maxHints) {
      r.errs.push(tooMany(hp, list.length, maxHints));
      continue;
    }
    const names = new Set<string>();
    for (const [h, i] of list) {
      const np = hp.index(i).child('name');
      const name = r.str(h, 'name', np);
      if (names.has(name)) r.errs.push(duplicate(np, name));
      names.add(name);
      r.errs.push(...invalidEach(np, name, check(name)));
    }
  }
}

function validateEndpoints(obj: JsonObject, addressType: string, r: Reader): void {
  const p = path('endpoints');
  const endpoints = r.objs(obj, 'endpoints', p);
  if (endpoints.length > maxEndpoints) {
    r.errs.push(tooMany(p, endpoints.length, maxEndpoints));
    return;
  }
  for (const [ep, i] of endpoints) {
    const ip = p.index(i);
    const ap = ip.child('addresses');
    const addresses = r.strs(ep, 'addresses', ap);
    if (addresses.length === 0) r.errs.push(required(ap, 'must contain at least 1 address'));
    else if (addresses.length > maxAddresses) r.errs.push(tooMany(ap, addresses.length, maxAddresses));
    addresses.forEach((a, j) => {
      r.errs.push(...validateAddress(addressType, a, ap.index(j)));
    });
    const nodeName = r.optStr(ep, 'nodeName', ip.child('nodeName'));
    if (nodeName !== undefined)
      r.errs.push(...invalidEach(ip.child('nodeName'), nodeName, isDNS1123Subdomain(nodeName)));
    const tp = ip.child('deprecatedTopology');
    const topology = ep['deprecatedTopology'];
    const topologySize = topology !== null && typeof topology === 'object' ? Object.keys(topology).length : 0;
    if (topologySize > maxTopologyLabels) r.errs.push(tooMany(tp, topologySize, maxTopologyLabels));
    r.errs.push(...validateLabels(topology, tp));
    r.optStr(ep, 'zone', ip.child('zone'));
    const hostname = r.optStr(ep, 'hostname', ip.child('hostname'));
    if (hostname !== undefined)
      r.errs.push(...invalidEach(ip.child('hostname'), hostname, isDNS1123Label(hostname)));
    const hints = r.obj(ep, 'hints', ip.child('hints'));
    if (hints !== undefined) validateHints(hints, r, ip.child('hints'));
  }
}

function validatePorts(obj: JsonObject, r: Reader): void {
  const p = path('ports');
  const ports = r.objs(obj, 'ports', p);
  if (ports.length > maxPorts) {
    r.errs.push(tooMany(p, ports.length, maxPorts));
    return;
  }
  const names = new Set<string>();
  for (const [port, i] of ports) {
    const ip = p.index(i);
    const name = r.str(port, 'name', ip.child('name'));
    if (name !== '') r.errs.push(...invalidEach(ip.child('name'), name, isDNS1123Label(name)));
    if (names.has(name)) r.errs.push(duplicate(ip.child('name'), name));
    names.add(name);
    const protocol = r.optStr(port, 'protocol', ip.child('protocol'));
    if (protocol === undefined) r.errs.push(required(ip.child('protocol')));
    else if (!protocols.includes(protocol))
      r.errs.push(notSupported(ip.child('protocol'), protocol, protocols));
    const appProtocol = r.optStr(port, 'appProtocol', ip.child('appProtocol'));
    if (appProtocol !== undefined) {
      r.errs.push(...invalidEach(ip.child('appProtocol'), appProtocol, isQualifiedName(appProtocol)));
    }
    r.int(port, 'port', ip.child('port'));
  }
}

function validateEndpointSlice(obj: JsonObject, r: Reader): void {
  const addressType = r.str(obj, 'addressType', path('addressType'));
  if (addressType === '') r.errs.push(required(path('addressType')));
  else if (!addressTypes.includes(addressType))
    r.errs.push(notSupported(path('addressType'), addressType, addressTypes));
  validateEndpoints(obj, addressType, r);
  validatePorts(obj, r);
}

/** discovery.k8s.io/v1 EndpointSlice. */
export const endpointSliceValidation: KindValidation = defineKind({
  namespaced: true,
  nameFn: nameIsDNSSubdomain,
  create: validateEndpointSlice,
  update(obj, old, r) {
    r.errs.push(
      ...validateImmutableField(obj['addressType'] ?? '', old['addressType'] ?? '', path('addressType')),
    );
  },
});
