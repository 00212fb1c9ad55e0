// Discovery, version and health documents of the API server: pure builders from the API
// catalogue, plus the negotiation and caching rules the server applies when serving them.
export {
  AGGREGATED_DISCOVERY_CONTENT_TYPE,
  type APIGroupDiscovery,
  type APIGroupDiscoveryList,
  type APIResourceDiscovery,
  type APISubresourceDiscovery,
  type APIVersionDiscovery,
  aggregatedDiscovery,
  type ResponseKind,
  versionResources,
} from './aggregated.js';
export {
  type CIDRRule,
  cidrRule,
  type DiscoveryAddresses,
  InvalidCIDRError,
  type ServerAddressByClientCIDR,
  serverAddressesFor,
} from './addresses.js';
export { discoveryCacheHeaders, discoveryETag, notModified } from './etag.js';
export {
  type CheckOutcome,
  type HealthCheck,
  type HealthEndpoint,
  type HealthQuery,
  type HealthResponse,
  healthQuery,
  PING_CHECK,
  renderHealth,
  runHealthChecks,
  runSingleCheck,
} from './health.js';
export {
  type APIGroup,
  type APIGroupList,
  type APIResource,
  type APIResourceList,
  type APIVersions,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  type GroupVersionForDiscovery,
  resourceEntries,
} from './legacy.js';
export {
  type AcceptClause,
  type DiscoveryFormat,
  LEGACY_DISCOVERY_MEDIA_TYPES,
  negotiateDiscovery,
  parseAccept,
} from './negotiation.js';
export {
  type BuildInfo,
  gitVersion,
  goPlatform,
  RAW_JSON_CONTENT_TYPE,
  rawJSON,
  type VersionInfo,
  versionInfo,
} from './version-info.js';
