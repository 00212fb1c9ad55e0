// Preemption shared by preemption plugins: the evaluator and its helpers.
export {
  disruptionCondition,
  Evaluator,
  type EvaluatorOptions,
  PREEMPTION_NOT_HELPFUL,
  type PreemptResult,
} from './evaluator.js';
export { noNodesAvailableMessage } from './fit-message.js';
export { NODE_INFO_OPS } from './node-info-ops.js';
export { filterPodsWithPDBViolation } from './pdb.js';
export { defaultScoreFuncs, pickOneNodeForPreemption } from './pick-node.js';
export { earliestStartOfHighestPriority, moreImportantPod, podPriority, podStartTime } from './pod-order.js';
export type { Candidate, NodeInfoOps, PreemptionHandle, PreemptionInterface, Victims } from './types.js';
