import { mkdir } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { resourceFor } from '../../api/index.js';
import { isAlreadyExists } from '../../apimachinery/errors/index.js';
import type { Store } from '../../storage/index.js';
import { openEtcdStore } from '../../storage/etcd/index.js';
import { openSqliteStore } from '../../storage/sqlite/index.js';
import { loadTokenFile, staticTokenAuthenticator, type TokenAuthenticator } from '../authn/index.js';
import {
  bootstrapSystemPriorityClasses,
  defaultAdmission,
  lookupOverRegistries,
} from '../admission/index.js';
import { interimAuthorizer } from '../authz/index.js';
import { ServiceAccountTokens } from '../authn/service-account-token.js';
import { adminGroup, ensurePKI, issueClientCert, writeKubeconfig } from '../pki/index.js';
import { ensureServiceAccountKey } from '../pki/service-account-key.js';
import { type ServicesSetup, servicesSetup } from './services-setup.js';
import { APIServer, type OperationsOptions } from './api-server.js';

/** `kite server` options, as its flags give them. */
export interface ServerOptions {
  readonly dataDir: string;
  readonly bindAddress: string;
  readonly securePort: number;
  readonly tokenAuthFile?: string;
  /** etcd client URLs; the embedded store is used when empty. */
  readonly etcdServers?: readonly string[];
  /** Called with warnings worth a log line (token file warnings, ...). */
  readonly warn?: (msg: string) => void;
  /** `--service-cluster-ip-range` (default 10.96.0.0/12; two CIDRs for dual-stack). */
  readonly serviceClusterIPRange?: string;
  /** `--service-node-port-range` (default 30000-32767). */
  readonly serviceNodePortRange?: string;
  /** `--advertise-address`: this server's address in the `kubernetes` Endpoints. */
  readonly advertiseAddress?: string;
  /** In-flight limits, logging and shutdown of the API server (upstream defaults when absent). */
  readonly operations?: OperationsOptions;
}

/** What a started server tells its caller. */
export interface StartedServer {
  readonly url: string;
  readonly kubeconfigPath: string;
  /** Resolves once the server has stopped and released the store. */
  readonly done: Promise<void>;
  /**
   * Credentials for control-plane components running in this process (controller manager,
   * scheduler): the URL, the cluster CA and a client certificate issued at start for `identity`.
   */
  loopbackCredentials(identity: string): Promise<LoopbackCredentials>;
}

/** How an in-process component reaches the API server. */
export interface LoopbackCredentials {
  readonly url: string;
  readonly caPEM: string;
  readonly certPEM: string;
  readonly keyPEM: string;
}

/**
 * Brings up the API server: PKI under DIR/pki, the store (DIR/db or etcd), HTTPS on the bind
 * address, then DIR/kubeconfig.yaml written atomically once the server answers. Stops when
 * `signal` aborts.
 */
export async function startServer(opts: ServerOptions, signal: AbortSignal): Promise<StartedServer> {
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const hosts = localAddresses();
  const svc: ServicesSetup = servicesSetup(opts, hosts);
  const pki = await ensurePKI({ dir: join(opts.dataDir, 'pki'), hosts, extraSANs: svc.extraSANs });
  const saKey = await ensureServiceAccountKey(join(opts.dataDir, 'pki'));
  const store = await openStore(opts);
  const tokenAuthenticators: TokenAuthenticator[] = [];
  if (opts.tokenAuthFile !== undefined) {
    const file = await loadTokenFile(opts.tokenAuthFile);
    for (const w of file.warnings) opts.warn?.(w);
    tokenAuthenticators.push(staticTokenAuthenticator(file.tokens));
  }
  const clientHost =
    opts.bindAddress === '0.0.0.0' || opts.bindAddress === '::' ? '127.0.0.1' : opts.bindAddress;
  const server = new APIServer({
    bindAddress: opts.bindAddress,
    securePort: opts.securePort,
    serving: pki.server,
    clientCA: pki.ca.certPEM,
    authn: { tokenAuthenticators },
    authorizer: interimAuthorizer(),
    store,
    advertiseAddress: `${hostForURL(clientHost)}:${opts.securePort}`,
    resources: {
      admission: defaultAdmission(lookupOverRegistries((info) => server.resources.registryFor(info))),
      hooksFor: svc.hooksFor(store),
      serviceAccountTokens: new ServiceAccountTokens({ privateKeyPEM: saKey.privateKeyPEM }),
    },
    ...(opts.operations === undefined ? {} : { operations: opts.operations }),
  });
  // The store closes only once this server has withdrawn from the `kubernetes` Endpoints.
  let withdrawn: Promise<void> = Promise.resolve();
  const done = server
    .start(signal)
    .then(() => withdrawn)
    .finally(() => store.close());
  done.catch(() => undefined);
  const { port } = await Promise.race([
    server.ready,
    done.then(() => Promise.reject(new Error('server stopped'))),
  ]);
  await createSystemNamespaces(server);
  await bootstrapSystemPriorityClasses(
    server.resources.registryFor(
      resourceFor({ group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' })!,
    ),
  );
  withdrawn = (await svc.startControlPlaneService(server.resources, store, port, signal, opts.warn)).stopped;
  const url = `https://${hostForURL(clientHost)}:${port}`;
  const kubeconfigPath = join(opts.dataDir, 'kubeconfig.yaml');
  await writeKubeconfig(kubeconfigPath, {
    server: url,
    caPEM: pki.ca.certPEM,
    certPEM: pki.admin.certPEM,
    keyPEM: pki.admin.keyPEM,
  });
  const loopbackCredentials = async (identity: string): Promise<LoopbackCredentials> => {
    // Until RBAC objects are live policy, control-plane identities are authorized as masters.
    const pair = await issueClientCert(pki, { commonName: identity, organizations: [adminGroup] });
    return { url, caPEM: pki.ca.certPEM, certPEM: pair.certPEM, keyPEM: pair.keyPEM };
  };
  return { url, kubeconfigPath, done, loopbackCredentials };
}

/** The namespaces every cluster has, created on first start as kube-apiserver's controller does. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

async function createSystemNamespaces(server: APIServer): Promise<void> {
  const info = resourceFor({ group: '', version: 'v1', resource: 'namespaces' })!;
  const registry = server.resources.registryFor(info);
  const ctx = { namespace: '', user: 'system:apiserver', now: () => new Date() };
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await registry.create(ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}

async function openStore(opts: ServerOptions): Promise<Store> {
  if (opts.etcdServers !== undefined && opts.etcdServers.length > 0) {
    return openEtcdStore({ endpoints: opts.etcdServers });
  }
  return openSqliteStore({ dir: opts.dataDir });
}

function hostForURL(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

// The machine's own addresses go into the serving certificate, so clients on the LAN can verify it.
function localAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? [])
      if (!a.internal && !a.address.toLowerCase().startsWith('fe80')) out.push(a.address);
  }
  return out;
}
