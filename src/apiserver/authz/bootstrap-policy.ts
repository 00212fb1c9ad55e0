import type { ClusterRole, ClusterRoleBinding, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { AllAuthenticated, AllUnauthenticated, SystemPrivilegedGroup } from '../authn/index.js';

/** Label upstream puts on every default RBAC object. */
export const BootstrappingLabel = { 'kubernetes.io/bootstrapping': 'rbac-defaults' } as const;
/** Annotation that lets the server reconcile a default object back to its defaults on start. */
export const AutoupdateAnnotation = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } as const;

const RBACGroup = 'rbac.authorization.k8s.io';
const MonitoringGroup = 'system:monitoring';

/** A rule's lists are kept sorted, as upstream's rule builder stores them. */
function rule(r: PolicyRule): PolicyRule {
  const sorted = (xs: string[] | undefined): string[] | undefined =>
    xs === undefined ? undefined : [...xs].sort();
  const out: PolicyRule = { verbs: [...r.verbs].sort() };
  if (r.apiGroups !== undefined) out.apiGroups = sorted(r.apiGroups);
  if (r.resources !== undefined) out.resources = sorted(r.resources);
  if (r.resourceNames !== undefined) out.resourceNames = sorted(r.resourceNames);
  if (r.nonResourceURLs !== undefined) out.nonResourceURLs = sorted(r.nonResourceURLs);
  return out;
}

function clusterRole(name: string, rules: PolicyRule[]): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { ...BootstrappingLabel }, annotations: { ...AutoupdateAnnotation } },
    rules: rules.map(rule),
  };
}

function groupBinding(role: string, groups: string[]): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: role, labels: { ...BootstrappingLabel }, annotations: { ...AutoupdateAnnotation } },
    roleRef: { apiGroup: RBACGroup, kind: 'ClusterRole', name: role },
    subjects: groups.map((name) => ({ apiGroup: RBACGroup, kind: 'Group', name })),
  };
}

/**
 * The default ClusterRoles that the interim policy needs, with upstream's names and rules:
 * cluster-admin, system:discovery, system:basic-user, system:public-info-viewer, system:monitoring.
 * Returns fresh objects on every call (callers may mutate them).
 */
export function bootstrapClusterRoles(): ClusterRole[] {
  return [
    clusterRole('cluster-admin', [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ]),
    clusterRole('system:discovery', [
      {
        verbs: ['get'],
        nonResourceURLs: [
          '/livez',
          '/readyz',
          '/healthz',
          '/version',
          '/version/',
          '/openapi',
          '/openapi/*',
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
        ],
      },
    ]),
    clusterRole(MonitoringGroup, [
      {
        verbs: ['get'],
        nonResourceURLs: [
          '/metrics',
          '/metrics/slis',
          '/livez',
          '/readyz',
          '/healthz',
          '/livez/*',
          '/readyz/*',
          '/healthz/*',
        ],
      },
    ]),
    clusterRole('system:basic-user', [
      {
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ]),
    clusterRole('system:public-info-viewer', [
      { verbs: ['get'], nonResourceURLs: ['/livez', '/readyz', '/healthz', '/version', '/version/'] },
    ]),
  ];
}

/** The default ClusterRoleBindings of {@link bootstrapClusterRoles}. Fresh objects on every call. */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    groupBinding('cluster-admin', [SystemPrivilegedGroup]),
    groupBinding(MonitoringGroup, [MonitoringGroup]),
    groupBinding('system:discovery', [AllAuthenticated]),
    groupBinding('system:basic-user', [AllAuthenticated]),
    groupBinding('system:public-info-viewer', [AllAuthenticated, AllUnauthenticated]),
  ];
}
