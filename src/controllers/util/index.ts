// Helpers shared by the workload controllers: pod state, controller references and claiming,
// expectations, pod creation from templates, the scale-down order and slow-start batches.
export {
  canAdoptFor,
  type ControllerKind,
  ControllerRefManager,
  type ControllerRefManagerOptions,
  controllerKindOf,
  freshOwner,
  getControllerOf,
  newControllerRef,
  type PatchFn,
  recheckDeletionTimestamp,
  withTypeMeta,
} from './controller-ref.js';
export {
  type ControlleeExpectations,
  ControllerExpectations,
  EXPECTATIONS_TIMEOUT_MS,
  expectationsFulfilled,
  UIDTrackingControllerExpectations,
} from './expectations.js';
export {
  FAILED_CREATE_POD_REASON,
  FAILED_DELETE_POD_REASON,
  hasStatusCause,
  NAMESPACE_TERMINATING_CAUSE,
  type PodControl,
  podFromTemplate,
  podNamePrefix,
  RealPodControl,
  SUCCESSFUL_CREATE_POD_REASON,
  SUCCESSFUL_DELETE_POD_REASON,
  validateControllerRef,
} from './pod-control.js';
export {
  filterActivePods,
  filterTerminatingPods,
  findMinNextPodAvailabilityCheck,
  isPodActive,
  isPodAvailable,
  isPodReady,
  isPodTerminal,
  isPodTerminating,
  nextPodAvailabilityCheck,
  parseTimestamp,
  podKey,
  podReadyCondition,
} from './pods.js';
export {
  logarithmicRankDiff,
  POD_DELETION_COST_ANNOTATION,
  podDeletionCost,
  podLess,
  ranksByRelatedPodsOnSameNode,
  sortPodsForDeletion,
} from './ranking.js';
export { SLOW_START_INITIAL_BATCH_SIZE, type SlowStartResult, slowStartBatch } from './slow-start.js';
export { ConsistencyStore, StaleCacheError } from './consistency-store.js';
export { aggregateErrors, isNamespaceTerminating, messageOf } from './errors.js';
export { drainQueue, newControllerQueue, runWorkers, type WorkerPool } from './workers.js';
