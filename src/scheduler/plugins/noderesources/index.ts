// NodeResourcesFit and NodeResourcesBalancedAllocation.
export { resolveBalancedArgs, resolveFitArgs } from './args.js';
export type { NodeResourcesBalancedAllocationArgs, NodeResourcesFitArgs } from './args.js';
export { BALANCED_NAME, balancedFactory } from './balanced-allocation.js';
export { FIT_NAME, fitFactory, fitsRequest } from './fit.js';
export { podRequests } from './requests.js';

/** Upstream's name of the fit plugin (the folder's primary plugin). */
export { FIT_NAME as NAME, fitFactory as factory } from './fit.js';
