// Simulated nodes: many kubelet stand-ins in one process, registering Nodes, renewing Leases and
// driving the pods bound to them through their lifecycle without running anything.
export { fallbackPodCIDR, nodeInternalIP, parseIPv4CIDR, podIPAt } from './addresses.js';
export { DeadlineQueue } from './deadline-queue.js';
export { DEFAULT_NODE_TEMPLATE, type NodeTemplate, nodeObject, nodeStatus } from './node-object.js';
export {
  COMPLETE_AFTER_ANNOTATION,
  EXIT_CODE_ANNOTATION,
  FAIL_AFTER_ANNOTATION,
  podEnding,
  runningStatus,
  terminatedStatus,
} from './pod-status.js';
export { type Sim, type SimOptions, type SimStats, startSim } from './sim.js';
