import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  validateLabels,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { goTrimSpace } from '../../../apimachinery/quantity/index.js';
import { validateCIDR, validateIP, validateNonSpecialIP } from './ip.js';
import { annotationsOf, createMeta, dnsLabel, dnsSubdomain, qualifiedName } from './meta.js';
import { validateClusterIPFields, validateServiceTrafficFields } from './service-fields.js';
import { isHeadless, readServiceSpec, type ServicePortView, type ServiceSpecView } from './service-spec.js';
import { type Dict, obj, topObj } from './shape.js';

const specPath = path('spec');
const protocols = ['SCTP', 'TCP', 'UDP'];
const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const affinities = ['ClientIP', 'None'];
const topologyHints = 'service.kubernetes.io/topology-aware-hints';
const topologyMode = 'service.kubernetes.io/topology-mode';
const sourceRangesAnnotation = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const maxAffinitySeconds = 86400;

function validatePort(
  sp: ServicePortView,
  requireName: boolean,
  names: Set<string>,
  i: number,
  errs: FieldError[],
): void {
  const p = specPath.child('ports').index(i);
  if (requireName && sp.name === '') {
    errs.push(required(p.child('name'), ''));
  } else if (sp.name !== '') {
    errs.push(...dnsLabel(sp.name, p.child('name')));
    if (names.has(sp.name)) errs.push(duplicate(p.child('name'), sp.name));
    else names.add(sp.name);
  }
  for (const m of isValidPortNum(sp.port)) errs.push(invalid(p.child('port'), sp.port, m));
  if (sp.protocol === '') errs.push(required(p.child('protocol'), ''));
  else if (!protocols.includes(sp.protocol))
    errs.push(notSupported(p.child('protocol'), sp.protocol, protocols));
  // An absent targetPort decodes as the integer 0 upstream (defaulting normally fills it in).
  const tp = sp.targetPort;
  if (tp.kind === 'string') {
    for (const m of isValidPortName(tp.value)) errs.push(invalid(p.child('targetPort'), tp.value, m));
  } else {
    const v = tp.kind === 'int' ? tp.value : 0;
    for (const m of isValidPortNum(v)) errs.push(invalid(p.child('targetPort'), v, m));
  }
  if (sp.appProtocol !== undefined) errs.push(...qualifiedName(sp.appProtocol, p.child('appProtocol')));
}

function validateAffinity(s: ServiceSpecView, errs: FieldError[]): void {
  const p = specPath.child('sessionAffinity');
  if (s.sessionAffinity === '') errs.push(required(p, ''));
  else if (!affinities.includes(s.sessionAffinity)) errs.push(notSupported(p, s.sessionAffinity, affinities));
  const cp = specPath.child('sessionAffinityConfig');
  if (s.sessionAffinity === 'None') {
    if (s.sessionAffinityConfig !== undefined) {
      errs.push(forbidden(cp, 'must not be set when session affinity is None'));
    }
    return;
  }
  if (s.sessionAffinity !== 'ClientIP') return;
  const detail = 'when session affinity type is ClientIP';
  if (s.sessionAffinityConfig === undefined) {
    errs.push(required(cp, detail));
    return;
  }
  const clientIP: Dict | undefined = obj(s.sessionAffinityConfig, 'clientIP', cp, errs);
  if (clientIP === undefined) {
    errs.push(required(cp.child('clientIP'), detail));
    return;
  }
  const tp = cp.child('clientIP', 'timeoutSeconds');
  const t = clientIP['timeoutSeconds'];
  if (t === undefined || t === null) {
    errs.push(required(tp, detail));
  } else if (typeof t !== 'number' || !Number.isInteger(t)) {
    errs.push(invalid(tp, t, 'must be of type integer'));
  } else if (t <= 0 || t > maxAffinitySeconds) {
    errs.push(invalid(tp, t, `must be greater than 0 and less than ${maxAffinitySeconds}`));
  }
}

