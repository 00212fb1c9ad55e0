// Every controller kite runs, under upstream's names, and the manager that runs them.
import type { KnownController } from './manager/index.js';
import { nodeIPAMController } from './nodeipam/index.js';
import { replicaSetController, replicationControllerController } from './replicaset/index.js';
import { nodeLifecycleController } from './nodelifecycle/index.js';
import { taintEvictionController } from './tainteviction/index.js';

export {
  type ControllerContext,
  type ControllerDescriptor,
  type ControllerManagerOptions,
  DEFAULT_CONTROLLER_MANAGER_OPTIONS,
} from './context.js';
export {
  type ControllerManagerConfig,
  type KnownController,
  LEADER_ELECTION_DEFAULTS,
  type RunningControllerManager,
  selectControllers,
  startControllerManager,
} from './manager/index.js';

/** The controllers of kube-controller-manager kite has, in start order. */
export const KNOWN_CONTROLLERS: readonly KnownController[] = [
  {
    name: 'replicaset-controller',
    aliases: ['replicaset'],
    descriptor: replicaSetController,
    enabledByDefault: true,
  },
  {
    name: 'replicationcontroller-controller',
    aliases: ['replicationcontroller'],
    descriptor: replicationControllerController,
    enabledByDefault: true,
  },
  {
    name: 'node-ipam-controller',
    aliases: ['nodeipam'],
    descriptor: nodeIPAMController,
    enabledByDefault: true,
  },
  {
    name: 'node-lifecycle-controller',
    aliases: ['nodelifecycle'],
    descriptor: nodeLifecycleController,
    enabledByDefault: true,
  },
  {
    name: 'taint-eviction-controller',
    aliases: [],
    descriptor: taintEvictionController,
    enabledByDefault: true,
  },
];
