// kube-scheduler: configuration, the framework runtime, the scheduling cycle and the process.
export {
  ConfigError,
  defaultConfiguration,
  loadConfigurationFile,
  parseConfiguration,
} from './config/load.js';
export type { SchedulerConfiguration, SchedulerProfile } from './config/types.js';
export { Framework } from './runtime/framework.js';
export { buildProfiles } from './runtime/profiles.js';
export { inTreeRegistry } from './runtime/registry.js';
export {
  type BackendsFactory,
  type RunningScheduler,
  type SchedulerBackends,
  type SchedulerOptions,
  startScheduler,
} from './scheduler.js';
export { defaultBackends } from './backends.js';
