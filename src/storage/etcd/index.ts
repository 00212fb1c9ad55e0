/**
 * The etcd v3 backend of the Store contract: a gRPC client of etcd's KV, Watch, Lease and
 * Maintenance services with failover between members, and the store built on it.
 */
export type { EtcdTls } from './client.js';
export { COMPACT_REV_KEY } from './compactor.js';
export { type EtcdStoreOptions, openEtcdStore } from './open.js';
export { type EtcdMemberStatus, etcdMemberStatus } from './member-status.js';
