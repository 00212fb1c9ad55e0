import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { resourceFor } from '../../api/index.js';
import { internalError, StatusError } from '../../apimachinery/errors/index.js';
import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import type { Store } from '../../storage/index.js';
import {
  type AuthenticatorOptions,
  type PeerCertificate,
  SystemPrivilegedGroup,
  type UserInfo,
} from '../authn/index.js';
import { type Authorizer, forbiddenError } from '../authz/index.js';
import type { DiscoveryAddresses, HealthCheck } from '../discovery/index.js';
import { PING_CHECK } from '../discovery/index.js';
import {
  DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT,
  DEFAULT_MAX_REQUESTS_INFLIGHT,
  isLongRunning,
  logRequest,
  MaxInFlightLimiter,
  RequestDrain,
  remoteAddr,
  requestKind,
  sendTooManyRequests,
} from '../filters/index.js';
import {
  APIServerMetrics,
  measuredStore,
  objectCounter,
  type RequestLabels,
  requestLabels,
  storedResources,
} from '../metrics/index.js';
import type { CertKeyPEM } from '../pki/index.js';
import { authenticateRequest } from '../authn/authenticate-async.js';
import { impersonate } from './impersonate.js';
import { sendStatus } from './responses.js';
import { parseQuery, requestInfo, splitTarget } from '../request/index.js';
import { answerClientError } from './client-error.js';
import { ResourceHandler, type ResourceHandlerOptions } from './resource-handler.js';
import { notFound, serveNonResource } from './routes.js';

/** Everything the HTTPS front of the API server needs; no work starts before `start`. */
export interface APIServerConfig {
  readonly bindAddress: string;
  readonly securePort: number;
  readonly serving: CertKeyPEM;
  readonly clientCA: string;
  readonly authn: AuthenticatorOptions;
  readonly authorizer: Authorizer;
  readonly store: Store;
  /** How clients reach this server, for /api's serverAddressByClientCIDRs. */
  readonly advertiseAddress: string;
  /** Admission and per-resource write hooks of the object handler. */
  readonly resources?: ResourceHandlerOptions;
  /** In-flight limits, logging and shutdown; upstream's defaults when absent. */
  readonly operations?: OperationsOptions;
}

/** The operational knobs of the API server (kube-apiserver's flags of the same names). */
export interface OperationsOptions {
  /** `--max-requests-inflight`: read-only requests at once (default 400; 0 = unlimited). */
  readonly maxRequestsInFlight?: number;
  /** `--max-mutating-requests-inflight`: mutating requests at once (default 200; 0 = unlimited). */
  readonly maxMutatingRequestsInFlight?: number;
  /** Startup lines at `-v 1`, one line per request at `-v 3`; default: no logging. */
  readonly logger?: Logger;
  /** How long shutdown waits for in-flight requests before cutting connections (default 60 s). */
  readonly shutdownTimeoutMs?: number;
}

/** How long shutdown waits for ended watches to flush before closing their connections. */
const STREAM_CLOSE_GRACE_MS = 5_000;
/** How long shutdown waits for the listener to report closed once every connection is cut. */
const LISTENER_CLOSE_GRACE_MS = 2_000;

// What the request wrapper learns about a request while it is handled.
interface Tracking {
  labels: RequestLabels | undefined;
  /** Whether apiserver_request_total counts it: only paths and resources kite serves. */
  record: boolean;
  release: (() => void) | undefined;
  closeStream: (() => void) | undefined;
}

/**
 * The API server's HTTPS endpoint. `start(signal)` listens and resolves once the signal aborts
 * and the server has shut down gracefully; `ready` resolves with the bound port once it accepts
 * requests.
 *
 * Every request passes, in upstream's order: request info, authentication, the in-flight limit
 * (long-running requests and system:masters over the limit are exempt), authorization, then the
 * handler; metrics and the `-v 3` request line are written when the response closes.
 *
 * Shutdown (signal aborted): /readyz starts failing its `shutdown` check, the listener stops
 * accepting connections and idle ones close; in-flight requests get up to `shutdownTimeoutMs`
 * to finish (their connections close after the response); then watches end their streams
 * cleanly, remaining connections are cut, and `start` resolves (the caller closes the store).
 */
export class APIServer {
  readonly ready: Promise<{ port: number }>;
  private resolveReady!: (v: { port: number }) => void;
  private rejectReady!: (e: unknown) => void;
  private readonly healthChecks: readonly HealthCheck[];
  private readonly readyChecks: readonly HealthCheck[];
  /** Serves object requests; exposed so start-up can create the system namespaces through it. */
  readonly resources: ResourceHandler;
  /** This server's metrics (its own registry), served at /metrics. */
  readonly metrics: APIServerMetrics;
  private readonly stopping = new AbortController();
  private readonly limiter: MaxInFlightLimiter;
  private readonly logger: Logger;
  /** Non-long-running requests in progress, waited for at shutdown. */
  private readonly inFlight = new RequestDrain();
  /** Open long-running responses (watches), closed at shutdown. */
  private readonly streams = new RequestDrain();
  private shuttingDown = false;

