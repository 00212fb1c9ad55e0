import { forbiddenRequest, type StatusError } from '../../apimachinery/errors/index.js';
import type { Attributes } from './attributes.js';

/**
 * The 403 kube-apiserver answers a request its authorizers did not allow, word for word:
 * `pods "x" is forbidden: User "u" cannot get resource "pods" in API group "" in the namespace "ns"`
 * (`at the cluster scope` without a namespace; `forbidden: User "u" cannot get path "/p"` for
 * non-resource requests), then `: <reason>` when the authorizer gave one. Pure.
 */
export function forbiddenError(attrs: Attributes, reason: string): StatusError {
  if (!attrs.isResourceRequest) {
    return forbiddenRequest({ user: attrs.user.name, verb: attrs.verb, path: attrs.path }, reason);
  }
  return forbiddenRequest(
    {
      user: attrs.user.name,
      verb: attrs.verb,
      resource: {
        group: attrs.apiGroup,
        resource: attrs.resource,
        subresource: attrs.subresource,
        namespace: attrs.namespace,
        name: attrs.name,
      },
    },
    reason,
  );
}
