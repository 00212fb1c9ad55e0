import { badRequest, type StatusError } from '../../apimachinery/errors/index.js';
import { isValidPathSegmentName } from '../../apimachinery/validation/index.js';

/** The root under which every object is stored, as kube-apiserver's default `--etcd-prefix`. */
export const REGISTRY_ROOT = '/registry';

// Resource prefixes that differ from the plural, kept from the first Kubernetes releases so that
// existing etcd data stays readable.
const SPECIAL_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['/replicationcontrollers', 'controllers'],
  ['/endpoints', 'services/endpoints'],
  ['/nodes', 'minions'],
  ['/services', 'services/specs'],
  ['extensions/ingresses', 'ingress'],
  ['networking.k8s.io/ingresses', 'ingress'],
  ['extensions/podsecuritypolicies', 'podsecuritypolicy'],
  ['policy/podsecuritypolicies', 'podsecuritypolicy'],
]);

// The apiextensions and aggregator servers (and custom resources) prefix the resource with its group.
const GROUP_PREFIXED: ReadonlySet<string> = new Set(['apiextensions.k8s.io', 'apiregistration.k8s.io']);

/** True for a group served from CustomResourceDefinitions rather than built in. */
function isCustomGroup(group: string): boolean {
  return group.includes('.') && !group.endsWith('.k8s.io') && !group.endsWith('.kubernetes.io');
}

/**
 * The storage prefix of a resource, with leading and trailing slash: `/registry/pods/`,
 * `/registry/minions/`, `/registry/apiextensions.k8s.io/customresourcedefinitions/`,
 * `/registry/example.com/widgets/` for a custom resource. Pure.
 */
export function resourcePrefix(group: string, resource: string): string {
  const special = SPECIAL_PREFIXES.get(`${group}/${resource}`);
  if (special !== undefined) return `${REGISTRY_ROOT}/${special}/`;
  if (GROUP_PREFIXED.has(group) || isCustomGroup(group)) return `${REGISTRY_ROOT}/${group}/${resource}/`;
  return `${REGISTRY_ROOT}/${resource.toLowerCase()}/`;
}

/** A storage key, or the 400 upstream answers for a name or namespace that cannot be one. */
export type KeyResult =
  | { readonly ok: true; readonly key: string }
  | { readonly ok: false; readonly error: StatusError };

function checkSegment(value: string, what: 'Name' | 'Namespace'): StatusError | undefined {
  if (value === '') return badRequest(`${what} parameter required.`);
  const msgs = isValidPathSegmentName(value);
  if (msgs.length > 0)
    return badRequest(`${what} parameter invalid: ${JSON.stringify(value)}: ${msgs.join(';')}`);
  return undefined;
}

/**
 * The key of one object: `<prefix><namespace>/<name>` for namespaced resources, `<prefix><name>`
 * otherwise. An empty or unsafe segment (`.`, `..`, containing `/` or `%`) is a 400 BadRequest
 * (`Name parameter required.`, `Name parameter invalid: "a/b": may not contain '/'`). Pure.
 */
export function objectKey(prefix: string, namespaced: boolean, namespace: string, name: string): KeyResult {
  if (namespaced) {
    const nsErr = checkSegment(namespace, 'Namespace');
    if (nsErr !== undefined) return { ok: false, error: nsErr };
  }
  const nameErr = checkSegment(name, 'Name');
  if (nameErr !== undefined) return { ok: false, error: nameErr };
  return { ok: true, key: namespaced ? `${prefix}${namespace}/${name}` : `${prefix}${name}` };
}

/**
 * The prefix to list: the namespace's subtree for a namespaced request, the whole resource for
 * cluster-scoped resources and all-namespace lists (`namespace` ''). A namespace that is not a
 * valid path segment is a 400 BadRequest. Pure.
 */
export function listKeyPrefix(prefix: string, namespaced: boolean, namespace: string): KeyResult {
  if (!namespaced || namespace === '') return { ok: true, key: prefix };
  const nsErr = checkSegment(namespace, 'Namespace');
  if (nsErr !== undefined) return { ok: false, error: nsErr };
  return { ok: true, key: `${prefix}${namespace}/` };
}
