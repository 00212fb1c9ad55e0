// What every controller is given by the controller manager, and how a controller is described to
// it. Controllers talk to the cluster only through `client` and `informers`.
import type { Clock } from '../client/clock.js';
import type { EventBroadcaster } from '../client/events/types.js';
import type { SharedInformerFactory } from '../client/informers/types.js';
import type { Client } from '../client/types.js';
import type { Logger } from '../log/index.js';

/** Settings of the controller manager that controllers read (kube-controller-manager flags). */
export interface ControllerManagerOptions {
  /** --cluster-cidr, default 10.244.0.0/16. */
  readonly clusterCIDR: string;
  /** --node-cidr-mask-size, default 24. */
  readonly nodeCIDRMaskSize: number;
  /** --node-monitor-grace-period in ms, default 40 s. */
  readonly nodeMonitorGracePeriodMs: number;
  /** --node-eviction-rate, default 0.1 nodes/s. */
  readonly nodeEvictionRate: number;
  /** --secondary-node-eviction-rate, default 0.01 nodes/s. */
  readonly secondaryNodeEvictionRate: number;
  /** --unhealthy-zone-threshold, default 0.55. */
  readonly unhealthyZoneThreshold: number;
  /** --large-cluster-size-threshold, default 50. */
  readonly largeClusterSizeThreshold: number;
  /** --terminated-pod-gc-threshold, default 12500. */
  readonly terminatedPodGCThreshold: number;
  /** PEM of the cluster CA, published as the kube-root-ca.crt ConfigMap. */
  readonly rootCAPem: string;
  /** Workers per controller (--concurrent-*-syncs); a controller's own default when absent. */
  readonly concurrentSyncs: Readonly<Record<string, number>>;
}

/** Upstream's defaults for the options above (rootCAPem empty). */
export const DEFAULT_CONTROLLER_MANAGER_OPTIONS: ControllerManagerOptions = {
  clusterCIDR: '10.244.0.0/16',
  nodeCIDRMaskSize: 24,
  nodeMonitorGracePeriodMs: 40_000,
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  unhealthyZoneThreshold: 0.55,
  largeClusterSizeThreshold: 50,
  terminatedPodGCThreshold: 12_500,
  rootCAPem: '',
  concurrentSyncs: {},
};

/** Shared by every controller of one controller manager. */
export interface ControllerContext {
  readonly client: Client;
  readonly informers: SharedInformerFactory;
  readonly events: EventBroadcaster;
  readonly clock: Clock;
  readonly log: Logger;
  readonly options: ControllerManagerOptions;
}

/**
 * A controller as the manager sees it. `start` registers informers and handlers and starts
 * workers, then returns (before caches sync: workers wait for sync themselves); everything stops
 * when `signal` aborts.
 */
export interface ControllerDescriptor {
  /** Upstream's controller name, e.g. `replicaset-controller`... as `--controllers` spells it: `replicaset`. */
  readonly name: string;
  start(ctx: ControllerContext, signal: AbortSignal): void | Promise<void>;
}
