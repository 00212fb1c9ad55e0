// Admission control: kube-apiserver's default plugin chain, run by the registry around writes.
export { AdmissionChain } from './chain.js';
export { type DefaultAdmissionOptions, defaultAdmission, defaultAdmissionPlugins } from './default-chain.js';
export { lookupOverRegistries, type ReadableRegistry } from './lookup.js';
export { IMMORTAL_NAMESPACES, NAMESPACE_TERMINATING_CAUSE } from './namespace-lifecycle.js';
export {
  DEFAULT_POD_SECURITY_POLICY,
  type Level,
  type LevelVersion,
  type Policy,
  type PodSecurityOptions,
} from './pod-security/index.js';
export {
  bootstrapSystemPriorityClasses,
  type PriorityClassWriter,
  SYSTEM_CRITICAL_PRIORITY,
  systemPriorityClasses,
} from './priority.js';
export { DEFAULT_SERVICE_ACCOUNT_NAME, type ServiceAccountOptions } from './service-account.js';
export type { AdmissionLookup, AdmissionPlugin } from './types.js';
