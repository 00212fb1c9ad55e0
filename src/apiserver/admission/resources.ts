import { type ResourceInfo, resourceFor } from '../../api/index.js';
import { BugError } from '../../apimachinery/errors/index.js';

function info(group: string, version: string, resource: string): ResourceInfo {
  const r = resourceFor({ group, version, resource });
  if (r === undefined)
    throw new BugError(`admission: ${group}/${version}/${resource} is not in the catalogue`);
  return r;
}

/** The resources admission plugins read, resolved once from the catalogue. */
export const RESOURCES = {
  namespaces: info('', 'v1', 'namespaces'),
  serviceAccounts: info('', 'v1', 'serviceaccounts'),
  limitRanges: info('', 'v1', 'limitranges'),
  pods: info('', 'v1', 'pods'),
  persistentVolumeClaims: info('', 'v1', 'persistentvolumeclaims'),
  priorityClasses: info('scheduling.k8s.io', 'v1', 'priorityclasses'),
  runtimeClasses: info('node.k8s.io', 'v1', 'runtimeclasses'),
  storageClasses: info('storage.k8s.io', 'v1', 'storageclasses'),
  ingressClasses: info('networking.k8s.io', 'v1', 'ingressclasses'),
} as const;
