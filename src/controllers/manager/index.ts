// The controller manager: runs a set of controllers over shared informers, optionally behind
// leader election.
export {
  type ControllerManagerConfig,
  LEADER_ELECTION_DEFAULTS,
  type LeaderElectionSettings,
  type RunningControllerManager,
  startControllerManager,
} from './manager.js';
export { type KnownController, selectControllers } from './select.js';
