import { forbidden, notFound, type StatusCause } from '../../apimachinery/errors/index.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import { RESOURCES } from './resources.js';
import type { AdmissionLookup, AdmissionPlugin } from './types.js';
import { admissionForbidden, isResource, objectAt, stringAt } from './util.js';

/** Upstream's plugin name. */
export const NAMESPACE_LIFECYCLE = 'NamespaceLifecycle';

/** Namespaces that may never be deleted. */
export const IMMORTAL_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public'];

/** The cause type upstream adds when content is created in a terminating namespace. */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/**
 * NamespaceLifecycle: refuses to delete the immortal namespaces, and refuses writes into a
 * namespace that does not exist (404 `namespaces "x" not found`) and creates into one that is
 * being terminated (403 with the NamespaceTerminating cause). Namespaces themselves, deletes
 * of other objects and local access reviews are let through. Reads the namespace on every
 * namespaced create and update.
 */
export function namespaceLifecycle(
  lookup: AdmissionLookup,
  immortal: readonly string[] = IMMORTAL_NAMESPACES,
): AdmissionPlugin {
  return {
    name: NAMESPACE_LIFECYCLE,
    async admit(a: AdmissionAttributes): Promise<void> {
      if (a.operation === 'CONNECT') return;
      const isNamespace = isResource(a, '', 'namespaces');
      if (a.operation === 'DELETE' && isNamespace && immortal.includes(a.name)) {
        throw forbidden({ group: '', resource: 'namespaces' }, a.name, 'this namespace may not be deleted');
      }
      if (isNamespace || a.namespace === '' || a.operation === 'DELETE') return;
      // Answering 404 here would tell who may not read namespaces which ones exist.
      if (isResource(a, 'authorization.k8s.io', 'localsubjectaccessreviews')) return;
      const ns = await lookup.get(RESOURCES.namespaces, '', a.namespace);
      if (ns === undefined) throw notFound({ group: '', resource: 'namespaces' }, a.namespace);
      if (a.operation !== 'CREATE') return;
      if (stringAt(objectAt(ns, 'status'), 'phase') !== 'Terminating') return;
      const err = admissionForbidden(
        a,
        `unable to create new content in namespace ${a.namespace} because it is being terminated`,
      );
      const cause: StatusCause = {
        reason: NAMESPACE_TERMINATING_CAUSE,
        message: `namespace ${a.namespace} is being terminated`,
        field: 'metadata.namespace',
      };
      const details = err.status.details ?? {};
      details.causes = [...(details.causes ?? []), cause];
      err.status.details = details;
      throw err;
    },
  };
}
