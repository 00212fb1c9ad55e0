import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../apiserver/server/index.js';
import type { Command } from './commands.js';
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
  --disable-agent          run the control plane only (no node agent on this host)
  -h, --help               show this help
`;

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
        'disable-agent': { type: 'boolean' },
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
  const etcd = ((values['etcd-servers'] as string | undefined) ?? '').split(',').filter((s) => s !== '');
  return {
    kind: 'run',
    dataDir: resolve((values['data-dir'] as string | undefined) ?? DEFAULT_DATA_DIR),
    bindAddress: (values['bind-address'] as string | undefined) ?? '0.0.0.0',
    securePort: Number(portText),
    tokenAuthFile: values['token-auth-file'] as string | undefined,
    etcdServers: etcd,
    disableAgent: values['disable-agent'] === true,
  };
}

async function run(args: readonly string[]): Promise<number> {
  const parsed = parseServerArgs(args);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`kite server: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = await startServer(
    {
      dataDir: parsed.dataDir,
      bindAddress: parsed.bindAddress,
      securePort: parsed.securePort,
      ...(parsed.tokenAuthFile === undefined ? {} : { tokenAuthFile: parsed.tokenAuthFile }),
      etcdServers: parsed.etcdServers,
      warn: (msg) => process.stderr.write(`kite server: ${msg}\n`),
    },
    stop.signal,
  );
  process.stdout.write(`kite server ready at ${started.url} (kubeconfig: ${started.kubeconfigPath})\n`);
  if (!parsed.disableAgent) {
    process.stdout.write('kite server: no node agent yet: this server runs the control plane only\n');
  }
  await started.done;
  return 0;
}

/** `kite server`: the API server (the controllers, scheduler and agent join it later). */
export const serverCommand: Command = {
  name: 'server',
  summary: 'run the API server (control plane) on this machine',
  run,
};

/** `kite apiserver`: the same command under the component's name. */
export const apiserverCommand: Command = {
  ...serverCommand,
  name: 'apiserver',
  summary: 'the same as kite server',
};
