import { resourceFor } from '../../api/index.js';
import type { Store } from '../../storage/index.js';
import { RegistryStore } from '../registry/index.js';
import { storeIPAllocator } from './ip-allocator.js';
import { type IPFamily, ServiceIPRange } from './ip-range.js';
import {
  DEFAULT_NODE_PORT_RANGE,
  type PortRange,
  parsePortRange,
  storePortAllocator,
} from './port-allocator.js';
import type { Allocators } from './service-alloc.js';

/** kube-apiserver's default `--service-cluster-ip-range` (kubeadm's service subnet). */
export const DEFAULT_SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/12';

/** Parsed service ranges, or why the flag value is not acceptable. */
export type ParsedServiceCIDRs =
  | { readonly ok: true; readonly ranges: readonly ServiceIPRange[] }
  | { readonly ok: false; readonly message: string };

/**
 * Parses `--service-cluster-ip-range`: one CIDR, or two of different families (dual-stack, the
 * first being the default family). IPv6 ranges must be /64 or longer, as upstream's allocator
 * requires. Pure.
 */
export function parseServiceCIDRs(text: string): ParsedServiceCIDRs {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.length > 2 || parts.some((p) => p === '')) {
    return { ok: false, message: `invalid value "${text}": want one CIDR or two of different IP families` };
  }
  const ranges: ServiceIPRange[] = [];
  for (const p of parts) {
    const r = ServiceIPRange.parse(p);
    if (r === undefined) return { ok: false, message: `invalid CIDR "${p}"` };
    if (r.family === 'IPv6' && Number(r.cidr.split('/')[1]) < 64) {
      return {
        ok: false,
        message: `shortest allowed prefix length for service CIDR is 64, got ${r.cidr.split('/')[1]}`,
      };
    }
    if (r.size < 1n) return { ok: false, message: `service CIDR ${r.cidr} holds no usable address` };
    ranges.push(r);
  }
  if (ranges.length === 2 && ranges[0]!.family === ranges[1]!.family) {
    return { ok: false, message: `invalid value "${text}": the two CIDRs must be of different IP families` };
  }
  return { ok: true, ranges };
}

/** Parses `--service-node-port-range` (default 30000-32767); undefined when it is not a range. */
export function parseNodePortRange(text: string | undefined): PortRange | undefined {
  return text === undefined ? DEFAULT_NODE_PORT_RANGE : parsePortRange(text);
}

/** The `kubernetes` Service's ClusterIP: the first usable address of the range. Pure. */
export function firstServiceIP(range: ServiceIPRange): string {
  return range.format(range.first);
}

/**
 * The store-backed allocators of a cluster: IPAddress objects per family (through `ipRegistry`
 * when given, so admission and the watch see them as any write) and node port keys.
 */
export function storeAllocators(
  ranges: readonly ServiceIPRange[],
  ports: PortRange,
  store: Store,
  ipRegistry?: RegistryStore,
): Allocators {
  const info = resourceFor({ group: 'networking.k8s.io', version: 'v1', resource: 'ipaddresses' });
  const registry = ipRegistry ?? (info === undefined ? undefined : new RegistryStore(info, store));
  const ip = new Map<IPFamily, ReturnType<typeof storeIPAllocator>>();
  for (const r of ranges)
    ip.set(r.family, storeIPAllocator(r, store, registry === undefined ? {} : { registry }));
  return { ip, defaultFamily: ranges[0]!.family, ports: storePortAllocator(ports, store) };
}
