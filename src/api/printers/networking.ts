/**
 * Printers of services and networking kinds: services, endpoints, endpointslices, ingresses,
 * ingressclasses, networkpolicies, servicecidrs and ipaddresses.
 */
import { AGE, column, NAME, simplePrinter, wide } from './columns.js';
import { age, formatLabelSelector, formatLabels, joinHostPort, listWithMore, lower, name } from './format.js';
import { int, isSet, list, type Obj, objList, optInt, optStr, str, strList, strMap } from './json.js';
import type { Printer } from './types.js';

/** Sorted unique IPs (or hostnames where no IP) of load-balancer ingress points, comma-joined. */
function loadBalancerAddresses(o: Obj): string {
  const set = new Set<string>();
  for (const ing of objList(o, 'status', 'loadBalancer', 'ingress')) {
    if (str(ing, 'ip') !== '') set.add(str(ing, 'ip'));
    else if (str(ing, 'hostname') !== '') set.add(str(ing, 'hostname'));
  }
  // The server prints wide tables, so the address list is never clipped.
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(',');
}

/** EXTERNAL-IP of a service, by type: external IPs, load-balancer addresses, or the external name. */
export function serviceExternalIP(o: Obj): string {
  const externalIPs = strList(o, 'spec', 'externalIPs');
  switch (str(o, 'spec', 'type')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(o);
      if (externalIPs.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...externalIPs].join(',');
      return lb !== '' ? lb : '<pending>';
    }
    case 'ExternalName':
      return str(o, 'spec', 'externalName');
    default:
      return '<unknown>';
  }
}

/** PORT(S): `port/proto`, or `port:nodePort/proto` when a node port is allocated. */
export function servicePorts(o: Obj): string {
  const ports = objList(o, 'spec', 'ports').map((p) => {
    const nodePort = int(p, 'nodePort');
    const proto = str(p, 'protocol');
    return nodePort > 0 ? `${int(p, 'port')}:${nodePort}/${proto}` : `${int(p, 'port')}/${proto}`;
  });
  return ports.length === 0 ? '<none>' : ports.join(',');
}

/** Services: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S); wide SELECTOR. */
export const servicePrinter: Printer = simplePrinter(
  [
    NAME,
    column('Type', 'string', 'How the service is exposed.'),
    column('Cluster-IP', 'string', 'First cluster IP of the service.'),
    column('External-IP', 'string', 'Addresses the service is reachable on from outside.'),
    column('Port(s)', 'string', 'Ports the service exposes.'),
    AGE,
    wide('Selector', 'string', 'Labels of the pods the service routes to.'),
  ],
  (o, ctx) => {
    const clusterIPs = strList(o, 'spec', 'clusterIPs');
    return [
      name(o),
      str(o, 'spec', 'type'),
      clusterIPs[0] ?? '<none>',
      serviceExternalIP(o),
      servicePorts(o),
      age(o, ctx),
      formatLabels(o, 'spec', 'selector'),
    ];
  },
);

const MAX_LISTED = 3;

/** ENDPOINTS of an Endpoints object: up to three `ip:port` entries, then `+ N more...`. */
export function formatEndpoints(o: Obj): string {
  const subsets = objList(o, 'subsets');
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = objList(ss, 'addresses');
    const ports = objList(ss, 'ports');
    if (ports.length === 0) {
      // Headless services may have no ports: list the bare IPs.
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === MAX_LISTED) {
          more = true;
          break;
        }
        shown.push(str(a, 'ip'));
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === MAX_LISTED) {
          more = true;
          break;
        }
        shown.push(joinHostPort(str(a, 'ip'), int(port, 'port')));
      }
    }
  }
  const joined = shown.join(',');
  return more ? `${joined} + ${count - MAX_LISTED} more...` : joined;
}

/** Endpoints: ENDPOINTS. */
export const endpointsPrinter: Printer = simplePrinter(
  [NAME, column('Endpoints', 'string', 'Addresses and ports of the endpoints.'), AGE],
  (o, ctx) => [name(o), formatEndpoints(o), age(o, ctx)],
);

function collect(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED);
  return listWithMore(shown, items.length > MAX_LISTED, items.length, MAX_LISTED);
}

