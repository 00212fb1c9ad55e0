// Connection settings from a kubeconfig file or from inside a pod (in-cluster config).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYAML } from 'yaml';
import type { RestConfig } from './config.js';

/** A kubeconfig that cannot be used: missing pieces, bad types, unreadable files. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

/** What loadKubeconfig resolves: the REST settings plus the context's namespace. */
export interface LoadedKubeconfig {
  readonly config: RestConfig;
  /** The context's namespace; `default` when unset. */
  readonly namespace: string;
  /** The context used. */
  readonly context: string;
}

/** Options of loadKubeconfig. */
export interface KubeconfigOptions {
  /** Use this context instead of `current-context`. */
  readonly context?: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(o: Obj, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new KubeconfigError(`${where}.${key} must be a string`);
  return v;
}

function bool(o: Obj, key: string, where: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new KubeconfigError(`${where}.${key} must be a boolean`);
  return v;
}

// `clusters`, `users` and `contexts` are lists of `{name, <field>: {...}}`.
function findNamed(top: Obj, list: string, field: string, name: string): Obj | undefined {
  const entries = top[list];
  if (entries === undefined || entries === null) return undefined;
  if (!Array.isArray(entries)) throw new KubeconfigError(`${list} must be a list`);
  for (const [i, e] of entries.entries()) {
    if (!isObj(e)) throw new KubeconfigError(`${list}[${i}] must be a mapping`);
    if (e.name !== name) continue;
    const inner = e[field] ?? {};
    if (!isObj(inner)) throw new KubeconfigError(`${list}[${i}].${field} must be a mapping`);
    return inner;
  }
  return undefined;
}

function decode64(o: Obj, key: string, where: string): string | undefined {
  const v = str(o, key, where);
  if (v === undefined) return undefined;
  if (!/^[A-Za-z0-9+/=\s]*$/.test(v)) throw new KubeconfigError(`${where}.${key} is not valid base64`);
  return Buffer.from(v, 'base64').toString('utf8');
}

/**
 * The PEM text from `<key>-data` (base64) or from the file `<key>` (resolved against `base`).
 * Throws KubeconfigError when the file cannot be read.
 */
function pem(o: Obj, key: string, where: string, base: string): string | undefined {
  const data = decode64(o, `${key}-data`, where);
  if (data !== undefined && data !== '') return data;
  const file = str(o, key, where);
  if (file === undefined || file === '') return undefined;
  const path = isAbsolute(file) ? file : join(base, file);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`${where}.${key}: cannot read ${path}: ${(e as Error).message}`);
  }
}

/**
 * Resolves a parsed kubeconfig (the decoded YAML document) to REST settings. Relative file paths
 * resolve against `base` (the kubeconfig's folder). Reads the files it names (certificates,
 * keys); a `tokenFile` is left to the client, which re-reads it. Throws KubeconfigError naming the
 * missing or malformed piece.
 */
export function kubeconfigToConfig(
  doc: unknown,
  base: string,
  opts: KubeconfigOptions = {},
): LoadedKubeconfig {
  if (!isObj(doc)) throw new KubeconfigError('kubeconfig is empty or not a mapping');
  const context = opts.context ?? str(doc, 'current-context', 'kubeconfig') ?? '';
  if (context === '') throw new KubeconfigError('kubeconfig has no current-context and no context was given');
  const ctx = findNamed(doc, 'contexts', 'context', context);
  if (ctx === undefined) throw new KubeconfigError(`context "${context}" not found in kubeconfig`);
  const where = `context "${context}"`;
  const clusterName = str(ctx, 'cluster', where) ?? '';
  if (clusterName === '') throw new KubeconfigError(`${where} names no cluster`);
  const cluster = findNamed(doc, 'clusters', 'cluster', clusterName);
  if (cluster === undefined) throw new KubeconfigError(`cluster "${clusterName}" not found in kubeconfig`);
  const cw = `cluster "${clusterName}"`;
  const server = str(cluster, 'server', cw) ?? '';
  if (server === '') throw new KubeconfigError(`${cw} has no server`);
  const userName = str(ctx, 'user', where) ?? '';
  let user: Obj = {};
  if (userName !== '') {
    const found = findNamed(doc, 'users', 'user', userName);
    if (found === undefined) throw new KubeconfigError(`user "${userName}" not found in kubeconfig`);
    user = found;
  }
  const uw = `user "${userName}"`;
  const config: {
    -readonly [K in keyof RestConfig]: RestConfig[K];
  } = { server: server.replace(/\/+$/, '') };
  const ca = pem(cluster, 'certificate-authority', cw, base);
  if (ca !== undefined) config.caPem = ca;
  if (bool(cluster, 'insecure-skip-tls-verify', cw)) config.insecureSkipTLSVerify = true;
  const sni = str(cluster, 'tls-server-name', cw);
  if (sni !== undefined && sni !== '') config.tlsServerName = sni;
  const cert = pem(user, 'client-certificate', uw, base);
  const key = pem(user, 'client-key', uw, base);
  if ((cert === undefined) !== (key === undefined))
    throw new KubeconfigError(`${uw} has a client certificate without a key, or a key without a certificate`);
  if (cert !== undefined && key !== undefined) {
    config.certPem = cert;
    config.keyPem = key;
  }
  const token = str(user, 'token', uw);
  if (token !== undefined && token !== '') config.token = token;
  const tokenFile = str(user, 'tokenFile', uw);
  if (tokenFile !== undefined && tokenFile !== '' && config.token === undefined)
    config.tokenFile = isAbsolute(tokenFile) ? tokenFile : join(base, tokenFile);
  const namespace = str(ctx, 'namespace', where) ?? '';
  return { config, namespace: namespace === '' ? 'default' : namespace, context };
}

/**
 * Loads a kubeconfig: a file path (YAML or JSON) or an already decoded document (relative paths
 * in it then resolve against the working directory). Throws KubeconfigError.
 */
export async function loadKubeconfig(
  source: string | object,
  opts: KubeconfigOptions = {},
): Promise<LoadedKubeconfig> {
  if (typeof source !== 'string') return kubeconfigToConfig(source, process.cwd(), opts);
  const path = resolve(source);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYAML(text);
  } catch (e) {
    throw new KubeconfigError(`kubeconfig ${path} is not valid YAML: ${(e as Error).message}`);
  }
  return kubeconfigToConfig(doc, dirname(path), opts);
}

/** Where a pod finds its service account credentials. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Options of inClusterConfig (tests point them elsewhere). */
export interface InClusterOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly dir?: string;
}

/**
 * The settings of a client running in a pod, as client-go's InClusterConfig: the server from
 * KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, the service account token file (re-read
 * by the client, so rotated tokens are picked up) and the cluster CA. Throws KubeconfigError when
 * not in a cluster or when the token cannot be read.
 */
export function inClusterConfig(opts: InClusterOptions = {}): RestConfig {
  const env = opts.env ?? process.env;
  const dir = opts.dir ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '';
  if (host === '' || port === '') {
    throw new KubeconfigError(
      'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    );
  }
  const tokenFile = join(dir, 'token');
  try {
    readFileSync(tokenFile, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`cannot read service account token ${tokenFile}: ${(e as Error).message}`);
  }
  let caPem: string | undefined;
  try {
    caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
  } catch {
    // client-go logs and goes on without a CA; the system roots then apply.
    caPem = undefined;
  }
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return { server: `https://${hostPart}:${port}`, tokenFile, ...(caPem === undefined ? {} : { caPem }) };
}
