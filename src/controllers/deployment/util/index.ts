// Deployment helpers without I/O (upstream's deployment/util): annotations, conditions, replica-set
// selection and ordering, rollout arithmetic and progress checks.
export * from './annotations.js';
export * from './conditions.js';
export * from './fenceposts.js';
export * from './progress.js';
export * from './replica-sets.js';
export * from './types.js';
