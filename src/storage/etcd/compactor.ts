import type { EtcdClient } from './client.js';
import { EtcdAnswerError } from './client.js';
import type { KeyCodec } from './codec.js';
import { parseRevision } from './codec.js';

/** The key the periodic compactors of all API servers sharing an etcd coordinate through. */
export const COMPACT_REV_KEY = 'compact_rev_key';

/**
 * Periodic compaction as the Kubernetes API server does it: every interval, compact to the
 * revision seen one interval earlier, so that watchers get a full interval to catch up.
 *
 * Several API servers may share one etcd; they take turns through a counter key:
 *
 *   tick:  Txn( version(compact_rev_key) == mine )
 *            then put compact_rev_key = last seen revision   (version += 1: my turn)
 *            else read compact_rev_key                        (someone else went: adopt its version)
 *          on my turn, compact to the revision remembered from the previous tick
 *          remember this tick's revision either way
 *
 * Only one server wins each interval, and the revision compacted is always at least an
 * interval old. Not safe for concurrent `tick` calls; `run` serializes them.
 */
export class Compactor {
  private version = 0;
  private revision = 0;

  constructor(
    private readonly client: Pick<EtcdClient, 'call'>,
    private readonly codec: KeyCodec,
  ) {}

  /**
   * Runs one round. Resolves with the etcd revision compacted to, or undefined when it was not
   * this server's turn or there was nothing to compact yet. Rejects with StoreError when etcd fails;
   * the next round tries again (after a failed compaction, with the newer revision, as upstream).
   */
  async tick(): Promise<number | undefined> {
    const key = this.codec.encode(COMPACT_REV_KEY);
    const resp = await this.client.call(
      'Txn',
      {
        compare: [{ result: 'EQUAL', target: 'VERSION', key, version: this.version }],
        success: [{ request_put: { key, value: Buffer.from(String(this.revision)) } }],
        failure: [{ request_range: { key } }],
      },
      'write',
    );
    const seen = parseRevision(resp.header.revision, 'revision');
    if (!resp.succeeded) {
      const kv = resp.responses[0]?.response_range?.kvs[0];
      this.version = kv === undefined ? 0 : parseRevision(kv.version, 'version');
      this.revision = seen;
      return undefined;
    }
    this.version++;
    const target = this.revision;
    this.revision = seen;
    if (target === 0) return undefined;
    try {
      await this.client.call('Compact', { revision: target }, 'write');
    } catch (err) {
      // Another writer compacted further already: the goal is met.
      if (err instanceof EtcdAnswerError && err.failure.kind === 'compacted') return undefined;
      throw err;
    }
    return target;
  }

  /** Ticks every `intervalMs` until `signal` aborts; failures go to `onError`. Never rejects. */
  async run(intervalMs: number, signal: AbortSignal, onError: (err: unknown) => void): Promise<void> {
    while (!signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const t = setTimeout(done, intervalMs);
        signal.addEventListener('abort', done);
      });
      if (signal.aborted) return;
      await this.tick().catch((err: unknown) => {
        if (!signal.aborted) onError(err);
      });
    }
  }
}
