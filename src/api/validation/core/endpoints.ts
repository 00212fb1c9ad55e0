import {
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { isValidPortNum, nameIsDNSSubdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { validateIP, validateNonSpecialIP } from './ip.js';
import { createMeta, dnsLabel, qualifiedName, updateMeta } from './meta.js';
import { type Dict, int, objList, optStr, str, topObjList } from './shape.js';

const protocols = ['SCTP', 'TCP', 'UDP'];

function validateAddress(addr: Dict, p: FieldPath, errs: FieldError[]): void {
  const ip = str(addr, 'ip', p, errs);
  errs.push(...validateIP(p.child('ip'), ip));
  const hostname = str(addr, 'hostname', p, errs);
  if (hostname !== '') errs.push(...dnsLabel(hostname, p.child('hostname')));
  const nodeName = optStr(addr, 'nodeName', p, errs);
  if (nodeName !== undefined) {
    for (const m of nameIsDNSSubdomain(nodeName, false)) errs.push(invalid(p.child('nodeName'), nodeName, m));
  }
  errs.push(...validateNonSpecialIP(ip, p.child('ip')));
}

function validatePort(port: Dict, requireName: boolean, p: FieldPath, errs: FieldError[]): void {
  const name = str(port, 'name', p, errs);
  if (requireName && name === '') errs.push(required(p.child('name'), ''));
  else if (name !== '') errs.push(...dnsLabel(name, p.child('name')));
  const num = int(port, 'port', p, errs) ?? 0;
  for (const m of isValidPortNum(num)) errs.push(invalid(p.child('port'), num, m));
  const protocol = str(port, 'protocol', p, errs);
  if (protocol === '') errs.push(required(p.child('protocol'), ''));
  else if (!protocols.includes(protocol)) errs.push(notSupported(p.child('protocol'), protocol, protocols));
  const app = optStr(port, 'appProtocol', p, errs);
  if (app !== undefined) errs.push(...qualifiedName(app, p.child('appProtocol')));
}

/**
 * Upstream's ValidateEndpoints for a decoded v1 Endpoints: metadata, and per subset at least one
 * address, valid non-special IPs, hostnames and node names, and ports (named when several). Pure.
 */
export function validateEndpoints(ep: JsonObject): FieldError[] {
  const errs = createMeta(ep, true, nameIsDNSSubdomain);
  const subsetsPath = path('subsets');
  const subsets = topObjList(ep, 'subsets', errs);
  subsets.forEach((ss, i) => {
    const p = subsetsPath.index(i);
    const addresses = objList(ss, 'addresses', p, errs);
    const notReady = objList(ss, 'notReadyAddresses', p, errs);
    if (addresses.length === 0 && notReady.length === 0) {
      errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    addresses.forEach((a, j) => {
      validateAddress(a, p.child('addresses').index(j), errs);
    });
    notReady.forEach((a, j) => {
      validateAddress(a, p.child('notReadyAddresses').index(j), errs);
    });
    const ports = objList(ss, 'ports', p, errs);
    ports.forEach((port, j) => {
      validatePort(port, ports.length > 1, p.child('ports').index(j), errs);
    });
  });
  return errs;
}

/** Upstream's ValidateEndpointsUpdate: metadata update rules plus every create rule. Pure. */
export function validateEndpointsUpdate(ep: JsonObject, old: JsonObject): FieldError[] {
  return [...updateMeta(ep, old), ...validateEndpoints(ep)];
}