  constructor(private readonly config: APIServerConfig) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    const ops = config.operations ?? {};
    this.logger = ops.logger ?? DISCARD_LOGGER;
    this.limiter = new MaxInFlightLimiter({
      readOnly: ops.maxRequestsInFlight ?? DEFAULT_MAX_REQUESTS_INFLIGHT,
      mutating: ops.maxMutatingRequestsInFlight ?? DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT,
    });
    this.metrics = new APIServerMetrics({
      countObjects: objectCounter((prefix) => config.store.count(prefix), storedResources()),
    });
    // Every store call of the handlers is timed for etcd_request_duration_seconds.
    const store = measuredStore(config.store, (op, type, seconds, failed) =>
      this.metrics.observeStore(op, type, seconds, failed),
    );
    this.resources = new ResourceHandler(store, this.stopping.signal, {
      authorizer: config.authorizer,
      tokenAuthenticators: config.authn.tokenAuthenticators ?? [],
      ...config.resources,
    });
    this.healthChecks = [
      PING_CHECK,
      {
        name: 'etcd',
        check: async () => {
          await config.store.currentRevision();
        },
      },
    ];
    // Upstream's readiness check that fails from the moment shutdown begins.
    const shutdown: HealthCheck = {
      name: 'shutdown',
      check: () => {
        if (this.shuttingDown) throw new Error('process is shutting down');
      },
    };
    this.readyChecks = [...this.healthChecks, shutdown];
  }

  async start(signal: AbortSignal): Promise<void> {
    const server = createServer(
      {
        key: this.config.serving.keyPEM,
        cert: this.config.serving.certPEM,
        ca: this.config.clientCA,
        // Like kube-apiserver: ask for a client certificate, accept the handshake either way, and
        // let authentication decide (only certificates the CA verified count).
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => this.serve(req, res),
    );
    server.on('clientError', answerClientError);
    const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
    try {
      await listen(server, this.config.securePort, this.config.bindAddress, signal);
    } catch (err) {
      this.rejectReady(err);
      throw err;
    }
    const address = server.address() as AddressInfo;
    this.resolveReady({ port: address.port });
    this.logger.info(1, 'apiserver', 'Serving securely', {
      address: remoteAddr(address.address, address.port),
    });
    // apiserver_current_inflight_requests reports the highest concurrency of each second.
    const watermarks = setInterval(() => {
      const w = this.limiter.takeWatermarks();
      this.metrics.setInflight(w.readOnly, w.mutating);
    }, 1000);
    watermarks.unref();
    try {
      if (!signal.aborted)
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => resolve(), { once: true }),
        );
      await this.shutdown(server, closed);
    } finally {
      clearInterval(watermarks);
    }
  }

  private async shutdown(server: Server, closed: Promise<void>): Promise<void> {
    this.shuttingDown = true;
    this.logger.info(1, 'apiserver', 'Shutting down: no longer accepting new connections', {
      inFlight: this.inFlight.size,
      watches: this.streams.size,
    });
    server.close();
    server.closeIdleConnections();
    const timeoutMs = this.config.operations?.shutdownTimeoutMs ?? 60_000;
    if (!(await this.inFlight.drained(timeoutMs)))
      this.logger.warning('apiserver', 'In-flight requests did not finish before the shutdown timeout', {
        inFlight: this.inFlight.size,
      });
    // Ends every watch: the handlers finish their chunked responses, so clients see a clean end.
    this.stopping.abort();
    await this.streams.drained(STREAM_CLOSE_GRACE_MS);
    server.closeAllConnections();
    await Promise.race([closed, delay(LISTENER_CLOSE_GRACE_MS)]);
    this.logger.info(1, 'apiserver', 'Stopped serving');
  }

  // Wraps one request: bookkeeping for shutdown and the limiter, then metrics and the request
  // log line once the response has closed (finished or aborted).
  private serve(req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    const leave = this.inFlight.enter();
    const t: Tracking = { labels: undefined, record: false, release: undefined, closeStream: undefined };
    // A connection that carries a request during shutdown closes after answering it.
    if (this.shuttingDown) res.shouldKeepAlive = false;
    // Read now: once the connection is gone (a reset after a refused body) req.socket is null.
    const { remoteAddress, remotePort } = req.socket;
    res.once('close', () => {
      leave();
      t.release?.();
      t.closeStream?.();
      const latencyNs = process.hrtime.bigint() - started;
      if (t.record && t.labels !== undefined)
        this.metrics.observeRequest(t.labels, res.statusCode, Number(latencyNs) / 1e9);
      logRequest(this.logger, {
        verb: t.labels?.verb ?? req.method ?? '',
        uri: req.url ?? '',
        latencyNs,
        userAgent: req.headers['user-agent'] ?? '',
        srcIP: remoteAddr(remoteAddress, remotePort),
        status: res.statusCode,
      });
    });
    this.handle(req, res, t, leave).catch((err: unknown) => this.fail(res, err));
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
    t: Tracking,
    leave: () => void,
  ): Promise<void> {
    const ri = requestInfo(req.method ?? 'GET', req.url ?? '/');
    if (ri.ok) {
      const query = parseQuery(splitTarget(req.url ?? '/').rawQuery);
      t.labels = requestLabels(req.method ?? 'GET', ri.info, query, req.headers['content-type']);
    }
    const url = new URL(req.url ?? '/', 'https://kite.invalid');
    const socket = req.socket as TLSSocket;
    const peer = socket.authorized ? peerCertificateOf(socket) : undefined;
    const authn = await authenticateRequest(
      {
        path: url.pathname,
        headers: req.headersDistinct,
        ...(peer === undefined ? {} : { peerCertificate: peer }),
      },
      this.config.authn,
      this.resources.subresources.asyncTokenAuthenticators(),
      this.resources.subresources.apiAudiences,
    );
    if (authn.warnings !== undefined)
      res.setHeader(
        'Warning',
        authn.warnings.map((w) => `299 - "${w}"`),
      );
    if ('error' in authn) {
      sendStatus(res, authn.error);
      return;
    }
    const acting = impersonate(req.headersDistinct, authn.user, this.config.authorizer);
    if ('error' in acting) throw acting.error;
    const user = acting.user;
    const addresses: DiscoveryAddresses = { defaultAddress: this.config.advertiseAddress };
    const ctx = {
      addresses,
      healthChecks: this.healthChecks,
      readyChecks: this.readyChecks,
      clientIP: socket.remoteAddress,
      metrics: () => this.metrics.exposition(),
    };
    if (!ri.ok) throw ri.error;
    const info = ri.info;
    const longRunning = isLongRunning(info);
    if (longRunning) {
      // Watches and streams are neither limited nor waited for at shutdown.
      leave();
    } else {
      const exempt = user.groups.includes(SystemPrivilegedGroup);
      t.release = this.limiter.admit(requestKind(info.verb), exempt);
      if (t.release === undefined) {
        if (t.labels !== undefined) this.metrics.observeTermination(t.labels, 429);
        sendTooManyRequests(res);
        return;
      }
    }
    if (!info.isResourceRequest) {
      this.authorizePath(user, req.method ?? 'GET', url.pathname);
      if (await serveNonResource(req, res, url, ctx)) {
        t.record = true;
        return;
      }
      throw notFound();
    }
    const attrs = {
      isResourceRequest: true as const,
      user,
      verb: info.verb,
      namespace: info.namespace,
      apiGroup: info.apiGroup,
      apiVersion: info.apiVersion,
      resource: info.resource,
      subresource: info.subresource,
      name: info.name,
    };
    const d = this.config.authorizer.authorize(attrs);
    if (d.decision !== 'allow') throw forbiddenError(attrs, d.reason);
    // Only resources kite serves are counted, so that made-up paths cannot grow the metrics.
    t.record =
      resourceFor({ group: info.apiGroup, version: info.apiVersion, resource: info.resource }) !== undefined;
    if (longRunning && t.record && t.labels !== undefined) {
      const closeGauge = this.metrics.longRunningStarted(t.labels);
      const closeStream = this.streams.enter();
      t.closeStream = () => {
        closeGauge();
        closeStream();
      };
    }
    await this.resources.handle(req, res, info, user);
  }

  private authorizePath(user: UserInfo, method: string, path: string): void {
    const attrs = { isResourceRequest: false as const, user, verb: method.toLowerCase(), path };
    const d = this.config.authorizer.authorize(attrs);
    if (d.decision !== 'allow') throw forbiddenError(attrs, d.reason);
  }

  private fail(res: ServerResponse, err: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendStatus(
      res,
      err instanceof StatusError ? err : internalError(err instanceof Error ? err : String(err)),
    );
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// Rejects when the signal aborts first: the listening callback would then never run.
function listen(server: Server, port: number, host: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('stopped before listening'));
      return;
    }
    const onError = (err: Error) => done(err);
    const onAbort = () => done(new Error('stopped before listening'));
    const done = (err?: Error) => {
      server.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      if (err === undefined) resolve();
      else reject(err);
    };
    server.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
    server.listen({ port, host, signal }, () => done());
  });
}

// A connection's client certificate never changes (kite does not renegotiate TLS), so it is read
// once per connection rather than on every request kept alive over it.
const peerCertificates = new WeakMap<TLSSocket, PeerCertificate>();

function peerCertificateOf(socket: TLSSocket): PeerCertificate {
  let peer = peerCertificates.get(socket);
  if (peer === undefined) {
    peer = socket.getPeerCertificate() as unknown as PeerCertificate;
    peerCertificates.set(socket, peer);
  }
  return peer;
}
