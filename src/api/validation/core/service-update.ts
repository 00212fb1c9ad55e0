import {
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { parseIPSloppy, validateIP } from './ip.js';
import { updateMeta } from './meta.js';
import { validateService } from './service.js';
import { isHeadless, needsHealthCheck, readServiceSpec, type ServiceSpecView } from './service-spec.js';
import { obj, objList, optStr, quiet, str, topObj } from './shape.js';

const specPath = path('spec');
const mayNotChange = 'may not change once set';

function readQuiet(svc: JsonObject): ServiceSpecView {
  return readServiceSpec(topObj(svc, 'spec', quiet()), specPath, quiet());
}

// A user may add a secondary cluster IP or drop it, but never change the primary.
function clusterIPTransitions(o: ServiceSpecView, n: ServiceSpecView): FieldError[] {
  if (n.type === 'ExternalName' || o.type === 'ExternalName') return [];
  if (isHeadless(o) && isHeadless(n)) return [];
  const errs: FieldError[] = [];
  const ips = specPath.child('clusterIPs');
  const [oldIPs, newIPs] = [o.clusterIPs, n.clusterIPs];
  if (oldIPs.length === newIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== newIPs[i]) errs.push(invalid(ips.index(i), newIPs, mayNotChange));
    });
  } else if (oldIPs.length > newIPs.length) {
    if (newIPs.length === 0) errs.push(invalid(ips.index(0), newIPs, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && newIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
      errs.push(invalid(ips.index(0), newIPs, mayNotChange));
    }
    if (newIPs.length === 1 && n.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          specPath.child('ipFamilyPolicy'),
          n.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
    errs.push(invalid(ips.index(0), newIPs, mayNotChange));
  }
  return errs;
}

function ipFamilyTransitions(o: ServiceSpecView, n: ServiceSpecView): FieldError[] {
  if (n.type === 'ExternalName' || o.type === 'ExternalName') return [];
  // Headless services may change families, and so may a change to or from headless.
  if (isHeadless(o) || isHeadless(n)) return [];
  const errs: FieldError[] = [];
  const fam0 = specPath.child('ipFamilies').index(0);
  const [oldF, newF] = [o.ipFamilies, n.ipFamilies];
  if (oldF.length === newF.length) {
    oldF.forEach((f, i) => {
      if (f !== newF[i]) errs.push(invalid(fam0, newF, mayNotChange));
    });
  } else if (oldF.length > newF.length) {
    if (n.clusterIPs.length === 0) errs.push(invalid(fam0, newF, 'primary ipFamily can not be unset'));
    if (newF.length > 0 && newF[0] !== oldF[0]) errs.push(invalid(fam0, n.clusterIPs, mayNotChange));
    if (newF.length === 1 && n.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          specPath.child('ipFamilyPolicy'),
          n.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldF.length > 0 && newF.length > 0 && newF[0] !== oldF[0]) {
    errs.push(invalid(fam0, n.clusterIPs, mayNotChange));
  }
  return errs;
}

/**
 * Upstream's ValidateServiceUpdate: metadata update rules, cluster IP and family transitions
 * (`may not change once set`), loadBalancerClass fixed while the service stays a LoadBalancer,
 * healthCheckNodePort fixed while one is needed, then every create rule on the new object. Pure.
 */
export function validateServiceUpdate(svc: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(svc, old);
  const o = readQuiet(old);
  const n = readQuiet(svc);
  errs.push(...clusterIPTransitions(o, n));
  errs.push(...ipFamilyTransitions(o, n));
  if (o.type === 'LoadBalancer' && n.type === 'LoadBalancer' && o.loadBalancerClass !== n.loadBalancerClass) {
    errs.push(invalid(specPath.child('loadBalancerClass'), n.loadBalancerClass ?? null, mayNotChange));
  }
  if (needsHealthCheck(o) && needsHealthCheck(n) && o.healthCheckNodePort !== n.healthCheckNodePort) {
    errs.push(forbidden(specPath.child('healthCheckNodePort'), 'field is immutable'));
  }
  errs.push(...validateService(svc));
  return errs;
}

const ipModes = ['Proxy', 'VIP'];

/**
 * Upstream's ValidateServiceStatusUpdate: metadata update rules and the load balancer status
 * (ingress only for LoadBalancer services, valid IPs, ipMode with an IP, hostnames that are DNS
 * names and not IPs). Pure.
 */
export function validateServiceStatusUpdate(svc: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(svc, old);
  const type = readQuiet(svc).type;
  const statusPath = path('status');
  const status = topObj(svc, 'status', errs);
  const lb = obj(status, 'loadBalancer', statusPath, errs);
  const lbPath = statusPath.child('loadBalancer');
  const ingrPath = lbPath.child('ingress');
  const ingress = objList(lb, 'ingress', lbPath, errs);
  if (type !== 'LoadBalancer' && ingress.length !== 0) {
    errs.push(forbidden(ingrPath, "may only be used when `spec.type` is 'LoadBalancer'"));
    return errs;
  }
  ingress.forEach((ing, i) => {
    const p = ingrPath.index(i);
    const ip = str(ing, 'ip', p, errs);
    if (ip !== '') errs.push(...validateIP(p.child('ip'), ip));
    const mode = optStr(ing, 'ipMode', p, errs);
    if (mode === undefined) {
      if (ip !== '') errs.push(required(p.child('ipMode'), 'must be specified when `ip` is set'));
    } else if (ip === '') {
      errs.push(forbidden(p.child('ipMode'), 'may not be specified when `ip` is not set'));
    } else if (!ipModes.includes(mode)) {
      errs.push(notSupported(p.child('ipMode'), mode, ipModes));
    }
    const host = str(ing, 'hostname', p, errs);
    if (host !== '') {
      for (const m of isDNS1123Subdomain(host)) errs.push(invalid(p.child('hostname'), host, m));
      if (parseIPSloppy(host) !== undefined) {
        errs.push(invalid(p.child('hostname'), host, 'must be a DNS name, not an IP address'));
      }
    }
  });
  return errs;
}
