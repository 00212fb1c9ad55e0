// The Client over HTTPS: JSON requests to an API server, watches as streams of JSON lines.
import { apiVersionOf } from '../resources.js';
import type {
  Client,
  DeleteOptions,
  DiscoveredGroupVersion,
  KubeObject,
  ListOptions,
  ListResult,
  PatchOptions,
  PatchType,
  Resource,
  ResourceClient,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from '../types.js';
import type { RestConfig } from './config.js';
import { discoverAll } from './discovery.js';
import { type KubeconfigOptions, loadKubeconfig } from './kubeconfig.js';
import { deleteBody, listQuery, queryString, resourcePath, watchQuery, writeQuery } from './paths.js';
import { errorFor, type JsonRequest, requestJson } from './request.js';
import { Transport } from './transport.js';
import { decodeWatchStream } from './watch-stream.js';

/** The Content-Type of each patch format. */
export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** The field manager the API server derives from a user agent: the text before the first '/'. */
export function fieldManagerFromUserAgent(userAgent: string): string {
  const slash = userAgent.indexOf('/');
  return (slash < 0 ? userAgent : userAgent.slice(0, slash)).slice(0, 128);
}

/**
 * A `Client` talking JSON to one API server over HTTP(S) with keep-alive connections (see
 * RestConfig for TLS, authentication, rate limit, timeout and warnings). Safe for concurrent use;
 * `close()` releases pooled connections.
 */
export class RestClient implements Client {
  readonly userAgent: string;
  private readonly transport: Transport;

  constructor(readonly config: RestConfig) {
    this.transport = new Transport(config);
    this.userAgent = this.transport.userAgent;
  }

  resource<T extends KubeObject>(r: Resource<T>): ResourceClient<T> {
    return new RestResourceClient<T>(r, this.transport);
  }

  discover(): Promise<DiscoveredGroupVersion[]> {
    return discoverAll((path) => requestJson(this.transport, { method: 'GET', path }));
  }

  /** A GET of any path (e.g. `/version`, `/healthz`), decoded as JSON. */
  getJson<R>(path: string, signal?: AbortSignal): Promise<R> {
    return requestJson<R>(this.transport, {
      method: 'GET',
      path,
      ...(signal === undefined ? {} : { signal }),
    });
  }

  /** Ends idle pooled connections. Idempotent. */
  close(): void {
    this.transport.close();
  }
}

function isConnectionClosed(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (
    code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (e as Error)?.message === 'aborted'
  );
}

/** The verbs of one resource over REST; see ResourceClient. */
class RestResourceClient<T extends KubeObject> implements ResourceClient<T> {
  constructor(
    readonly resource: Resource<T>,
    private readonly transport: Transport,
  ) {}

  private send<R>(req: JsonRequest): Promise<R> {
    return requestJson<R>(this.transport, {
      ...req,
      resource: { group: this.resource.group, resource: this.resource.resource },
    });
  }

  private path(namespace: string, name = '', sub = ''): string {
    return resourcePath(this.resource, namespace, name, sub);
  }

  get(namespace: string, name: string): Promise<T> {
    return this.send({ method: 'GET', path: this.path(namespace, name), name });
  }

  list(namespace: string, opts?: ListOptions): Promise<ListResult<T>> {
    return this.send({ method: 'GET', path: this.path(namespace) + queryString(listQuery(opts)) });
  }

  watch(namespace: string, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    const transport = this.transport;
    const path = this.path(namespace) + queryString(watchQuery(opts));
    const gr = { group: this.resource.group, resource: this.resource.resource };
    return (async function* () {
      if (signal.aborted) return;
      let res: Awaited<ReturnType<Transport['open']>>;
      try {
        res = await transport.open({ method: 'GET', path, signal });
      } catch (e) {
        if (signal.aborted) return;
        throw e;
      }
      try {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          for await (const c of res) chunks.push(c as Buffer);
          throw errorFor(res.statusCode ?? 0, res.headers, Buffer.concat(chunks), 'GET', { resource: gr });
        }
        yield* decodeWatchStream<T>(res);
      } catch (e) {
        // An abort, or the server dropping the connection, ends the watch as a clean close does.
        if (signal.aborted || isConnectionClosed(e)) return;
        throw e;
      } finally {
        res.destroy();
      }
    })();
  }

  // The object with the namespace of the request (the server rejects a mismatch).
  private withNamespace(obj: T, namespace: string): T {
    if (!this.resource.namespaced) return obj;
    return { ...obj, metadata: { ...obj.metadata, namespace } };
  }

  create(namespace: string, obj: T, opts?: WriteOptions): Promise<T> {
    return this.send({
      method: 'POST',
      path: this.path(namespace) + queryString(writeQuery(opts)),
      body: this.withTypeMeta(this.withNamespace(obj, namespace)),
      name: obj.metadata?.name ?? '',
    });
  }

  private withTypeMeta(obj: T): T {
    return {
      ...obj,
      apiVersion: obj.apiVersion ?? apiVersionOf(this.resource),
      kind: obj.kind ?? this.resource.kind,
    };
  }

  private put(obj: T, sub: string, opts?: WriteOptions): Promise<T> {
    const name = obj.metadata?.name ?? '';
    if (name === '') return Promise.reject(new Error('update needs metadata.name'));
    const ns = obj.metadata?.namespace ?? '';
    return this.send({
      method: 'PUT',
      path: this.path(ns, name, sub) + queryString(writeQuery(opts)),
      body: this.withTypeMeta(obj),
      name,
    });
  }

  update(obj: T, opts?: WriteOptions): Promise<T> {
    return this.put(obj, '', opts);
  }

  updateStatus(obj: T, opts?: WriteOptions): Promise<T> {
    return this.put(obj, 'status', opts);
  }

  patch(
    namespace: string,
    name: string,
    type: PatchType,
    body: unknown,
    opts: PatchOptions = {},
  ): Promise<T> {
    const q = writeQuery(opts);
    if (type === 'apply') {
      q.fieldManager = opts.fieldManager || fieldManagerFromUserAgent(this.transport.userAgent);
      if (opts.force === true) q.force = true;
    }
    return this.send({
      method: 'PATCH',
      path: this.path(namespace, name, opts.subresource ?? '') + queryString(q),
      body,
      contentType: PATCH_CONTENT_TYPES[type],
      name,
    });
  }

  async delete(namespace: string, name: string, opts?: DeleteOptions): Promise<void> {
    await this.send({ method: 'DELETE', path: this.path(namespace, name), body: deleteBody(opts), name });
  }

  async deleteCollection(namespace: string, opts: DeleteOptions & ListOptions = {}): Promise<void> {
    await this.send({
      method: 'DELETE',
      path: this.path(namespace) + queryString(listQuery(opts)),
      body: deleteBody(opts),
    });
  }

  getSubresource<R>(namespace: string, name: string, subresource: string): Promise<R> {
    return this.send({ method: 'GET', path: this.path(namespace, name, subresource), name });
  }

  createSubresource<R>(namespace: string, name: string, subresource: string, body: unknown): Promise<R> {
    return this.send({ method: 'POST', path: this.path(namespace, name, subresource), body, name });
  }

  updateSubresource<R>(namespace: string, name: string, subresource: string, body: unknown): Promise<R> {
    return this.send({ method: 'PUT', path: this.path(namespace, name, subresource), body, name });
  }
}

/** What clientFromKubeconfig resolves. */
export interface KubeconfigClient {
  readonly client: RestClient;
  readonly config: RestConfig;
  /** The context's namespace (`default` when unset). */
  readonly namespace: string;
  readonly context: string;
  /** The cluster CA (PEM) when the kubeconfig names one. */
  readonly caPem: string | undefined;
}

/** Options of clientFromKubeconfig: a context and settings a kubeconfig does not hold. */
export type KubeconfigClientOptions = KubeconfigOptions &
  Pick<RestConfig, 'userAgent' | 'qps' | 'burst' | 'timeoutMs' | 'onWarning'>;

/** A RestClient from a kubeconfig file or decoded document (see loadKubeconfig). */
export async function clientFromKubeconfig(
  source: string | object,
  opts: KubeconfigClientOptions = {},
): Promise<KubeconfigClient> {
  const { context: ctx, ...rest } = opts;
  const loaded = await loadKubeconfig(source, ctx === undefined ? {} : { context: ctx });
  const config: RestConfig = { ...loaded.config, ...rest };
  return {
    client: new RestClient(config),
    config,
    namespace: loaded.namespace,
    context: loaded.context,
    caPem: config.caPem,
  };
}
