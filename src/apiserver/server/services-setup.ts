import { type ResourceInfo, resourceFor } from '../../api/index.js';
import type { Store } from '../../storage/index.js';
import type { RegistryHooks, RegistryStore } from '../registry/index.js';
import {
  AllocationRepair,
  DEFAULT_SERVICE_CLUSTER_IP_RANGE,
  firstServiceIP,
  KubernetesServiceController,
  LeaseEndpointReconciler,
  parseNodePortRange,
  parseServiceCIDRs,
  type PortRange,
  REPAIR_INTERVAL_MS,
  type ServiceIPRange,
  serviceHooks,
  storeAllocators,
} from '../services/index.js';

/** The service flags of `kite server`. */
export interface ServicesFlags {
  readonly bindAddress: string;
  readonly serviceClusterIPRange?: string;
  readonly serviceNodePortRange?: string;
  readonly advertiseAddress?: string;
}

/** What start-up needs from the services configuration. */
export interface ServicesSetup {
  readonly ranges: readonly ServiceIPRange[];
  readonly nodePorts: PortRange;
  /** This server's address in the `kubernetes` Endpoints. */
  readonly advertiseAddress: string;
  /** Addresses the serving certificate must carry besides the defaults. */
  readonly extraSANs: readonly string[];
  /** The hooks per resource (Services only), allocating through `store`. */
  hooksFor(store: Store): (info: ResourceInfo) => RegistryHooks | undefined;
  /**
   * Creates the default ServiceCIDR and the `kubernetes` Service, runs the first lease round, and
   * keeps renewing in the background; `stopped` resolves once `signal` aborted and the lease was
   * withdrawn.
   */
  startControlPlaneService(
    resources: { registryFor(info: ResourceInfo): RegistryStore },
    store: Store,
    securePort: number,
    signal: AbortSignal,
    warn?: (msg: string) => void,
  ): Promise<{ readonly stopped: Promise<void> }>;
}

const UNSPECIFIED = new Set(['0.0.0.0', '::', '']);

/**
 * The advertised address as kube-apiserver chooses it: the flag; else the bind address when it is
 * a specific non-loopback one; else the host's first non-loopback IPv4 address; else 127.0.0.1
 * (which Endpoints validation refuses, so a loopback-only host gets no `kubernetes` Endpoints,
 * as upstream).
 */
export function defaultAdvertiseAddress(bindAddress: string, hosts: readonly string[]): string {
  if (!UNSPECIFIED.has(bindAddress) && !isLoopback(bindAddress)) return bindAddress;
  return hosts.find((h) => /^[0-9.]+$/.test(h) && !isLoopback(h)) ?? '127.0.0.1';
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

function must(info: ResourceInfo | undefined, what: string): ResourceInfo {
  if (info === undefined) throw new Error(`${what} is not in the catalogue`);
  return info;
}

/**
 * Parses the service flags (throwing an Error whose message names the bad flag) and returns the
 * pieces start-up wires in. `hosts` are the host's non-loopback addresses.
 */
export function servicesSetup(flags: ServicesFlags, hosts: readonly string[]): ServicesSetup {
  const cidrText = flags.serviceClusterIPRange ?? DEFAULT_SERVICE_CLUSTER_IP_RANGE;
  const parsed = parseServiceCIDRs(cidrText);
  if (!parsed.ok) throw new Error(`--service-cluster-ip-range: ${parsed.message}`);
  const nodePorts = parseNodePortRange(flags.serviceNodePortRange);
  if (nodePorts === undefined) {
    throw new Error(`--service-node-port-range: invalid port range "${flags.serviceNodePortRange ?? ''}"`);
  }
  const ranges = parsed.ranges;
  const advertiseAddress = flags.advertiseAddress ?? defaultAdvertiseAddress(flags.bindAddress, hosts);
  const serviceIP = firstServiceIP(ranges[0]!);
  const extraSANs = [serviceIP, advertiseAddress];
  if (!UNSPECIFIED.has(flags.bindAddress)) extraSANs.push(flags.bindAddress);
  return {
    ranges,
    nodePorts,
    advertiseAddress,
    extraSANs,
    hooksFor(store) {
      const hooks = serviceHooks(storeAllocators(ranges, nodePorts, store), { store });
      return (info) => (info.group === '' && info.plural === 'services' ? hooks : undefined);
    },
    async startControlPlaneService(resources, store, securePort, signal, warn) {
      const reg = (group: string, resource: string) =>
        resources.registryFor(must(resourceFor({ group, version: 'v1', resource }), `${group}/${resource}`));
      const controller = new KubernetesServiceController({
        services: reg('', 'services'),
        serviceCIDRs: reg('networking.k8s.io', 'servicecidrs'),
        reconciler: new LeaseEndpointReconciler({
          store,
          endpoints: reg('', 'endpoints'),
          endpointSlices: reg('discovery.k8s.io', 'endpointslices'),
        }),
        serviceIP,
        cidrs: ranges.map((r) => r.cidr),
        advertiseAddress,
        securePort,
        onError: (e) => warn?.(`kubernetes service: ${e instanceof Error ? e.message : String(e)}`),
      });
      const repair = new AllocationRepair(store, storeAllocators(ranges, nodePorts, store));
      const repaired = repair.start(signal, REPAIR_INTERVAL_MS, (e) =>
        warn?.(`service allocation repair: ${e instanceof Error ? e.message : String(e)}`),
      );
      const stopped = controller.start(signal);
      await controller.ready;
      return { stopped: Promise.all([stopped, repaired]).then(() => undefined) };
    },
  };
}
