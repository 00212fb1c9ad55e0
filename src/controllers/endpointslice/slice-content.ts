// How pods and services become EndpointSlice content: address types, ports, endpoints, labels
// and the new slices that hold them.
import { isIPv6 } from 'node:net';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { deepEqual, newControllerRef } from '../../apimachinery/meta/index.js';
import {
  LABEL_HEADLESS_SERVICE,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  LABEL_TOPOLOGY_ZONE,
} from './labels.js';
import { isPodReady } from '../util/index.js';
import { findPort, isServiceIPSet, shouldSetHostname } from './pod-util.js';

/** An EndpointSlice address type this controller writes. */
export type AddressType = 'IPv4' | 'IPv6';

/** The address types of a service: from spec.ipFamilies, else guessed as upstream does. Pure. */
export function addressTypesForService(svc: Service): AddressType[] {
  const out: AddressType[] = [];
  for (const f of svc.spec?.ipFamilies ?? []) {
    if (f === 'IPv4' && !out.includes('IPv4')) out.push('IPv4');
    if (f === 'IPv6' && !out.includes('IPv6')) out.push('IPv6');
  }
  if (out.length > 0) return out;
  const ip = svc.spec?.clusterIP ?? '';
  if (ip !== '' && ip !== 'None') return [isIPv6(ip) ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** The EndpointSlice ports of `pod` for `svc` (none for a headless service without ports). Pure. */
export function endpointPortsFor(svc: Service, pod: Pod): EndpointPort[] {
  const ports: EndpointPort[] = [];
  const svcPorts = svc.spec?.ports ?? [];
  if (svcPorts.length === 0 && svc.spec?.clusterIP === 'None') return ports;
  for (const sp of svcPorts) {
    const num = findPort(pod, sp);
    if (num === undefined) continue;
    const p: EndpointPort = { name: sp.name ?? '', port: num, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) p.appProtocol = sp.appProtocol;
    ports.push(p);
  }
  return ports;
}

/** The pod's IPs of one address type. Pure. */
export function podAddresses(pod: Pod, addressType: AddressType): string[] {
  const out: string[] = [];
  for (const { ip } of pod.status?.podIPs ?? []) {
    if (ip === undefined || ip === '') continue;
    const v6 = isIPv6(ip);
    if (v6 === (addressType === 'IPv6')) out.push(v6 ? ip.toLowerCase() : ip);
  }
  return out;
}

/** The endpoint of `pod` in a slice of `addressType` for `svc`. Pure. */
export function podToEndpoint(
  pod: Pod,
  node: Node | undefined,
  svc: Service,
  addressType: AddressType,
): Endpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata?.deletionTimestamp != null;
  const ready = (svc.spec?.publishNotReadyAddresses ?? false) || (serving && !terminating);
  const ep: Endpoint = {
    addresses: podAddresses(pod, addressType),
    conditions: { ready, serving, terminating },
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      uid: pod.metadata?.uid ?? '',
    },
  };
  const nodeName = pod.spec?.nodeName ?? '';
  if (nodeName !== '') ep.nodeName = nodeName;
  const zone = node?.metadata?.labels?.[LABEL_TOPOLOGY_ZONE] ?? '';
  if (zone !== '') ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec?.hostname ?? '';
  return ep;
}

function isReservedLabel(k: string): boolean {
  return k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === LABEL_HEADLESS_SERVICE;
}

/**
 * The labels a slice of `svc` must carry (the service's own labels but the reserved ones, the
 * headless marker, service name and managed-by) and whether the slice's non-reserved labels
 * differ from the service's. Pure.
 */
export function sliceLabels(
  slice: EndpointSlice,
  svc: Service,
  controllerName: string,
): { labels: Record<string, string>; changed: boolean } {
  const current: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice.metadata?.labels ?? {})) if (!isReservedLabel(k)) current[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) if (!isReservedLabel(k)) labels[k] = v;
  const changed = !deepEqual(current, labels);
  if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS_SERVICE] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata?.name ?? '';
  labels[LABEL_MANAGED_BY] = controllerName;
  return { labels, changed };
}

/** Whether `slice` has an owner reference to `svc` (by UID, kind Service, apiVersion v1). Pure. */
export function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some(
    (o) => o.uid === svc.metadata?.uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );
}

/** A new slice of `svc` (named by the server from `<service>-`) with no endpoints. Pure. */
export function newSlice(
  svc: Service,
  ports: EndpointPort[],
  addressType: AddressType,
  controllerName: string,
): EndpointSlice {
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata?.name ?? ''}-`,
      namespace: svc.metadata?.namespace ?? '',
      labels: {},
      ownerReferences: [newControllerRef(svc, { group: '', version: 'v1', kind: 'Service' })],
    },
    addressType,
    endpoints: [],
    ports,
  };
  slice.metadata!.labels = sliceLabels(slice, svc, controllerName).labels;
  return slice;
}

/** The slice that is closest to full once `n` endpoints are added, if any has room. Pure. */
export function sliceToFill(
  slices: readonly EndpointSlice[],
  n: number,
  max: number,
): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const s of slices) {
    const diff = max - (n + (s.endpoints?.length ?? 0));
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = s;
      if (diff === 0) return s;
    }
  }
  return closest;
}

/** Whether two empty slices match in namespace, labels, owners, address type and ports. Pure. */
export function samePlaceholder(a: EndpointSlice, b: EndpointSlice): boolean {
  return (
    a.metadata?.namespace === b.metadata?.namespace &&
    deepEqual(a.metadata?.labels ?? {}, b.metadata?.labels ?? {}) &&
    deepEqual(a.metadata?.ownerReferences ?? [], b.metadata?.ownerReferences ?? []) &&
    a.addressType === b.addressType &&
    (a.endpoints ?? []).length === 0 &&
    (b.endpoints ?? []).length === 0 &&
    deepEqual(a.ports ?? [], b.ports ?? [])
  );
}
