import { KubeconfigError } from './errors.js';

/** A `clusters[]` entry. `certificateAuthorityData` is the decoded PEM text. */
export interface KubeconfigCluster {
  readonly name: string;
  readonly server: string;
  readonly certificateAuthorityData?: string;
  readonly certificateAuthority?: string;
  readonly insecureSkipTLSVerify: boolean;
  readonly tlsServerName?: string;
}

/** A `users[]` entry. The `*Data` fields hold the decoded PEM text. */
export interface KubeconfigUser {
  readonly name: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  readonly clientCertificate?: string;
  readonly clientKey?: string;
  readonly token?: string;
}

/** A `contexts[]` entry. */
export interface KubeconfigContext {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  readonly namespace?: string;
}

/** The parts of a kubeconfig kite reads. Plain data. */
export interface Kubeconfig {
  /** Empty when unset. */
  readonly currentContext: string;
  readonly clusters: readonly KubeconfigCluster[];
  readonly users: readonly KubeconfigUser[];
  readonly contexts: readonly KubeconfigContext[];
}

/** What a client needs from one context: where to connect and with which credentials. */
export interface ResolvedContext {
  readonly context: string;
  readonly cluster: KubeconfigCluster;
  readonly user: KubeconfigUser;
  readonly namespace?: string;
}

type Obj = Record<string, unknown>;

/**
 * Builds a {@link Kubeconfig} from decoded YAML/JSON. Pure; throws KubeconfigError naming the
 * field path of the first problem.
 */
export function kubeconfigFromObject(raw: unknown): Kubeconfig {
  if (raw === null || raw === undefined) return { currentContext: '', clusters: [], users: [], contexts: [] };
  const top = object(raw, '');
  constant(top, 'apiVersion', 'v1');
  constant(top, 'kind', 'Config');
  const clusters = named(top, 'clusters', 'cluster', (c, p) => ({
    server: str(c, 'server', p) ?? '',
    certificateAuthorityData: base64(c, 'certificate-authority-data', p),
    certificateAuthority: str(c, 'certificate-authority', p),
    insecureSkipTLSVerify: bool(c, 'insecure-skip-tls-verify', p) ?? false,
    tlsServerName: str(c, 'tls-server-name', p),
  }));
  const users = named(top, 'users', 'user', (u, p) => ({
    clientCertificateData: base64(u, 'client-certificate-data', p),
    clientKeyData: base64(u, 'client-key-data', p),
    clientCertificate: str(u, 'client-certificate', p),
    clientKey: str(u, 'client-key', p),
    token: str(u, 'token', p),
  }));
  const contexts = named(top, 'contexts', 'context', (c, p) => ({
    cluster: str(c, 'cluster', p) ?? '',
    user: str(c, 'user', p) ?? '',
    namespace: str(c, 'namespace', p),
  }));
  return { currentContext: str(top, 'current-context', '') ?? '', clusters, users, contexts };
}

/**
 * The cluster and user of a context (default: the current context). Pure; throws KubeconfigError
 * when the context, its cluster or its user is missing, or the cluster has no server.
 */
export function resolveKubeconfigContext(cfg: Kubeconfig, contextName?: string): ResolvedContext {
  const name = contextName ?? cfg.currentContext;
  if (name === '') throw new KubeconfigError('current-context is not set');
  const ctx = cfg.contexts.find((c) => c.name === name);
  if (ctx === undefined) throw new KubeconfigError(`context was not found for specified context: ${name}`);
  const cluster = cfg.clusters.find((c) => c.name === ctx.cluster);
  if (cluster === undefined)
    throw new KubeconfigError(
      `cluster ${JSON.stringify(ctx.cluster)} of context ${JSON.stringify(name)} not found`,
    );
  if (cluster.server === '')
    throw new KubeconfigError(`no server found for cluster ${JSON.stringify(cluster.name)}`);
  const user = cfg.users.find((u) => u.name === ctx.user);
  if (user === undefined)
    throw new KubeconfigError(
      `user ${JSON.stringify(ctx.user)} of context ${JSON.stringify(name)} not found`,
    );
  return {
    context: name,
    cluster,
    user,
    ...(ctx.namespace !== undefined ? { namespace: ctx.namespace } : {}),
  };
}

// A list of `{ name, <inner>: {...} }` entries, names unique, as client-go requires.
function named<T>(
  top: Obj,
  list: string,
  inner: string,
  build: (o: Obj, path: string) => T,
): (T & { name: string })[] {
  const v = top[list];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw typeError(list, 'array', v);
  const seen = new Set<string>();
  return v.map((entry, i) => {
    const path = `${list}[${i}]`;
    const e = object(entry, path);
    const name = str(e, 'name', path) ?? '';
    if (name === '') throw new KubeconfigError(`${path}.name: must not be empty`);
    if (seen.has(name)) throw new KubeconfigError(`duplicate name ${JSON.stringify(name)} in ${list}`);
    seen.add(name);
    const body = e[inner] === undefined || e[inner] === null ? {} : object(e[inner], `${path}.${inner}`);
    return { name, ...dropUndefined(build(body, `${path}.${inner}`)) };
  });
}

function dropUndefined<T>(o: T): T {
  return Object.fromEntries(Object.entries(o as Obj).filter(([, v]) => v !== undefined)) as T;
}

function object(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw typeError(path, 'object', v);
  return v as Obj;
}

function str(o: Obj, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw typeError(join(path, key), 'string', v);
  return v;
}

function bool(o: Obj, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw typeError(join(path, key), 'boolean', v);
  return v;
}

function constant(o: Obj, key: string, want: string): void {
  const v = str(o, key, '');
  if (v !== undefined && v !== '' && v !== want) {
    throw new KubeconfigError(`${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(v)}`);
  }
}

const base64Re = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// Strict standard base64 as Go's encoding/json decodes []byte (newlines are tolerated, like Go).
function base64(o: Obj, key: string, path: string): string | undefined {
  const v = str(o, key, path);
  if (v === undefined) return undefined;
  const compact = v.replace(/[\r\n]/g, '');
  if (!base64Re.test(compact)) throw new KubeconfigError(`${join(path, key)}: illegal base64 data`);
  return Buffer.from(compact, 'base64').toString('utf8');
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function typeError(path: string, want: string, got: unknown): KubeconfigError {
  const kind = got === null ? 'null' : Array.isArray(got) ? 'array' : typeof got;
  return new KubeconfigError(`${path === '' ? 'config' : path}: expected ${want}, got ${kind}`);
}
