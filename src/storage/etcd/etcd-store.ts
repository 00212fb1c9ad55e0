import type {
  CreateResult,
  DeleteResult,
  GetResult,
  KeyValue,
  ListOptions,
  ListResult,
  Store,
  UpdateResult,
  WatchBatch,
  WatchOptions,
  WriteOptions,
} from '../store.js';
import { CompactedError, StoreError } from '../store.js';
import { checkKey, checkRevision, checkTtl } from './checks.js';
import { EtcdAnswerError, type EtcdClient } from './client.js';
import { type KeyCodec, parseRevision } from './codec.js';
import { COMPACT_REV_KEY, Compactor } from './compactor.js';
import { LeaseManager } from './lease-manager.js';
import type { Compare, RawKeyValue, RequestOp, TxnResponse } from './messages.js';
import { watchPrefix } from './watch.js';

/**
 * The Store contract over etcd v3. Conditional writes are single transactions comparing the
 * key's revisions; a failed comparison reads the key in the same transaction, so the caller gets
 * the state that beat it. Revisions are etcd's own, so resourceVersions match what etcdctl shows.
 *
 * Compaction: etcd's Compact(C) keeps revision C readable; the contract's compact(r) makes r
 * itself unreadable. So compact(r) sends Compact(r + 1), and compactedRevision() is etcd's
 * first readable revision minus one:
 *
 *   revisions:   1 ........ C-1 | C ........ current
 *                gone (reads fail) | readable; watch after C-1 replays C onwards
 *   contract:    compactedRevision() = C-1;  compact(r) = Compact(r+1);  watch(after a) starts at a+1
 *
 * etcd does not report C directly; compactedRevision() probes reads (a binary search from the
 * last known C), which costs a few round trips only when compaction moved.
 */
export class EtcdStore implements Store {
  private readonly leases: LeaseManager;
  private readonly closing = new AbortController();
  /** Lowest revision known to be readable (etcd's compaction point, as last learned). */
  private firstReadable = 1;

  constructor(
    private readonly client: EtcdClient,
    private readonly codec: KeyCodec,
    private readonly retryBudgetMs: number,
    private readonly listTimeoutMs: number,
  ) {
    this.leases = new LeaseManager(async (ttl) => {
      const r = await this.client.call('LeaseGrant', { TTL: ttl }, 'write');
      if (r.error !== '') throw new StoreError('unavailable', `etcd refused a lease: ${r.error}`);
      return r.ID;
    });
  }

  /** Starts periodic compaction until close. */
  startCompactor(intervalMs: number, onError: (err: unknown) => void): void {
    void new Compactor(this.client, this.codec).run(intervalMs, this.closing.signal, onError);
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    const r = await this.client.call('Range', { key: this.codec.range('').key, count_only: true }, 'read');
    return parseRevision(r.header.revision, 'revision');
  }

