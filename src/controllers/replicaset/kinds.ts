// The two kinds the controller manages. ReplicationController is handled as an older form of
// ReplicaSet: each object is viewed as a ReplicaSet (its map selector as matchLabels) and the
// computed status is written back into the original object.
import type { ReplicaSet, ReplicaSetSpec, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import { REPLICA_SETS, REPLICATION_CONTROLLERS } from '../../client/resources.js';
import type { KubeObject, Resource } from '../../client/types.js';
import { type ControllerKind, controllerKindOf } from '../util/index.js';

/** ReplicaSetStatus with the fields newer than the bundled type definitions. */
export type ReplicaSetStatusView = ReplicaSetStatus & { terminatingReplicas?: number };

/** A ReplicaSet as the controller reads it (a missing selector selects nothing). */
export type ReplicaSetView = Omit<ReplicaSet, 'status' | 'spec'> & {
  spec?: Omit<ReplicaSetSpec, 'selector'> & Partial<Pick<ReplicaSetSpec, 'selector'>>;
  status?: ReplicaSetStatusView;
};

/** What differs between the kinds the controller can manage. */
export interface ManagedKind<T extends KubeObject> {
  readonly resource: Resource<T>;
  readonly controllerKind: ControllerKind;
  /** Event source component, e.g. `replicaset-controller`. */
  readonly component: string;
  /** Log source name. */
  readonly logName: string;
  /** Whether status.terminatingReplicas is maintained (upstream: ReplicaSets only). */
  readonly terminatingReplicas: boolean;
  /** The object viewed as a ReplicaSet (shares nested values with `obj`; do not mutate). */
  view(obj: T): ReplicaSetView;
  /** A copy of `obj` with `status`. */
  withStatus(obj: T, status: ReplicaSetStatusView): T;
}

/** ReplicaSets (apps/v1). */
export const REPLICA_SET_KIND: ManagedKind<ReplicaSet> = {
  resource: REPLICA_SETS,
  controllerKind: controllerKindOf(REPLICA_SETS),
  component: 'replicaset-controller',
  logName: 'replicaset',
  terminatingReplicas: true,
  view: (obj) => obj as ReplicaSetView,
  withStatus: (obj, status) => ({ ...obj, status }),
};

/** ReplicationControllers (core/v1), managed by the same logic. */
export const REPLICATION_CONTROLLER_KIND: ManagedKind<ReplicationController> = {
  resource: REPLICATION_CONTROLLERS,
  controllerKind: controllerKindOf(REPLICATION_CONTROLLERS),
  component: 'replication-controller',
  logName: 'replicationcontroller',
  terminatingReplicas: false,
  view(rc) {
    const spec = rc.spec ?? {};
    const view: ReplicaSetView = {
      metadata: rc.metadata ?? {},
      spec: {
        replicas: spec.replicas ?? 1,
        minReadySeconds: spec.minReadySeconds ?? 0,
        template: spec.template ?? {},
      },
    };
    // A missing map selector stays missing (selects nothing); an empty one selects everything.
    if (spec.selector !== undefined) view.spec!.selector = { matchLabels: spec.selector };
    if (rc.status !== undefined) view.status = rc.status as ReplicaSetStatusView;
    return view;
  },
  withStatus(rc, status) {
    const { terminatingReplicas: _, ...rest } = status;
    return { ...rc, status: rest };
  },
};
