// Leader election over coordination.k8s.io/v1 Leases.
export {
  JITTER_FACTOR,
  type LeaderCallbacks,
  LeaderElector,
  type LeaderElectorOptions,
} from './leader-elector.js';
export { type LeaderElectionRecord, LeaseLock } from './lease-lock.js';
