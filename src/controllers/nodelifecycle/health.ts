// When the controller last heard from each node (a new Ready heartbeat or a renewed Lease), and the
// conditions a node gets once it has been silent for longer than its grace period.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import { nodeCondition } from './taints.js';

/** How long a node that never reported may stay silent after creation (--node-startup-grace-period). */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;

/** The conditions a silent node's are set to Unknown (the kubelet owns the rest). */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** What was last observed of one node, as local times in ms. */
export interface NodeHealth {
  /** When a change of heartbeat or lease renewal was last seen. */
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The Ready condition's lastHeartbeatTime and lastTransitionTime when last seen. */
  heartbeat: string | undefined;
  transition: string | undefined;
  /** The lease's renewTime when last seen. */
  leaseRenewTime: string | undefined;
}

/**
 * Updates what is known of `node` from its status and Lease. The probe time moves to `now` when
 * the Ready heartbeat changed or the lease was renewed; a node seen for the first time counts from
 * `now`, or from its creation when it never reported Ready. Pure.
 */
export function observeNode(
  prev: NodeHealth | undefined,
  node: Node,
  lease: Lease | undefined,
  now: number,
): NodeHealth {
  const ready = nodeCondition(node, 'Ready');
  const created = Date.parse(node.metadata?.creationTimestamp ?? '') || now;
  let h: NodeHealth;
  if (prev === undefined) {
    const start = ready === undefined ? created : now;
    h = {
      probeTimestamp: start,
      readyTransitionTimestamp: start,
      heartbeat: ready?.lastHeartbeatTime,
      transition: ready?.lastTransitionTime,
      leaseRenewTime: undefined,
    };
  } else {
    h = { ...prev };
    if (ready !== undefined && (prev.heartbeat !== ready.lastHeartbeatTime || prev.heartbeat === undefined)) {
      if (prev.transition !== ready.lastTransitionTime) h.readyTransitionTimestamp = now;
      h.probeTimestamp = now;
      h.heartbeat = ready.lastHeartbeatTime;
      h.transition = ready.lastTransitionTime;
    }
  }
  const renew = lease?.spec?.renewTime;
  if (
    renew !== undefined &&
    (h.leaseRenewTime === undefined || Date.parse(h.leaseRenewTime) < Date.parse(renew))
  ) {
    h.leaseRenewTime = renew;
    h.probeTimestamp = now;
  }
  return h;
}

/** The grace period of `node`: the startup one until it first reports Ready. */
export function gracePeriodOf(node: Node, monitorGraceMs: number): number {
  return nodeCondition(node, 'Ready') === undefined ? NODE_STARTUP_GRACE_PERIOD_MS : monitorGraceMs;
}

/**
 * The conditions of a node silent past its grace period: each monitored condition becomes
 * Unknown (NodeStatusUnknown, or NodeStatusNeverUpdated when the kubelet never set it), others
 * kept. Undefined when nothing changes. Pure.
 */
export function unknownConditions(node: Node, nowISO: string): NodeCondition[] | undefined {
  const conds = [...(node.status?.conditions ?? [])].map((c) => ({ ...c }));
  let changed = false;
  for (const type of MONITORED_CONDITIONS) {
    const c = conds.find((x) => x.type === type);
    if (c === undefined) {
      conds.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        ...(node.metadata?.creationTimestamp === undefined
          ? {}
          : { lastHeartbeatTime: node.metadata.creationTimestamp }),
        lastTransitionTime: nowISO,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = nowISO;
      changed = true;
    }
  }
  return changed ? conds : undefined;
}
