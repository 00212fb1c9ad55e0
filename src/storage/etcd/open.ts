import type { Store } from '../store.js';
import { checkDuration } from './checks.js';
import { EtcdClient, type EtcdTls } from './client.js';
import { KeyCodec } from './codec.js';
import { parseEndpoints } from './endpoints.js';
import { EtcdStore } from './etcd-store.js';

/** Options of `openEtcdStore`. */
export interface EtcdStoreOptions {
  /** Client URLs of the members: `http://host:port`, `https://host:port` or `host:port`. */
  readonly endpoints: readonly string[];
  /** TLS material (PEM data); TLS is also used when an endpoint says `https://`. */
  readonly tls?: EtcdTls;
  /** Prepended to every key in etcd (default none: keys are stored exactly as given). */
  readonly prefix?: string;
  /** How long to wait for one member's connection before trying the next (default 2 s). */
  readonly dialTimeoutMs?: number;
  /** Deadline of one attempt of one request (default 2 s). */
  readonly requestTimeoutMs?: number;
  /** How long a request or a broken watch keeps failing over before it gives up (default 10 s). */
  readonly retryBudgetMs?: number;
  /** Deadline of one attempt of a list, which may read many keys (default 30 s). */
  readonly listTimeoutMs?: number;
  /** Periodic compaction interval (default 5 minutes, as kube-apiserver); 0 turns it off. */
  readonly compactionIntervalMs?: number;
  /** Where background failures (periodic compaction) are reported; default: stderr. */
  readonly onBackgroundError?: (err: unknown) => void;
}

/**
 * Connects to etcd and returns a Store over it. Resolves once a member has answered (so a wrong
 * address fails here, after the retry budget, with StoreError('unavailable')); starts periodic
 * compaction unless `compactionIntervalMs` is 0. Throws StoreError('invalid') for bad options.
 */
export async function openEtcdStore(opts: EtcdStoreOptions): Promise<Store> {
  checkDuration('dialTimeoutMs', opts.dialTimeoutMs);
  checkDuration('requestTimeoutMs', opts.requestTimeoutMs);
  checkDuration('retryBudgetMs', opts.retryBudgetMs, true);
  checkDuration('listTimeoutMs', opts.listTimeoutMs);
  checkDuration('compactionIntervalMs', opts.compactionIntervalMs, true);
  const requestTimeoutMs = opts.requestTimeoutMs ?? 2_000;
  const retryBudgetMs = opts.retryBudgetMs ?? 10_000;
  const client = new EtcdClient({
    endpoints: parseEndpoints(opts.endpoints),
    ...(opts.tls === undefined ? {} : { tls: opts.tls }),
    dialTimeoutMs: opts.dialTimeoutMs ?? 2_000,
    requestTimeoutMs,
    retryBudgetMs,
  });
  const store = new EtcdStore(
    client,
    new KeyCodec(opts.prefix ?? ''),
    retryBudgetMs,
    opts.listTimeoutMs ?? 30_000,
  );
  try {
    await store.currentRevision();
  } catch (err) {
    await store.close();
    throw err;
  }
  const interval = opts.compactionIntervalMs ?? 5 * 60_000;
  if (interval > 0) {
    store.startCompactor(
      interval,
      opts.onBackgroundError ??
        ((err) => process.stderr.write(`etcd: periodic compaction failed: ${String(err)}\n`)),
    );
  }
  return store;
}
