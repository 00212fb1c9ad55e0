import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { StoreError } from '../store.js';
import type { Endpoint } from './endpoints.js';
import { classifyRpcError, type RpcFailure } from './errors.js';
import { UNARY_SERVICE, type UnaryMethods, type WatchRequest, type WatchResponse } from './messages.js';
import { etcdPackageDefinition } from './proto.js';

/** TLS material for etcd client connections, as PEM data (not file names). */
export interface EtcdTls {
  /** CA bundle that signed the etcd serving certificates; absent: the system roots. */
  readonly ca?: string | Buffer;
  /** Client certificate and key, when etcd asks for client certificates. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

/** Connection settings of an `EtcdClient`. */
export interface EtcdClientOptions {
  readonly endpoints: readonly Endpoint[];
  readonly tls?: EtcdTls;
  /** How long to wait for one endpoint's connection before trying the next. */
  readonly dialTimeoutMs: number;
  /** Deadline of one attempt of one request. */
  readonly requestTimeoutMs: number;
  /** How long a request keeps failing over between endpoints before it gives up. */
  readonly retryBudgetMs: number;
}

/**
 * How a request may be retried. `read`: it changes nothing, so it may be sent again whenever an
 * attempt fails. `write`: only when etcd certainly did not process the attempt, because a
 * conditional write applied twice would report its own first application as a conflict.
 */
export type RetryMode = 'read' | 'write';

/** etcd answered the request with a definite refusal the caller interprets. */
export class EtcdAnswerError extends Error {
  override readonly name = 'EtcdAnswerError';
  constructor(
    readonly failure: Extract<RpcFailure, { kind: 'compacted' | 'future-revision' | 'lease-not-found' }>,
  ) {
    super(failure.kind);
  }
}

interface Connection {
  readonly endpoint: Endpoint;
  readonly channel: grpc.Channel;
  readonly client: grpc.Client;
}

type AnyMethod = MethodDefinition<object, object>;

// Ask etcd to refuse, rather than queue, requests to a member that has lost its leader: such a
// refusal is certainly unprocessed and the request can go to another member at once.
function requireLeader(): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set('hasleader', 'true');
  return md;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A connection to an etcd cluster: one gRPC channel per endpoint, requests sent to a preferred
 * endpoint and moved to the next one when it fails. Safe for concurrent use. Channels connect
 * lazily, on the first request.
 */
export class EtcdClient {
  private readonly conns: Connection[];
  private readonly methods = new Map<string, AnyMethod>();
  private preferred = 0;
  private closed = false;

  constructor(private readonly opts: EtcdClientOptions) {
    const pkg = etcdPackageDefinition();
    for (const service of ['KV', 'Watch', 'Lease', 'Maintenance']) {
      const def = pkg[`etcdserverpb.${service}`];
      if (def === undefined) throw new StoreError('invalid', `etcd protocol definition lacks ${service}`);
      for (const [name, m] of Object.entries(def)) {
        if (typeof m === 'object' && m !== null && 'path' in m)
          this.methods.set(`${service}/${name}`, m as AnyMethod);
      }
    }
    const secure = opts.tls !== undefined || opts.endpoints.some((e) => e.tls);
    const creds = secure
      ? grpc.credentials.createSsl(
          toBuffer(opts.tls?.ca) ?? null,
          toBuffer(opts.tls?.key) ?? null,
          toBuffer(opts.tls?.cert) ?? null,
        )
      : grpc.credentials.createInsecure();
    const channelOptions: grpc.ChannelOptions = {
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1_000,
      'grpc.max_receive_message_length': 2 ** 31 - 1,
      'grpc.max_send_message_length': 2 ** 31 - 1,
    };
    this.conns = opts.endpoints.map((endpoint) => {
      const channel = new grpc.Channel(endpoint.target, creds, channelOptions);
      const client = new grpc.Client(endpoint.target, creds, { channelOverride: channel });
      return { endpoint, channel, client };
    });
  }

