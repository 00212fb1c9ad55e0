import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type StartedServer, startServer } from '../apiserver/server/index.js';
import { RestClient } from '../client/rest/index.js';
import {
  defaultBackends,
  defaultConfiguration,
  type RunningScheduler,
  startScheduler,
} from '../scheduler/index.js';
import {
  KNOWN_CONTROLLERS,
  type RunningControllerManager,
  selectControllers,
  startControllerManager,
} from '../controllers/index.js';
import { parsePortRange, parseServiceCIDRs } from '../apiserver/services/index.js';
import { parseIPSloppy } from '../apimachinery/validation/index.js';
import { Logger } from '../log/index.js';
import { kiteVersion } from '../version.js';
import type { Command } from './commands.js';
import {
  CONTROLLER_FLAG_OPTIONS,
  CONTROLLER_FLAG_USAGE,
  type ControllerFlags,
  parseControllerFlags,
} from './controller-flags.js';
import { DEFAULT_DATA_DIR } from './store-command.js';

const USAGE = `Usage: kite server [flags]   (also: kite apiserver)

Serves the Kubernetes API over HTTPS on the embedded store (or etcd), creating the cluster's
certificates and an admin kubeconfig in the data directory on first start.

Flags:
  --data-dir DIR           data directory (default ${DEFAULT_DATA_DIR})
  --bind-address ADDR      address to listen on (default 0.0.0.0)
  --secure-port PORT       HTTPS port (default 6443; 0 picks a free one)
  --token-auth-file FILE   static bearer tokens: token,user,uid[,"group1,group2"]
  --etcd-servers URLS      comma-separated etcd client URLs instead of the embedded store
  --service-cluster-ip-range CIDRS
                           Service ClusterIP range, one CIDR or two for dual-stack (default 10.96.0.0/12)
  --service-node-port-range RANGE
                           ports of NodePort Services (default 30000-32767)
  --advertise-address ADDR this server's address in the kubernetes Endpoints (default: the bind
                           address, or the host's first non-loopback IPv4 when bound to all)
  --disable-agent          run the control plane only (no node agent on this host)
  --disable-controller-manager
                           do not run the controllers in this process
  --disable-scheduler      do not run the scheduler in this process
  --max-requests-inflight N
                           most read-only requests served at once; more get 429 (default 400, 0: no limit)
  --max-mutating-requests-inflight N
                           most mutating requests served at once; more get 429 (default 200, 0: no limit)
  -v, --v N                log verbosity: 1 start-up and shutdown, 3 one line per request (default 0)
  -h, --help               show this help

Controller flags (as kube-controller-manager's):
${CONTROLLER_FLAG_USAGE}`;

/** A parsed `kite server` command line, or the reason it is not one. */
export type ServerArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly dataDir: string;
      readonly bindAddress: string;
      readonly securePort: number;
      readonly tokenAuthFile: string | undefined;
      readonly etcdServers: readonly string[];
      readonly disableAgent: boolean;
      readonly verbosity: number;
      readonly maxRequestsInFlight: number;
      readonly maxMutatingRequestsInFlight: number;
      readonly serviceClusterIPRange: string | undefined;
      readonly serviceNodePortRange: string | undefined;
      readonly advertiseAddress: string | undefined;
      readonly disableControllerManager: boolean;
      readonly disableScheduler: boolean;
      readonly controllerFlags: ControllerFlags;
    };

