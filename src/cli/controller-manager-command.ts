import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseGoDurationMs } from '../apimachinery/duration/index.js';
import { clientFromKubeconfig } from '../client/rest/index.js';
import { KNOWN_CONTROLLERS } from '../controllers/index.js';
import { selectControllers, startControllerManager } from '../controllers/manager/index.js';
import { Logger } from '../log/index.js';
import type { Command } from './commands.js';
import {
  CONTROLLER_FLAG_OPTIONS,
  CONTROLLER_FLAG_USAGE,
  type ControllerFlags,
  parseControllerFlags,
} from './controller-flags.js';

const USAGE = `Usage: kite controller-manager --kubeconfig FILE [flags]

Runs the controllers that drive workloads to their desired state (ReplicaSets, Deployments,
StatefulSets, DaemonSets, Jobs, garbage collection, namespaces, endpoints, nodes...) against an
API server. Several can run: one leads through a Lease in kube-system, the others stand by.

Flags:
  --kubeconfig FILE        how to reach the API server (required)
  --root-ca-file FILE      CA published as the kube-root-ca.crt ConfigMap (default: the
                           kubeconfig's cluster CA)
  --leader-elect BOOL      take part in leader election (default true)
  --leader-elect-lease-duration D   (default 15s)
  --leader-elect-renew-deadline D   (default 10s)
  --leader-elect-retry-period D     (default 2s)
${CONTROLLER_FLAG_USAGE}  -v, --v N                log verbosity (default 0)
  -h, --help               show this help
`;

/** A parsed `kite controller-manager` command line. */
export type ControllerManagerArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly kubeconfig: string;
      readonly rootCAFile: string | undefined;
      readonly leaderElect: boolean;
      readonly leaseDurationMs: number;
      readonly renewDeadlineMs: number;
      readonly retryPeriodMs: number;
      readonly verbosity: number;
      readonly flags: ControllerFlags;
    };

/** Parses the arguments after `kite controller-manager`. Pure; never throws. */
export function parseControllerManagerArgs(args: readonly string[]): ControllerManagerArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        kubeconfig: { type: 'string' },
        'root-ca-file': { type: 'string' },
        'leader-elect': { type: 'string' },
        'leader-elect-lease-duration': { type: 'string' },
        'leader-elect-renew-deadline': { type: 'string' },
        'leader-elect-retry-period': { type: 'string' },
        ...CONTROLLER_FLAG_OPTIONS,
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
  const le = (values['leader-elect'] as string | undefined) ?? 'true';
  if (le !== 'true' && le !== 'false') {
    return { kind: 'error', message: `invalid value "${le}" for --leader-elect: want true or false` };
  }
  const durations: number[] = [];
  for (const [flag, def] of [
    ['leader-elect-lease-duration', 15_000],
    ['leader-elect-renew-deadline', 10_000],
    ['leader-elect-retry-period', 2_000],
  ] as const) {
    const t = values[flag] as string | undefined;
    let ms: number = def;
    if (t !== undefined) {
      try {
        ms = parseGoDurationMs(t);
      } catch {
        ms = Number.NaN;
      }
      if (!(ms > 0))
        return { kind: 'error', message: `invalid value "${t}" for --${flag}: want a positive duration` };
    }
    durations.push(ms);
  }
  const [leaseDurationMs, renewDeadlineMs, retryPeriodMs] = durations as [number, number, number];
  if (renewDeadlineMs >= leaseDurationMs) {
    return { kind: 'error', message: 'leaseDuration must be greater than renewDeadline' };
  }
  const v = (values['v'] as string | undefined) ?? '0';
  if (!/^[0-9]{1,2}$/.test(v))
    return { kind: 'error', message: `invalid value "${v}" for --v: want a whole number` };
  const flags = parseControllerFlags(values);
  if (typeof flags === 'string') return { kind: 'error', message: flags };
  const selected = selectControllers(KNOWN_CONTROLLERS, flags.controllers);
  if (!selected.ok) return { kind: 'error', message: selected.message };
  return {
    kind: 'run',
    kubeconfig,
    rootCAFile: values['root-ca-file'] as string | undefined,
    leaderElect: le === 'true',
    leaseDurationMs,
    renewDeadlineMs,
    retryPeriodMs,
    verbosity: Number(v),
    flags,
  };
}

async function run(args: readonly string[]): Promise<number> {
  const parsed = parseControllerManagerArgs(args);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`kite controller-manager: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  const log = new Logger({ verbosity: parsed.verbosity });
  const { client, caPem } = await clientFromKubeconfig(parsed.kubeconfig, {
    userAgent: 'kube-controller-manager',
  });
  const rootCAPem =
    parsed.rootCAFile === undefined ? (caPem ?? '') : await readFile(parsed.rootCAFile, 'utf8');
  const selected = selectControllers(KNOWN_CONTROLLERS, parsed.flags.controllers);
  if (!selected.ok) throw new Error(selected.message);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const manager = startControllerManager(
    {
      client,
      controllers: selected.controllers,
      options: { ...parsed.flags.options, rootCAPem },
      log,
      ...(parsed.leaderElect
        ? {
            leaderElection: {
              leaseDurationMs: parsed.leaseDurationMs,
              renewDeadlineMs: parsed.renewDeadlineMs,
              retryPeriodMs: parsed.retryPeriodMs,
            },
          }
        : {}),
    },
    stop.signal,
  );
  void manager.ready.then(() =>
    process.stdout.write(
      `kite controller-manager: leading, ${selected.controllers.length} controllers running\n`,
    ),
  );
  // Timers of the client do not hold the process open; a standby with no connection would exit.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await manager.done;
  clearInterval(keepAlive);
  client.close();
  return 0;
}

/** `kite controller-manager`: the controllers, against any API server. */
export const controllerManagerCommand: Command = {
  name: 'controller-manager',
  summary: 'run the controllers (also part of kite server)',
  run,
};
