// Well-known labels and annotations of Endpoints and EndpointSlices.

/** The service an EndpointSlice belongs to. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** Which controller manages an EndpointSlice. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** Set to "true" on an Endpoints object to keep it from being mirrored. */
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
/** Set (empty) on the Endpoints and EndpointSlices of headless services. */
export const LABEL_HEADLESS_SERVICE = 'service.kubernetes.io/headless';
/** Zone label of nodes, copied into EndpointSlice endpoints. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
/** The managed-by value of the EndpointSlice controller. */
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** The managed-by value of the EndpointSlice mirroring controller. */
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
/** Marks Endpoints used as leader-election locks (never mirrored or cleaned up). */
export const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
/** kubectl's last-applied-configuration annotation (not mirrored). */
export const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