/** Parses the arguments after `kite server`. Pure; never throws. */
export function parseServerArgs(args: readonly string[]): ServerArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        'data-dir': { type: 'string' },
        'bind-address': { type: 'string' },
        'secure-port': { type: 'string' },
        'token-auth-file': { type: 'string' },
        'etcd-servers': { type: 'string' },
        'service-cluster-ip-range': { type: 'string' },
        'service-node-port-range': { type: 'string' },
        'advertise-address': { type: 'string' },
        'disable-agent': { type: 'boolean' },
        'disable-controller-manager': { type: 'boolean' },
        'disable-scheduler': { type: 'boolean' },
        ...CONTROLLER_FLAG_OPTIONS,
        'max-requests-inflight': { type: 'string' },
        'max-mutating-requests-inflight': { type: 'string' },
        v: { type: 'string', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  if (values['help'] === true) return { kind: 'help' };
  const portText = (values['secure-port'] as string | undefined) ?? '6443';
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65535) {
    return { kind: 'error', message: `invalid value "${portText}" for --secure-port: want a port number` };
  }
  const counts: Record<string, number> = {};
  for (const [flag, def] of [
    ['v', 0],
    ['max-requests-inflight', 400],
    ['max-mutating-requests-inflight', 200],
  ] as const) {
    const text = (values[flag] as string | undefined) ?? String(def);
    if (!/^[0-9]{1,9}$/.test(text)) {
      return {
        kind: 'error',
        message: `invalid value "${text}" for --${flag}: want a whole number, 0 or more`,
      };
    }
    counts[flag] = Number(text);
  }
  const etcd = ((values['etcd-servers'] as string | undefined) ?? '').split(',').filter((s) => s !== '');
  const svcFlags = serviceFlags(values);
  if (typeof svcFlags === 'string') return { kind: 'error', message: svcFlags };
  const controllerFlags = parseControllerFlags(values);
  if (typeof controllerFlags === 'string') return { kind: 'error', message: controllerFlags };
  const selected = selectControllers(KNOWN_CONTROLLERS, controllerFlags.controllers);
  if (!selected.ok) return { kind: 'error', message: `--controllers: ${selected.message}` };
  return {
    kind: 'run',
    dataDir: resolve((values['data-dir'] as string | undefined) ?? DEFAULT_DATA_DIR),
    bindAddress: (values['bind-address'] as string | undefined) ?? '0.0.0.0',
    securePort: Number(portText),
    tokenAuthFile: values['token-auth-file'] as string | undefined,
    etcdServers: etcd,
    disableAgent: values['disable-agent'] === true,
    verbosity: counts['v']!,
    maxRequestsInFlight: counts['max-requests-inflight']!,
    maxMutatingRequestsInFlight: counts['max-mutating-requests-inflight']!,
    ...svcFlags,
    disableControllerManager: values['disable-controller-manager'] === true,
    disableScheduler: values['disable-scheduler'] === true,
    controllerFlags,
  };
}

// The service flags, checked here so that a bad value is a usage error rather than a failed start.
function serviceFlags(values: Record<string, string | boolean | undefined>):
  | string
  | {
      serviceClusterIPRange: string | undefined;
      serviceNodePortRange: string | undefined;
      advertiseAddress: string | undefined;
    } {
  const cidrs = values['service-cluster-ip-range'] as string | undefined;
  const ports = values['service-node-port-range'] as string | undefined;
  const advertise = values['advertise-address'] as string | undefined;
  if (cidrs !== undefined) {
    const parsed = parseServiceCIDRs(cidrs);
    if (!parsed.ok) return `invalid value "${cidrs}" for --service-cluster-ip-range: ${parsed.message}`;
  }
  if (ports !== undefined && parsePortRange(ports) === undefined) {
    return `invalid value "${ports}" for --service-node-port-range: want a port range like 30000-32767`;
  }
  if (advertise !== undefined && parseIPSloppy(advertise) === null) {
    return `invalid value "${advertise}" for --advertise-address: want an IP address`;
  }
  return { serviceClusterIPRange: cidrs, serviceNodePortRange: ports, advertiseAddress: advertise };
}

