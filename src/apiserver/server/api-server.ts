import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { internalError, StatusError } from '../../apimachinery/errors/index.js';
import type { Store } from '../../storage/index.js';
import {
  type AuthenticatorOptions,
  authenticate,
  type PeerCertificate,
  type UserInfo,
} from '../authn/index.js';
import { type Authorizer, forbiddenError } from '../authz/index.js';
import type { DiscoveryAddresses, HealthCheck } from '../discovery/index.js';
import { PING_CHECK } from '../discovery/index.js';
import type { CertKeyPEM } from '../pki/index.js';
import { sendStatus } from './responses.js';
import { requestInfo } from '../request/index.js';
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
}

/**
 * The API server's HTTPS endpoint. `start(signal)` listens and resolves once the signal aborts
 * and the server has closed; `ready` resolves with the bound port once it accepts requests.
 */
export class APIServer {
  readonly ready: Promise<{ port: number }>;
  private resolveReady!: (v: { port: number }) => void;
  private rejectReady!: (e: unknown) => void;
  private readonly healthChecks: readonly HealthCheck[];
  /** Serves object requests; exposed so start-up can create the system namespaces through it. */
  readonly resources: ResourceHandler;
  private readonly stopping = new AbortController();

  constructor(private readonly config: APIServerConfig) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    this.resources = new ResourceHandler(config.store, this.stopping.signal, config.resources ?? {});
    this.healthChecks = [
      PING_CHECK,
      {
        name: 'etcd',
        check: async () => {
          await config.store.currentRevision();
        },
      },
    ];
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
      (req, res) => {
        this.handle(req, res).catch((err: unknown) => this.fail(res, err));
      },
    );
    try {
      await listen(server, this.config.securePort, this.config.bindAddress, signal);
    } catch (err) {
      this.rejectReady(err);
      throw err;
    }
    this.resolveReady({ port: (server.address() as AddressInfo).port });
    await new Promise<void>((resolve) => {
      const stop = () => {
        server.close(() => resolve());
        server.closeAllConnections();
      };
      const abort = () => {
        this.stopping.abort();
        stop();
      };
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kite.invalid');
    const socket = req.socket as TLSSocket;
    const peer = socket.authorized ? (socket.getPeerCertificate() as unknown as PeerCertificate) : undefined;
    const authn = authenticate(
      {
        path: url.pathname,
        headers: req.headersDistinct,
        ...(peer === undefined ? {} : { peerCertificate: peer }),
      },
      this.config.authn,
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
    const addresses: DiscoveryAddresses = { defaultAddress: this.config.advertiseAddress };
    const ctx = { addresses, healthChecks: this.healthChecks, clientIP: socket.remoteAddress };
    const ri = requestInfo(req.method ?? 'GET', req.url ?? '/');
    if (!ri.ok) throw ri.error;
    if (!ri.info.isResourceRequest) {
      this.authorizePath(authn.user, req.method ?? 'GET', url.pathname);
      if (await serveNonResource(req, res, url, ctx)) return;
      throw notFound();
    }
    const info = ri.info;
    const attrs = {
      isResourceRequest: true as const,
      user: authn.user,
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
    await this.resources.handle(req, res, info, authn.user);
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

function listen(server: Server, port: number, host: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ port, host, signal }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
