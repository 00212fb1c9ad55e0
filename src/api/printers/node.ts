/**
 * The node printer: STATUS from the Ready condition and cordoning, ROLES from role labels, and the
 * wide addresses and system info.
 */
import { AGE, column, NAME, simplePrinter, wide } from './columns.js';
import { age, name } from './format.js';
import { bool, type Obj, objList, str, strMap } from './json.js';
import type { Printer } from './types.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** Sorted unique roles from `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values. */
export function nodeRoles(node: Obj): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(strMap(node, 'metadata', 'labels'))) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (k === ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `Ready`, `NotReady` or `Unknown`, then `SchedulingDisabled` for a cordoned node. */
export function nodeStatus(node: Obj): string {
  const status: string[] = [];
  // The last Ready condition wins, as upstream indexes the conditions by type.
  const ready = objList(node, 'status', 'conditions')
    .filter((c) => str(c, 'type') === 'Ready')
    .at(-1);
  if (ready !== undefined) status.push(str(ready, 'status') === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (bool(node, 'spec', 'unschedulable')) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: Obj, type: string): string {
  const a = objList(node, 'status', 'addresses').find((x) => str(x, 'type') === type);
  return a === undefined ? '<none>' : str(a, 'address');
}

function orUnknown(s: string): string {
  return s === '' ? '<unknown>' : s;
}

/** Nodes: STATUS, ROLES, VERSION; wide addresses, OS image, kernel (with arch), runtime. */
export const nodePrinter: Printer = simplePrinter(
  [
    NAME,
    column('Status', 'string', 'Readiness of the node, and whether it is cordoned.'),
    column('Roles', 'string', 'Roles of the node from its role labels.'),
    AGE,
    column('Version', 'string', 'Kubelet version of the node.'),
    wide('Internal-IP', 'string', 'First internal address of the node.'),
    wide('External-IP', 'string', 'First external address of the node.'),
    wide('OS-Image', 'string', 'Operating system image of the node.'),
    wide('Kernel-Version', 'string', 'Kernel version and architecture of the node.'),
    wide('Container-Runtime', 'string', 'Container runtime name and version.'),
  ],
  (o, ctx) => {
    const info = ['status', 'nodeInfo'] as const;
    const roles = nodeRoles(o).join(',');
    let kernel = orUnknown(str(o, ...info, 'kernelVersion'));
    const arch = str(o, ...info, 'architecture');
    if (arch !== '') kernel += ` (${arch})`;
    return [
      name(o),
      nodeStatus(o),
      roles === '' ? '<none>' : roles,
      age(o, ctx),
      str(o, ...info, 'kubeletVersion'),
      address(o, 'InternalIP'),
      address(o, 'ExternalIP'),
      orUnknown(str(o, ...info, 'osImage')),
      kernel,
      orUnknown(str(o, ...info, 'containerRuntimeVersion')),
    ];
  },
);
