// The Pod Security admission plugin and the Pod Security Standards checks it evaluates.
export { checksFor, evaluatePod, forbiddenDetail, MAX_VERSION } from './evaluator.js';
export { DEFAULT_POD_SECURITY_POLICY, POD_SECURITY, type PodSecurityOptions, podSecurity } from './plugin.js';
export { type Level, type LevelVersion, type Policy, policyFromLabels, type Version } from './policy.js';
