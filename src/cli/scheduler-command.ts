import { parseArgs } from 'node:util';
import { clientFromKubeconfig } from '../client/rest/index.js';
import { Logger } from '../log/index.js';
import { type ConfigError, defaultConfiguration, loadConfigurationFile } from '../scheduler/config/load.js';
import type { SchedulerConfiguration } from '../scheduler/config/types.js';
import { type BackendsFactory, startScheduler } from '../scheduler/scheduler.js';
import type { Command } from './commands.js';

const USAGE = `Usage: kite scheduler --kubeconfig FILE [flags]

Assigns pending pods to nodes, as kube-scheduler: filters the nodes a pod fits, scores them and
binds the pod to the best. Several can run: one leads through a Lease in kube-system.

Flags:
  --kubeconfig FILE        how to reach the API server (required)
  --config FILE            a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1)
  --leader-elect BOOL      take part in leader election (default: the configuration's, true)
  -v, --v N                log verbosity (default 0)
  -h, --help               show this help
`;

/** A parsed `kite scheduler` command line. */
export type SchedulerArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly kubeconfig: string;
      readonly config: string | undefined;
      readonly leaderElect: boolean | undefined;
      readonly verbosity: number;
    };

/** Parses the arguments after `kite scheduler`. Pure; never throws. */
export function parseSchedulerArgs(args: readonly string[]): SchedulerArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        kubeconfig: { type: 'string' },
        config: { type: 'string' },
        'leader-elect': { type: 'string' },
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
  const kubeconfig = values['kubeconfig'] as string | undefined;
  if (kubeconfig === undefined) return { kind: 'error', message: '--kubeconfig is required' };
  const le = values['leader-elect'] as string | undefined;
  if (le !== undefined && le !== 'true' && le !== 'false') {
    return { kind: 'error', message: `invalid value "${le}" for --leader-elect: want true or false` };
  }
  const v = (values['v'] as string | undefined) ?? '0';
  if (!/^[0-9]{1,2}$/.test(v))
    return { kind: 'error', message: `invalid value "${v}" for --v: want a whole number` };
  return {
    kind: 'run',
    kubeconfig,
    config: values['config'] as string | undefined,
    leaderElect: le === undefined ? undefined : le === 'true',
    verbosity: Number(v),
  };
}

/** `kite scheduler` running on the given cache and queue implementation. */
export function makeSchedulerCommand(backends: BackendsFactory): Command {
  const run = async (args: readonly string[]): Promise<number> => {
    const parsed = parseSchedulerArgs(args);
    if (parsed.kind === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (parsed.kind === 'error') {
      process.stderr.write(`kite scheduler: ${parsed.message}\n${USAGE}`);
      return 2;
    }
    let config: SchedulerConfiguration;
    try {
      config =
        parsed.config === undefined ? defaultConfiguration() : await loadConfigurationFile(parsed.config);
    } catch (err) {
      process.stderr.write(`kite scheduler: invalid configuration: ${(err as ConfigError).message}\n`);
      return 1;
    }
    if (parsed.leaderElect !== undefined) {
      config = { ...config, leaderElection: { ...config.leaderElection, leaderElect: parsed.leaderElect } };
    }
    const log = new Logger({ verbosity: parsed.verbosity });
    const { client } = await clientFromKubeconfig(parsed.kubeconfig, { userAgent: 'kube-scheduler' });
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const s = startScheduler({ client, config, log, backends }, stop.signal);
    void s.ready.then(() =>
      process.stdout.write(
        `kite scheduler: scheduling for ${config.profiles.map((p) => p.schedulerName).join(', ')}\n`,
      ),
    );
    const keepAlive = setInterval(() => undefined, 1 << 30);
    await s.done;
    clearInterval(keepAlive);
    client.close();
    return 0;
  };
  return { name: 'scheduler', summary: 'assign pending pods to nodes (kube-scheduler)', run };
}