async function run(args: readonly string[], withControllers = true): Promise<number> {
  const parsed = parseServerArgs(args);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`kite server: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  const logger = new Logger({ verbosity: parsed.verbosity });
  logger.info(1, 'server', 'Starting kite server', {
    version: `v${kiteVersion()}`,
    dataDir: parsed.dataDir,
    store: parsed.etcdServers.length > 0 ? 'etcd' : 'embedded',
    maxRequestsInFlight: parsed.maxRequestsInFlight,
    maxMutatingRequestsInFlight: parsed.maxMutatingRequestsInFlight,
  });
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info(1, 'server', 'Received signal, shutting down gracefully', { signal });
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = await startServer(
    {
      dataDir: parsed.dataDir,
      bindAddress: parsed.bindAddress,
      securePort: parsed.securePort,
      ...(parsed.tokenAuthFile === undefined ? {} : { tokenAuthFile: parsed.tokenAuthFile }),
      etcdServers: parsed.etcdServers,
      ...(parsed.serviceClusterIPRange === undefined
        ? {}
        : { serviceClusterIPRange: parsed.serviceClusterIPRange }),
      ...(parsed.serviceNodePortRange === undefined
        ? {}
        : { serviceNodePortRange: parsed.serviceNodePortRange }),
      ...(parsed.advertiseAddress === undefined ? {} : { advertiseAddress: parsed.advertiseAddress }),
      warn: (msg) => process.stderr.write(`kite server: ${msg}\n`),
      operations: {
        logger,
        maxRequestsInFlight: parsed.maxRequestsInFlight,
        maxMutatingRequestsInFlight: parsed.maxMutatingRequestsInFlight,
      },
    },
    stop.signal,
  );
  const controllers =
    withControllers && !parsed.disableControllerManager
      ? await startInProcessControllers(started, parsed.controllerFlags, logger, stop.signal)
      : undefined;
  const scheduler =
    withControllers && !parsed.disableScheduler
      ? await startInProcessScheduler(started, logger, stop.signal)
      : undefined;
  process.stdout.write(`kite server ready at ${started.url} (kubeconfig: ${started.kubeconfigPath})\n`);
  if (!parsed.disableAgent) {
    process.stdout.write('kite server: no node agent yet: this server runs the control plane only\n');
  }
  await Promise.all([started.done, controllers?.done, scheduler?.done]);
  logger.info(1, 'server', 'kite server stopped');
  return 0;
}

/** `kite server`: the API server (the controllers, scheduler and agent join it later). */
export const serverCommand: Command = {
  name: 'server',
  summary: 'run the API server (control plane) on this machine',
  run,
};

// The scheduler inside `kite server`: over HTTPS with its own certificate and the default
// configuration, behind leader election like a separate `kite scheduler`.
async function startInProcessScheduler(
  started: StartedServer,
  log: Logger,
  signal: AbortSignal,
): Promise<RunningScheduler> {
  const creds = await started.loopbackCredentials('system:kube-scheduler');
  const client = new RestClient({
    server: creds.url,
    caPem: creds.caPEM,
    certPem: creds.certPEM,
    keyPem: creds.keyPEM,
    userAgent: 'kube-scheduler',
  });
  const s = startScheduler(
    { client, config: defaultConfiguration(), log, backends: defaultBackends },
    signal,
  );
  return { ready: s.ready, done: s.done.finally(() => client.close()) };
}

/** `kite apiserver`: the API server alone (no controllers or scheduler in the process). */
export const apiserverCommand: Command = {
  name: 'apiserver',
  summary: 'run the API server alone (kite server without its controllers)',
  run: (args) => run(args, false),
};

// The controller manager inside `kite server`: over HTTPS to this server with a certificate of its
// own, behind the same leader election as a separate `kite controller-manager`, so several servers
// on one etcd run the controllers once.
async function startInProcessControllers(
  started: StartedServer,
  flags: ControllerFlags,
  log: Logger,
  signal: AbortSignal,
): Promise<RunningControllerManager> {
  const creds = await started.loopbackCredentials('system:kube-controller-manager');
  const client = new RestClient({
    server: creds.url,
    caPem: creds.caPEM,
    certPem: creds.certPEM,
    keyPem: creds.keyPEM,
    userAgent: 'kube-controller-manager',
  });
  const selected = selectControllers(KNOWN_CONTROLLERS, flags.controllers);
  if (!selected.ok) throw new Error(selected.message);
  const manager = startControllerManager(
    {
      client,
      controllers: selected.controllers,
      options: { ...flags.options, rootCAPem: creds.caPEM },
      log,
      leaderElection: {},
    },
    signal,
  );
  return { ready: manager.ready, done: manager.done.finally(() => client.close()) };
}
