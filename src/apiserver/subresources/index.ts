// Subresources and special resources served beside the generic registry: pods/binding and the
// legacy bindings, pods/eviction, serviceaccounts/token, the streaming and proxy subresources,
// pods/ephemeralcontainers and pods/resize, certificatesigningrequests/approval,
// namespaces/finalize, namespace deletion and the review resources.
export { bindPod } from './binding.js';
export {
  chooseContainer,
  nodeProxy,
  podLog,
  podLogOptions,
  podProxy,
  podStream,
  serviceProxy,
  splitSchemeNamePort,
  validatePodLogOptions,
} from './connect.js';
export { type RequestIO, type SubresourceOptions, Subresources } from './dispatch.js';
export { evictionDeleteOptions, evictPod, MAX_DISRUPTED_POD_SIZE } from './eviction.js';
export { deleteNamespace, finalizeRegistry, IMMORTAL_NAMESPACES } from './namespace.js';
export {
  isReviewResource,
  REVIEW_RESOURCES,
  type ReviewEnv,
  review,
  type TokenReviewOutcome,
} from './reviews.js';
export {
  approvalRegistry,
  ephemeralContainersRegistry,
  resizeRegistry,
  validateApprovalConditions,
} from './strategies.js';
export { DEFAULT_EXPIRATION_SECONDS, requestToken, validateTokenRequest } from './token-request.js';
export { rawRegistry, setPodCondition, updateLatest } from './util.js';