/** EndpointSlices: ADDRESSTYPE, PORTS, ENDPOINTS (each truncated to three). */
export const endpointSlicePrinter: Printer = simplePrinter(
  [
    NAME,
    column('AddressType', 'string', 'Type of the addresses in the slice.'),
    column('Ports', 'string', 'Ports of the slice.'),
    column('Endpoints', 'string', 'Addresses of the endpoints.'),
    AGE,
  ],
  (o, ctx) => {
    const ports = objList(o, 'ports').map((p) => {
      const port = optInt(p, 'port');
      if (port !== undefined) return String(port);
      return optStr(p, 'name') ?? '*';
    });
    const addresses = objList(o, 'endpoints').flatMap((e) => strList(e, 'addresses'));
    return [name(o), str(o, 'addressType'), collect(ports), collect(addresses), age(o, ctx)];
  },
);

/** HOSTS of an ingress: up to three rule hosts, `*` when none. */
export function ingressHosts(o: Obj): string {
  const rules = objList(o, 'spec', 'rules');
  const shown: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (shown.length === MAX_LISTED) more = true;
    if (!more && str(rule, 'host') !== '') shown.push(str(rule, 'host'));
  }
  if (shown.length === 0) return '*';
  const joined = shown.join(',');
  // The count is over all rules, hostless ones included, as upstream counts it.
  return more ? `${joined} + ${rules.length - MAX_LISTED} more...` : joined;
}

/** Ingresses: CLASS, HOSTS, ADDRESS, PORTS. */
export const ingressPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Class', 'string', 'The IngressClass of the ingress.'),
    column('Hosts', 'string', 'Hosts the rules match.'),
    column('Address', 'string', 'Load-balancer addresses of the ingress.'),
    column('Ports', 'string', 'Ports the ingress serves.'),
    AGE,
  ],
  (o, ctx) => [
    name(o),
    optStr(o, 'spec', 'ingressClassName') ?? '<none>',
    ingressHosts(o),
    loadBalancerAddresses(o),
    list(o, 'spec', 'tls').length > 0 ? '80, 443' : '80',
    age(o, ctx),
  ],
);

/** IngressClasses: CONTROLLER, PARAMETERS; the default class is marked `(default)`. */
export const ingressClassPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Controller', 'string', 'The controller that implements the class.'),
    column('Parameters', 'string', 'The resource holding parameters of the class.'),
    AGE,
  ],
  (o, ctx) => {
    const annotations = strMap(o, 'metadata', 'annotations');
    const isDefault = annotations['ingressclass.kubernetes.io/is-default-class'] === 'true';
    let parameters = '<none>';
    if (isSet(o, 'spec', 'parameters')) {
      parameters = str(o, 'spec', 'parameters', 'kind');
      const group = optStr(o, 'spec', 'parameters', 'apiGroup');
      if (group !== undefined) parameters += `.${group}`;
      parameters += `/${str(o, 'spec', 'parameters', 'name')}`;
    }
    return [
      isDefault ? `${name(o)} (default)` : name(o),
      str(o, 'spec', 'controller'),
      parameters,
      age(o, ctx),
    ];
  },
);

/** NetworkPolicies: POD-SELECTOR. */
export const networkPolicyPrinter: Printer = simplePrinter(
  [NAME, column('Pod-Selector', 'string', 'Selector of the pods the policy applies to.'), AGE],
  (o, ctx) => [name(o), formatLabelSelector(o, 'spec', 'podSelector'), age(o, ctx)],
);

/** ServiceCIDRs: CIDRS. */
export const serviceCIDRPrinter: Printer = simplePrinter(
  [NAME, column('CIDRs', 'string', 'The ranges of the service CIDR.'), AGE],
  (o, ctx) => [name(o), strList(o, 'spec', 'cidrs').join(','), age(o, ctx)],
);

/**
 * IPAddresses: PARENTREF. Upstream defines two columns but prints the age as a third cell; the
 * row is kept identical.
 */
export const ipAddressPrinter: Printer = simplePrinter(
  [NAME, column('ParentRef', 'string', 'The object the address is allocated to.')],
  (o, ctx) => {
    let parent = '<none>';
    if (isSet(o, 'spec', 'parentRef')) {
      const group = str(o, 'spec', 'parentRef', 'group');
      const resource = str(o, 'spec', 'parentRef', 'resource');
      parent = lower(group === '' ? resource : `${resource}.${group}`);
      const ns = str(o, 'spec', 'parentRef', 'namespace');
      if (ns !== '') parent += `/${ns}`;
      parent += `/${str(o, 'spec', 'parentRef', 'name')}`;
    }
    return [name(o), parent, age(o, ctx)];
  },
);
