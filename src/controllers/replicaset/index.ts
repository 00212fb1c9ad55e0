// The ReplicaSet and ReplicationController controllers: one implementation, two kinds.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import type { ControllerContext, ControllerDescriptor } from '../context.js';
import { DEFAULT_WORKERS, ReplicaSetController } from './controller.js';
import { REPLICA_SET_KIND, REPLICATION_CONTROLLER_KIND } from './kinds.js';

export {
  BURST_REPLICAS,
  DEFAULT_WORKERS,
  podsToDelete,
  ReplicaSetController,
  type ReplicaSetControllerOptions,
} from './controller.js';
export {
  type ManagedKind,
  REPLICA_SET_KIND,
  REPLICATION_CONTROLLER_KIND,
  type ReplicaSetStatusView,
  type ReplicaSetView,
} from './kinds.js';
export {
  calculateStatus,
  getCondition,
  newReplicaSetCondition,
  REPLICA_FAILURE,
  removeCondition,
  setCondition,
  statusUpToDate,
} from './status.js';

function workers(ctx: ControllerContext, name: string): number {
  return ctx.options.concurrentSyncs[name] ?? DEFAULT_WORKERS;
}

/** `replicaset` in kube-controller-manager's --controllers list. */
export const replicaSetController: ControllerDescriptor = {
  name: 'replicaset',
  start(ctx, signal) {
    const c = new ReplicaSetController<ReplicaSet>(ctx, REPLICA_SET_KIND);
    void c.run(workers(ctx, 'replicaset'), signal);
  },
};

/** `replicationcontroller` in kube-controller-manager's --controllers list. */
export const replicationControllerController: ControllerDescriptor = {
  name: 'replicationcontroller',
  start(ctx, signal) {
    const c = new ReplicaSetController<ReplicationController>(ctx, REPLICATION_CONTROLLER_KIND);
    void c.run(workers(ctx, 'replicationcontroller'), signal);
  },
};
