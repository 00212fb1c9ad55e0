import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, NodeStatus, Taint } from 'kubernetes-types/core/v1.js';
import { KUBERNETES_VERSION } from '../version.js';
import { nodeInternalIP } from './addresses.js';

/** What every simulated node looks like. */
export interface NodeTemplate {
  /** Node names are `${prefix}${index}`. */
  readonly namePrefix: string;
  readonly cpu: string;
  readonly memory: string;
  readonly pods: string;
  readonly ephemeralStorage: string;
  /** Zones the nodes are spread over round-robin (`topology.kubernetes.io/zone`); none when empty. */
  readonly zones: readonly string[];
  /** Region label when zones are set. */
  readonly region: string;
  readonly arch: string;
  /** Extra labels, e.g. `node-role.kubernetes.io/worker: ''`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
}

/** The defaults: 32 CPUs, 256Gi, 110 pods, amd64, no zones. */
export const DEFAULT_NODE_TEMPLATE: NodeTemplate = {
  namePrefix: 'sim-node-',
  cpu: '32',
  memory: '256Gi',
  pods: '110',
  ephemeralStorage: '100Gi',
  zones: [],
  region: 'sim-region',
  arch: 'amd64',
  labels: {},
  taints: [],
};

/** Name of the `index`-th node. */
export function nodeName(t: NodeTemplate, index: number): string {
  return `${t.namePrefix}${index}`;
}

/** The zone of the `index`-th node, if zones are configured. */
export function nodeZone(t: NodeTemplate, index: number): string | undefined {
  return t.zones.length === 0 ? undefined : t.zones[index % t.zones.length];
}

/** The Node object a kubelet would register (metadata and spec; status comes with {@link nodeStatus}). */
export function nodeObject(t: NodeTemplate, index: number): Node {
  const name = nodeName(t, index);
  const zone = nodeZone(t, index);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': t.arch,
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': t.arch,
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(zone === undefined
          ? {}
          : { 'topology.kubernetes.io/zone': zone, 'topology.kubernetes.io/region': t.region }),
        ...t.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: t.taints.length === 0 ? {} : { taints: t.taints.map((x) => ({ ...x })) },
  };
}

const iso = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The four conditions a healthy kubelet reports, with its reasons and messages. */
export function nodeConditions(heartbeatMs: number, transitionMs: number): NodeCondition[] {
  const hb = iso(heartbeatMs);
  const tr = iso(transitionMs);
  const c = (type: string, status: string, reason: string, message: string): NodeCondition => ({
    type,
    status,
    lastHeartbeatTime: hb,
    lastTransitionTime: tr,
    reason,
    message,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

function hex(index: number, salt: number, len: number): string {
  let s = '';
  let x = (index * 2654435761 + salt * 40503) >>> 0;
  while (s.length < len) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += (x >>> 8).toString(16).padStart(6, '0');
  }
  return s.slice(0, len);
}

/** The node's status: capacity, allocatable, conditions, addresses, nodeInfo, daemon endpoints. */
export function nodeStatus(t: NodeTemplate, index: number, nowMs: number, transitionMs = nowMs): NodeStatus {
  const resources = {
    cpu: t.cpu,
    memory: t.memory,
    pods: t.pods,
    'ephemeral-storage': t.ephemeralStorage,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
  };
  const u = hex(index, 2, 32);
  return {
    capacity: resources,
    allocatable: resources,
    conditions: nodeConditions(nowMs, transitionMs),
    addresses: [
      { type: 'InternalIP', address: nodeInternalIP(index) },
      { type: 'Hostname', address: nodeName(t, index) },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: hex(index, 1, 32),
      systemUUID: `${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20)}`,
      bootID: hex(index, 3, 32),
      kernelVersion: '6.8.0-sim',
      osImage: 'kite simulated node',
      containerRuntimeVersion: 'sim://1.0.0',
      kubeletVersion: KUBERNETES_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: t.arch,
    },
  };
}

/** The namespace of node Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's lease duration (seconds). */
export const NODE_LEASE_DURATION_SECONDS = 40;

/** The node's Lease in kube-node-lease, owned by the Node as the kubelet makes it. */
export function nodeLease(name: string, nodeUID: string | undefined, nowMs: number): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: NODE_LEASE_NAMESPACE,
      ...(nodeUID === undefined
        ? {}
        : { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: nodeUID }] }),
    },
    spec: {
      holderIdentity: name,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      renewTime: microTime(nowMs),
    },
  };
}

/** RFC 3339 with microseconds, as metav1.MicroTime. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
