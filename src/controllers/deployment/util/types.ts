// The apps/v1 shapes the deployment controller reads, with the 1.36 status fields the generated
// types predate (`terminatingReplicas`, on by default since DeploymentReplicaSetTerminatingReplicas
// went beta).
import type {
  Deployment as DeploymentV130,
  DeploymentCondition,
  DeploymentStatus as DeploymentStatusV130,
  ReplicaSet as ReplicaSetV130,
  ReplicaSetStatus as ReplicaSetStatusV130,
} from 'kubernetes-types/apps/v1.js';

/** DeploymentStatus with `terminatingReplicas`. */
export type DeploymentStatus = DeploymentStatusV130 & { terminatingReplicas?: number };

/** ReplicaSetStatus with `terminatingReplicas`. */
export type ReplicaSetStatus = ReplicaSetStatusV130 & { terminatingReplicas?: number };

/** An apps/v1 Deployment. */
export type Deployment = Omit<DeploymentV130, 'status'> & { status?: DeploymentStatus };

/** An apps/v1 ReplicaSet. */
export type ReplicaSet = Omit<ReplicaSetV130, 'status'> & { status?: ReplicaSetStatus };

export type { DeploymentCondition };

/** `spec.replicas` of a deployment or replica set (1 when unset, the API default). */
export function specReplicas(obj: { spec?: { replicas?: number } }): number {
  return obj.spec?.replicas ?? 1;
}

/** `spec.replicas` of a replica set, or of nothing (0). */
export function rsReplicas(rs: ReplicaSet | undefined): number {
  return rs === undefined ? 0 : specReplicas(rs);
}
