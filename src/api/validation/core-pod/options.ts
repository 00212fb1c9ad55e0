/**
 * Switches of pod validation, as upstream's PodValidationOptions. Every switch defaults to the
 * strict behaviour of a new object; the update paths relax some of them when the stored object
 * already used the relaxed form (so an existing object can still be updated).
 */
export interface PodValidationOptions {
  /** The spec belongs to a Pod itself, not a template inside another kind. */
  readonly resourceIsPod?: boolean;
  /** Accept a `controller.kubernetes.io/pod-deletion-cost` that is not a 32-bit integer. */
  readonly allowInvalidPodDeletionCost?: boolean;
  /** Skip the label-value rule in pod (anti-)affinity selectors. */
  readonly allowInvalidLabelValueInSelector?: boolean;
  /** Accept hugepages quantities that are not whole pages. */
  readonly allowIndivisibleHugePagesValues?: boolean;
  /** Skip label selector checks in topology spread constraints. */
  readonly allowInvalidTopologySpreadConstraintLabelSelector?: boolean;
  /** Accept service account token projections whose path is not a local relative path. */
  readonly allowNonLocalProjectedTokenPath?: boolean;
  /** Accept namespaced sysctls when the pod shares the host's network or IPC namespace. */
  readonly allowNamespacedSysctlsForHostNetAndHostIPC?: boolean;
  /** Skip the label-value rule in required node affinity. */
  readonly allowInvalidLabelValueInRequiredNodeAffinity?: boolean;
}
