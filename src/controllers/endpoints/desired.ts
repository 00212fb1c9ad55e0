// The Endpoints subsets a service's pods call for.
import { isIPv6 } from 'node:net';
import type {
  EndpointAddress,
  EndpointPort,
  EndpointSubset,
  Pod,
  Service,
} from 'kubernetes-types/core/v1.js';
import { findPort, shouldPodBeInEndpoints, shouldSetHostname } from '../endpointslice/index.js';
import { isPodReady } from '../util/index.js';
import { repackSubsets } from './repack.js';

/**
 * The address of `pod` for `svc`: its IP of the service's first IP family (guessed from the
 * cluster IP, or for headless services from the pod IP, when ipFamilies is unset), with node
 * name and target reference. Undefined when the pod has no IP of that family. Pure.
 */
export function podToEndpointAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  let v6: boolean;
  const families = svc.spec?.ipFamilies ?? [];
  const clusterIP = svc.spec?.clusterIP ?? '';
  if (families.length > 0) v6 = families[0] === 'IPv6';
  else if (clusterIP !== '' && clusterIP !== 'None') v6 = isIPv6(clusterIP);
  else v6 = isIPv6(pod.status?.podIP ?? '');
  const ip = (pod.status?.podIPs ?? []).find((p) => (p.ip ?? '') !== '' && isIPv6(p.ip ?? '') === v6)?.ip;
  if (ip === undefined) return undefined;
  return {
    ip,
    nodeName: pod.spec?.nodeName ?? '',
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      uid: pod.metadata?.uid ?? '',
    },
  };
}

/** Counts of what the subsets were built from, for logs. */
export interface SubsetCounts {
  ready: number;
  notReady: number;
}

/**
 * The repacked subsets for `svc` over `pods`: each pod that belongs in endpoints contributes its
 * address once per service port it exposes (ready, or not ready unless publishNotReadyAddresses),
 * headless services without ports list addresses without ports, and services with ports skip
 * pods exposing none of them. Pure.
 */
export function desiredSubsets(
  svc: Service,
  pods: readonly Pod[],
): { subsets: EndpointSubset[]; counts: SubsetCounts } {
  const publishNotReady = svc.spec?.publishNotReadyAddresses ?? false;
  const raw: EndpointSubset[] = [];
  const counts: SubsetCounts = { ready: 0, notReady: 0 };
  const add = (pod: Pod, addr: EndpointAddress, port: EndpointPort | undefined): void => {
    const ports = port === undefined ? [] : [port];
    if (publishNotReady || isPodReady(pod)) {
      raw.push({ addresses: [addr], ports });
      counts.ready++;
    } else {
      raw.push({ notReadyAddresses: [addr], ports });
      counts.notReady++;
    }
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const addr = podToEndpointAddress(svc, pod);
    if (addr === undefined) continue;
    if (shouldSetHostname(pod, svc)) addr.hostname = pod.spec?.hostname ?? '';
    const svcPorts = svc.spec?.ports ?? [];
    if (svcPorts.length === 0) {
      if (svc.spec?.clusterIP === 'None') add(pod, addr, undefined);
      continue;
    }
    for (const sp of svcPorts) {
      const num = findPort(pod, sp);
      if (num === undefined) continue;
      const port: EndpointPort = { port: num, protocol: sp.protocol ?? 'TCP' };
      if ((sp.name ?? '') !== '') port.name = sp.name;
      if (sp.appProtocol !== undefined) port.appProtocol = sp.appProtocol;
      add(pod, addr, port);
    }
  }
  return { subsets: repackSubsets(raw), counts };
}
