// The API server's Prometheus metrics: one registry per server, upstream's names and labels.
export {
  APIServerMetrics,
  type APIServerMetricsOptions,
  LATENCY_BUCKETS,
  type ObjectCounter,
  objectCounter,
} from './apiserver-metrics.js';
export {
  APISERVER_COMPONENT,
  dryRunLabel,
  type RequestLabels,
  reportedVerb,
  requestLabels,
  requestScope,
} from './labels.js';
export { measuredStore, type StoreObserver } from './measured-store.js';
export { ResourceLabeler, type StoredResource, storedResources } from './storage-resources.js';