function validatePortsAndDuplicates(s: ServiceSpecView, errs: FieldError[]): void {
  const portsPath = specPath.child('ports');
  if (s.type === 'ClusterIP') {
    s.ports.forEach((sp, i) => {
      if (sp.nodePort !== 0) {
        errs.push(
          forbidden(portsPath.index(i).child('nodePort'), "may not be used when `type` is 'ClusterIP'"),
        );
      }
    });
  }
  const nodePorts = new Set<string>();
  s.ports.forEach((sp, i) => {
    if (sp.nodePort === 0) return;
    const key = `${sp.protocol}/${sp.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(portsPath.index(i).child('nodePort'), sp.nodePort));
    nodePorts.add(key);
  });
  const ports = new Set<string>();
  s.ports.forEach((sp, i) => {
    const key = `${sp.protocol}/${sp.port}`;
    if (ports.has(key)) {
      // Upstream prints the internal ServicePort holding only the protocol and port.
      const shown = {
        Name: '',
        Protocol: sp.protocol,
        AppProtocol: null,
        Port: sp.port,
        TargetPort: 0,
        NodePort: 0,
      };
      errs.push(duplicate(portsPath.index(i), shown));
    }
    ports.add(key);
  });
}

function validateSourceRanges(
  s: ServiceSpecView,
  annotations: Map<string, string>,
  errs: FieldError[],
): void {
  const lbOnly = "may only be used when `type` is 'LoadBalancer'";
  if (s.loadBalancerSourceRanges.length > 0) {
    // Upstream reports these under this capitalised path.
    const p = specPath.child('LoadBalancerSourceRanges');
    if (s.type !== 'LoadBalancer') errs.push(forbidden(p, lbOnly));
    s.loadBalancerSourceRanges.forEach((v, i) => {
      errs.push(...validateCIDR(p.index(i), goTrimSpace(v)));
    });
    return;
  }
  const val = annotations.get(sourceRangesAnnotation);
  if (val === undefined) return;
  const p = path('metadata', 'annotations').key(sourceRangesAnnotation);
  if (s.type !== 'LoadBalancer') errs.push(forbidden(p, lbOnly));
  const trimmed = goTrimSpace(val);
  if (trimmed === '') return;
  for (const v of trimmed.split(',')) errs.push(...validateCIDR(p, goTrimSpace(v)));
}

/**
 * Upstream's ValidateService for a decoded v1 Service: metadata (DNS-1035 names), type-specific
 * rules, ports, selector, session affinity, cluster IPs and families, external IPs, source
 * ranges, load balancer fields and traffic policies. Pure; never throws.
 */
export function validateService(svc: JsonObject): FieldError[] {
  const errs = createMeta(svc, true, nameIsDNS1035Label);
  const annotations = annotationsOf(svc);
  const hints = annotations.get(topologyHints);
  const mode = annotations.get(topologyMode);
  if (hints !== undefined && mode !== undefined && hints !== mode) {
    errs.push(
      invalid(
        path('metadata', 'annotations').key(topologyMode),
        mode,
        `must match annotations[${topologyHints}] when both are specified`,
      ),
    );
  }
  const s = readServiceSpec(topObj(svc, 'spec', errs), specPath, errs);
  const headless = isHeadless(s);
  if (s.ports.length === 0 && !headless && s.type !== 'ExternalName')
    errs.push(required(specPath.child('ports'), ''));
  if ((s.type === 'LoadBalancer' || s.type === 'NodePort') && headless) {
    errs.push(
      invalid(
        specPath.child('clusterIPs').index(0),
        'None',
        `may not be set to 'None' for ${s.type} services`,
      ),
    );
  } else if (s.type === 'ExternalName') {
    const noExternal = 'may not be set for ExternalName services';
    if (s.clusterIPs.length > 0) errs.push(forbidden(specPath.child('clusterIPs'), noExternal));
    if (s.ipFamilies.length > 0) errs.push(forbidden(specPath.child('ipFamilies'), noExternal));
    if (s.ipFamilyPolicy !== undefined) errs.push(forbidden(specPath.child('ipFamilyPolicy'), noExternal));
    // A trailing dot marks the name as fully qualified.
    const cname = s.externalName.endsWith('.') ? s.externalName.slice(0, -1) : s.externalName;
    if (cname.length > 0) errs.push(...dnsSubdomain(cname, specPath.child('externalName')));
    else errs.push(required(specPath.child('externalName'), ''));
  }
  validatePortsAndDuplicatesFirst(s, errs);
  errs.push(...validateLabels(s.selector, specPath.child('selector')));
  validateAffinity(s, errs);
  errs.push(...validateClusterIPFields(s));
  s.externalIPs.forEach((ip, i) => {
    const p = specPath.child('externalIPs').index(i);
    const ipErrs = validateIP(p, ip);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(ip, p)));
  });
  if (s.type === '') errs.push(required(specPath.child('type'), ''));
  else if (!serviceTypes.includes(s.type))
    errs.push(notSupported(specPath.child('type'), s.type, serviceTypes));
  validatePortsAndDuplicates(s, errs);
  validateSourceRanges(s, annotations, errs);
  errs.push(...validateServiceTrafficFields(s));
  return errs;
}

// Port-level checks run before the selector in upstream's order; the cross-port checks later.
function validatePortsAndDuplicatesFirst(s: ServiceSpecView, errs: FieldError[]): void {
  const names = new Set<string>();
  s.ports.forEach((sp, i) => {
    validatePort(sp, s.ports.length > 1, names, i, errs);
  });
}
