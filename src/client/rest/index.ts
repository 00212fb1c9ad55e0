// The REST client: a Client over HTTPS to an API server, with kubeconfig and in-cluster loading.
export type { RestConfig } from './config.js';
export { type DiscoveryGet, discoverAll } from './discovery.js';
export {
  type InClusterOptions,
  inClusterConfig,
  KubeconfigError,
  type KubeconfigOptions,
  kubeconfigToConfig,
  type LoadedKubeconfig,
  loadKubeconfig,
  SERVICE_ACCOUNT_DIR,
} from './kubeconfig.js';
export { groupVersionPath, resourcePath } from './paths.js';
export { TokenBucket } from './rate-limiter.js';
export {
  clientFromKubeconfig,
  fieldManagerFromUserAgent,
  type KubeconfigClient,
  type KubeconfigClientOptions,
  PATCH_CONTENT_TYPES,
  RestClient,
} from './rest-client.js';
export { defaultUserAgent } from './transport.js';
export { decodeWatchEvent, decodeWatchStream, splitLines } from './watch-stream.js';
export { parseWarningHeader } from './warnings.js';