  /**
   * Sends a unary request, failing over between endpoints as `mode` allows; each attempt has
   * `timeoutMs` (default: the client's request timeout). Resolves with the
   * response; rejects with EtcdAnswerError for the answers the caller interprets, and with
   * StoreError ('unavailable', 'timeout', 'invalid', 'closed') otherwise.
   */
  async call<M extends keyof UnaryMethods>(
    method: M,
    req: UnaryMethods[M][1],
    mode: RetryMode,
    timeoutMs: number = this.opts.requestTimeoutMs,
  ): Promise<UnaryMethods[M][2]> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const conn = await this.pick(started);
      let failure: RpcFailure;
      try {
        return (await this.once(conn, method, req, timeoutMs)) as UnaryMethods[M][2];
      } catch (err) {
        failure = classifyRpcError(err);
      }
      switch (failure.kind) {
        case 'compacted':
        case 'future-revision':
        case 'lease-not-found':
          throw new EtcdAnswerError(failure);
        case 'fatal':
          throw failure.error;
        case 'outcome-unknown':
          if (mode === 'write') {
            throw new StoreError(
              failure.timeout ? 'timeout' : 'unavailable',
              `etcd ${method} on ${conn.endpoint.url} may or may not have been applied: ${failure.detail}`,
            );
          }
          break;
        case 'not-processed':
          break;
      }
      this.demote(conn);
      if (Date.now() - started > this.opts.retryBudgetMs) {
        throw new StoreError(
          failure.kind === 'outcome-unknown' && failure.timeout ? 'timeout' : 'unavailable',
          `etcd ${method} failed on every endpoint for ${this.opts.retryBudgetMs} ms: ${failure.detail}`,
        );
      }
      await sleep(Math.min(25 * 2 ** attempt, 500));
    }
  }

  /**
   * Opens a Watch stream on the first endpoint that connects. Rejects with StoreError
   * ('unavailable' or 'closed') when none does within the retry budget, or soon after `stop`
   * turns true.
   */
  async openWatch(stop?: () => boolean): Promise<{
    readonly stream: grpc.ClientDuplexStream<WatchRequest, WatchResponse>;
    readonly endpoint: Endpoint;
    readonly demote: () => void;
  }> {
    const conn = await this.pick(Date.now(), stop);
    const m = this.method('Watch', 'Watch');
    const stream = conn.client.makeBidiStreamRequest(
      m.path,
      m.requestSerialize as (v: WatchRequest) => Buffer,
      m.responseDeserialize as (b: Buffer) => WatchResponse,
      requireLeader(),
    );
    return { stream, endpoint: conn.endpoint, demote: () => this.demote(conn) };
  }

  /** Closes every channel; later requests reject with StoreError('closed'). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.conns) {
      c.client.close();
      c.channel.close();
    }
  }

  private method(service: string, name: string): AnyMethod {
    const m = this.methods.get(`${service}/${name}`);
    if (m === undefined) throw new StoreError('invalid', `etcd method ${service}.${name} is not declared`);
    return m;
  }

  private once<M extends keyof UnaryMethods>(
    conn: Connection,
    method: M,
    req: UnaryMethods[M][1],
    timeoutMs: number,
  ): Promise<object> {
    const m = this.method(UNARY_SERVICE[method], method);
    return new Promise((resolve, reject) => {
      conn.client.makeUnaryRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
        req,
        requireLeader(),
        { deadline: Date.now() + timeoutMs },
        (err, res) =>
          err !== null || res === undefined ? reject(err ?? new Error('empty response')) : resolve(res),
      );
    });
  }

  /** Moves the preference off a failing endpoint (unless another failure already did). */
  private demote(conn: Connection): void {
    const i = this.conns.indexOf(conn);
    if (i === this.preferred) this.preferred = (i + 1) % this.conns.length;
  }

  /** The preferred endpoint once it is connected, trying the others in turn. */
  private async pick(started: number, stop?: () => boolean): Promise<Connection> {
    for (let round = 0; ; round++) {
      for (let n = 0; n < this.conns.length; n++) {
        if (this.closed) throw new StoreError('closed', 'etcd client is closed');
        if (stop?.() === true) throw new StoreError('unavailable', 'gave up connecting: stopped');
        const conn = this.conns[this.preferred % this.conns.length]!;
        if (await this.connected(conn)) return conn;
        this.demote(conn);
      }
      if (Date.now() - started > this.opts.retryBudgetMs) {
        const urls = this.conns.map((c) => c.endpoint.url).join(', ');
        throw new StoreError('unavailable', `cannot connect to etcd at ${urls}`);
      }
      await sleep(Math.min(50 * 2 ** round, 500));
    }
  }

  private async connected(conn: Connection): Promise<boolean> {
    const deadline = Date.now() + this.opts.dialTimeoutMs;
    let state = conn.channel.getConnectivityState(true);
    while (state !== grpc.connectivityState.READY) {
      if (state === grpc.connectivityState.TRANSIENT_FAILURE || state === grpc.connectivityState.SHUTDOWN) {
        return false;
      }
      const from = state;
      const changed = await new Promise<boolean>((resolve) => {
        conn.channel.watchConnectivityState(from, deadline, (err) => resolve(err === undefined));
      });
      if (!changed) return false;
      state = conn.channel.getConnectivityState(true);
    }
    return true;
  }
}

function toBuffer(v: string | Buffer | undefined): Buffer | undefined {
  return v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v) : v;
}