  async compactedRevision(): Promise<number> {
    const current = await this.currentRevision();
    if (current <= 1) return 0;
    let lo = Math.min(this.firstReadable, current);
    if (await this.readableAt(lo)) return lo - 1;
    // Invariant: lo is compacted, hi (the current revision) is always readable.
    let hi = current;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.readableAt(mid)) hi = mid;
      else lo = mid;
    }
    this.firstReadable = Math.max(this.firstReadable, hi);
    return hi - 1;
  }

  async get(key: string, revision?: number): Promise<GetResult> {
    this.checkOpen();
    checkKey(key);
    checkRevision(revision, 'revision');
    const r = await this.read(revision, () =>
      this.client.call('Range', { key: this.codec.encode(key), revision: revision ?? 0 }, 'read'),
    );
    const raw = r.kvs[0];
    return {
      kv: raw === undefined ? undefined : this.codec.keyValue(raw),
      revision: revision || parseRevision(r.header.revision, 'revision'),
    };
  }

  async create(key: string, value: string, opts?: WriteOptions): Promise<CreateResult> {
    this.checkOpen();
    checkKey(key);
    checkTtl(opts);
    const k = this.codec.encode(key);
    const resp = await this.write(opts, (lease) => ({
      compare: [{ result: 'EQUAL', target: 'CREATE', key: k, create_revision: 0 }],
      success: [{ request_put: { key: k, value: Buffer.from(value, 'utf8'), lease } }],
      failure: [{ request_range: { key: k } }],
    }));
    const rev = parseRevision(resp.header.revision, 'revision');
    if (resp.succeeded) return { ok: true, kv: { key, value, createRevision: rev, modRevision: rev } };
    return { ok: false, reason: 'exists', current: this.current(resp, key) };
  }

  async update(
    key: string,
    value: string,
    expectedModRevision: number,
    opts?: WriteOptions,
  ): Promise<UpdateResult> {
    this.checkOpen();
    checkKey(key);
    checkTtl(opts);
    checkRevision(expectedModRevision, 'expectedModRevision');
    const k = this.codec.encode(key);
    const resp = await this.write(opts, (lease) => ({
      // Existence is compared too: a missing key has mod_revision 0, which must not match 0.
      compare: [
        { result: 'GREATER', target: 'VERSION', key: k, version: 0 },
        { result: 'EQUAL', target: 'MOD', key: k, mod_revision: expectedModRevision },
      ],
      success: [{ request_put: { key: k, value: Buffer.from(value, 'utf8'), lease, prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    }));
    const rev = parseRevision(resp.header.revision, 'revision');
    if (resp.succeeded) {
      const prev = resp.responses[0]?.response_put?.prev_kv;
      if (prev === null || prev === undefined)
        throw new StoreError('invalid', 'etcd put returned no previous key');
      const createRevision = parseRevision(prev.create_revision, 'create_revision');
      return { ok: true, kv: { key, value, createRevision, modRevision: rev } };
    }
    const raw = resp.responses[0]?.response_range?.kvs[0];
    if (raw === undefined) return { ok: false, reason: 'not-found' };
    return { ok: false, reason: 'conflict', current: this.codec.keyValue(raw) };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.checkOpen();
    checkKey(key);
    checkRevision(expectedModRevision, 'expectedModRevision');
    const k = this.codec.encode(key);
    const compare: Compare[] = [{ result: 'GREATER', target: 'VERSION', key: k, version: 0 }];
    if (expectedModRevision !== undefined) {
      compare.push({ result: 'EQUAL', target: 'MOD', key: k, mod_revision: expectedModRevision });
    }
    const resp = await this.txn({
      compare,
      success: [{ request_delete_range: { key: k, prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    if (resp.succeeded) {
      const prev = resp.responses[0]?.response_delete_range?.prev_kvs[0];
      if (prev === undefined) throw new StoreError('invalid', 'etcd delete returned no previous key');
      return {
        ok: true,
        prev: this.codec.keyValue(prev),
        revision: parseRevision(resp.header.revision, 'revision'),
      };
    }
    const raw = resp.responses[0]?.response_range?.kvs[0];
    if (raw === undefined) return { ok: false, reason: 'not-found' };
    return { ok: false, reason: 'conflict', current: this.codec.keyValue(raw) };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    checkRevision(opts.revision, 'revision');
    const limit = opts.limit ?? 0;
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new StoreError('invalid', `limit must be a non-negative integer, got ${limit}`);
    }
    if (opts.startKey !== undefined && !opts.startKey.startsWith(prefix)) {
      throw new StoreError(
        'invalid',
        `start key ${JSON.stringify(opts.startKey)} is outside prefix ${JSON.stringify(prefix)}`,
      );
    }
    const range = this.codec.range(prefix);
    const key = opts.startKey === undefined ? range.key : this.codec.encode(opts.startKey);
    const r = await this.read(opts.revision, () =>
      this.client.call(
        'Range',
        { key, range_end: range.rangeEnd, limit, revision: opts.revision ?? 0 },
        'read',
        this.listTimeoutMs,
      ),
    );
    const kvs = r.kvs.map((raw) => this.codec.keyValue(raw));
    const count = parseRevision(r.count, 'count');
    return {
      kvs,
      revision: opts.revision || parseRevision(r.header.revision, 'revision'),
      more: r.more,
      remaining: r.more ? Math.max(0, count - kvs.length) : 0,
    };
  }

  async count(prefix: string): Promise<number> {
    this.checkOpen();
    const range = this.codec.range(prefix);
    const r = await this.client.call(
      'Range',
      { key: range.key, range_end: range.rangeEnd, count_only: true },
      'read',
    );
    return parseRevision(r.count, 'count');
  }

  watch(opts: WatchOptions): AsyncIterable<WatchBatch> {
    this.checkOpen();
    checkRevision(opts.afterRevision, 'afterRevision');
    if (opts.progressIntervalMs !== undefined && !(opts.progressIntervalMs > 0)) {
      throw new StoreError('invalid', `progressIntervalMs must be positive, got ${opts.progressIntervalMs}`);
    }
    return watchPrefix(
      {
        client: this.client,
        codec: this.codec,
        retryBudgetMs: this.retryBudgetMs,
        closed: this.closing.signal,
      },
      opts,
    );
  }

  /**
   * compact(r) is etcd's Compact(r + 1). At the current revision that is a future revision, so
   * the revision is first moved on by one write to compact_rev_key (outside every prefix that
   * is listed or watched), as upstream's compactor moves it.
   */
  async compact(revision: number): Promise<void> {
    this.checkOpen();
    checkRevision(revision, 'revision');
    if (revision === 0) return;
    const target = revision + 1;
    let bumped = false;
    for (;;) {
      try {
        await this.client.call('Compact', { revision: target }, 'write');
        break;
      } catch (err) {
        if (!(err instanceof EtcdAnswerError)) throw err;
        // Compacting to an older point than already done is a no-op, as in etcd.
        if (err.failure.kind === 'compacted') return;
        if (err.failure.kind !== 'future-revision') {
          throw new StoreError('unavailable', `etcd compact failed: ${err.failure.kind}`);
        }
        if (!bumped && (await this.currentRevision()) === revision) {
          // etcd keeps its current revision readable. As kube-apiserver's compactor does, move
          // the revision on by writing compact_rev_key, so that `revision` itself can go.
          bumped = true;
          const key = this.codec.encode(COMPACT_REV_KEY);
          await this.client.call(
            'Txn',
            {
              compare: [],
              success: [{ request_put: { key, value: Buffer.from(String(revision)) } }],
              failure: [],
            },
            'write',
          );
          continue;
        }
        throw new StoreError('future-revision', `required revision ${revision} is a future revision`);
      }
    }
    this.firstReadable = Math.max(this.firstReadable, target);
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.client.close();
  }

  private checkOpen(): void {
    if (this.closing.signal.aborted) throw new StoreError('closed', 'store is closed');
  }

  private async readableAt(revision: number): Promise<boolean> {
    try {
      await this.client.call('Range', { key: this.codec.range('').key, revision, count_only: true }, 'read');
      return true;
    } catch (err) {
      if (err instanceof EtcdAnswerError && err.failure.kind === 'compacted') return false;
      throw err;
    }
  }

  /** Runs a read at `revision`, turning etcd's revision refusals into the contract's errors. */
  private async read<T>(revision: number | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof EtcdAnswerError) || revision === undefined) throw err;
      if (err.failure.kind === 'compacted')
        throw new CompactedError(revision, await this.compactedRevision());
      if (err.failure.kind === 'future-revision') {
        throw new StoreError('future-revision', `required revision ${revision} is a future revision`);
      }
      throw err;
    }
  }

  private async txn(req: {
    compare: Compare[];
    success: RequestOp[];
    failure: RequestOp[];
  }): Promise<TxnResponse> {
    return this.client.call('Txn', req, 'write');
  }

  /** A write transaction, attached to a lease when the write has a TTL (a fresh one if etcd lost it). */
  private async write(
    opts: WriteOptions | undefined,
    build: (lease: string | undefined) => { compare: Compare[]; success: RequestOp[]; failure: RequestOp[] },
  ): Promise<TxnResponse> {
    const ttl = opts?.ttlSeconds;
    if (ttl === undefined) return this.txn(build(undefined));
    for (let attempt = 0; ; attempt++) {
      const lease = await this.leases.leaseFor(ttl);
      try {
        return await this.txn(build(lease));
      } catch (err) {
        if (!(err instanceof EtcdAnswerError && err.failure.kind === 'lease-not-found') || attempt > 0)
          throw err;
        this.leases.forget(lease);
      }
    }
  }

  private current(resp: TxnResponse, key: string): KeyValue {
    const raw: RawKeyValue | undefined = resp.responses[0]?.response_range?.kvs[0];
    if (raw === undefined)
      throw new StoreError('invalid', `etcd reported ${JSON.stringify(key)} but returned nothing`);
    return this.codec.keyValue(raw);
  }
}
