// Service address allocation (cluster IPs as IPAddress objects, node ports as store keys), the
// Service write hooks, and the `kubernetes` Service with its lease-reconciled Endpoints.
export {
  DEFAULT_SERVICE_CLUSTER_IP_RANGE,
  firstServiceIP,
  type ParsedServiceCIDRs,
  parseNodePortRange,
  parseServiceCIDRs,
  storeAllocators,
} from './config.js';
export { serviceHooks, type ServiceHooksOptions } from './hooks.js';
export {
  AllocationError,
  IP_ALLOCATOR_NAME,
  type IPAllocator,
  LABEL_IP_FAMILY,
  LABEL_MANAGED_BY,
  type ServiceRef,
  storeIPAllocator,
  systemContext,
} from './ip-allocator.js';
export { familyOf, type IPFamily, ServiceIPRange } from './ip-range.js';
export {
  DEFAULT_SERVICE_CIDR,
  KUBERNETES_SERVICE,
  KubernetesServiceController,
  type KubernetesServiceOptions,
  kubernetesService,
} from './kubernetes-service.js';
export {
  LeaseEndpointReconciler,
  MASTER_LEASE_TTL_SECONDS,
  MASTER_LEASES_PREFIX,
} from './lease-reconciler.js';
export {
  DEFAULT_NODE_PORT_RANGE,
  formatPortRange,
  NODE_PORT_PREFIX,
  type PortAllocator,
  type PortRange,
  parsePortRange,
  storePortAllocator,
} from './port-allocator.js';
export {
  AllocationRepair,
  REPAIR_INTERVAL_MS,
  REPAIRS_BEFORE_LEAK_CLEANUP,
  type RepairReport,
} from './repair.js';
export { type Allocators, allocateCreate, allocateUpdate, releaseAllocated } from './service-alloc.js';
