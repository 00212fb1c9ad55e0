// The client library: a REST client on kubeconfig, typed resources, informers, a rate-limited work
// queue, leader election and an event recorder, with an in-memory fake for tests.
export { type Clock, SYSTEM_CLOCK, type Timer } from './clock.js';
export * from './events/index.js';
export * from './informers/index.js';
export * from './leaderelection/index.js';
export * from './resources.js';
export {
  clientFromKubeconfig,
  inClusterConfig,
  KubeconfigError,
  type KubeconfigClient,
  type KubeconfigClientOptions,
  loadKubeconfig,
  RestClient,
  type RestConfig,
} from './rest/index.js';
export {
  FakeClient,
  type FakeAction,
  type FakeClientOptions,
  type FakeReactor,
} from './testing/fake-client.js';
export { ManualClock } from './testing/manual-clock.js';
export type * from './types.js';
export * from './workqueue/index.js';
