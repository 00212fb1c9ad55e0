import { parseArgs } from 'node:util';
import type { Taint } from 'kubernetes-types/core/v1.js';
import { parseGoDurationMs } from '../apimachinery/duration/index.js';
import { parseQuantity } from '../apimachinery/quantity/index.js';
import { clientFromKubeconfig } from '../client/rest/index.js';
import { type NodeTemplate, type SimOptions, startSim } from '../sim/index.js';
import type { Command } from './commands.js';

const USAGE = `Usage: kite sim --kubeconfig FILE [flags]

Runs simulated nodes in one process: registers Nodes that report Ready, renews their Leases and
moves every pod bound to them to Running (and to Succeeded or Failed when annotated with
sim.kite.dev/complete-after or sim.kite.dev/fail-after [+ sim.kite.dev/exit-code]). Nothing runs.

Flags:
  --kubeconfig FILE          how to reach the API server (required)
  --nodes N                  how many nodes (default 10)
  --node-name-prefix P       node names are P0, P1, ... (default sim-node-)
  --zones Z                  spread nodes over zones zone-0..zone-(Z-1) (default 0: no zone label)
  --cpu Q                    capacity and allocatable cpu (default 32)
  --memory Q                 memory (default 256Gi)
  --pods N                   pods (default 110)
  --arch A                   kubernetes.io/arch (default amd64)
  --node-role R              adds the node-role.kubernetes.io/R label (repeatable)
  --label K=V                extra node label (repeatable)
  --taint K[=V]:EFFECT       node taint (repeatable)
  --pod-start-delay D        time from binding to Running (default 0s)
  --honour-grace-period      remove deleted pods at their deletionTimestamp, not at once
  --concurrency N            writes in flight at most (default 32)
  -h, --help                 show this help
`;

/** A parsed `kite sim` command line. */
export type SimArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly kubeconfig: string;
      readonly nodes: number;
      readonly template: Partial<NodeTemplate>;
      readonly options: Omit<SimOptions, 'client' | 'nodes' | 'template'>;
    };

const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

function parseTaint(text: string): Taint | string {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return `invalid taint "${text}": want KEY[=VALUE]:EFFECT`;
  const effect = text.slice(colon + 1);
  if (!EFFECTS.has(effect)) return `invalid taint effect "${effect}"`;
  const kv = text.slice(0, colon);
  const eq = kv.indexOf('=');
  return eq < 0 ? { key: kv, effect } : { key: kv.slice(0, eq), value: kv.slice(eq + 1), effect };
}

function whole(text: string | undefined, def: number, flag: string, min: number): number | string {
  if (text === undefined) return def;
  if (!/^[0-9]{1,7}$/.test(text) || Number(text) < min) return `invalid value "${text}" for --${flag}`;
  return Number(text);
}

function quantity(text: string | undefined, def: string, flag: string): string {
  if (text === undefined) return def;
  parseQuantity(text);
  return text.length > 0 ? text : `invalid value "" for --${flag}`;
}

/** Parses the arguments after `kite sim`. Pure; never throws. */
export function parseSimArgs(args: readonly string[]): SimArgs {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        kubeconfig: { type: 'string' },
        nodes: { type: 'string' },
        'node-name-prefix': { type: 'string' },
        zones: { type: 'string' },
        cpu: { type: 'string' },
        memory: { type: 'string' },
        pods: { type: 'string' },
        arch: { type: 'string' },
        'node-role': { type: 'string', multiple: true },
        label: { type: 'string', multiple: true },
        taint: { type: 'string', multiple: true },
        'pod-start-delay': { type: 'string' },
        'honour-grace-period': { type: 'boolean' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help === true) return { kind: 'help' };
    if (values.kubeconfig === undefined) return { kind: 'error', message: '--kubeconfig is required' };
    const nodes = whole(values.nodes, 10, 'nodes', 1);
    const zones = whole(values.zones, 0, 'zones', 0);
    const concurrency = whole(values.concurrency, 32, 'concurrency', 1);
    for (const v of [nodes, zones, concurrency])
      if (typeof v === 'string') return { kind: 'error', message: v };
    const pods = whole(values.pods, 110, 'pods', 0);
    if (typeof pods === 'string') return { kind: 'error', message: pods };
    const labels: Record<string, string> = {};
    for (const r of values['node-role'] ?? []) labels[`node-role.kubernetes.io/${r}`] = '';
    for (const l of values.label ?? []) {
      const eq = l.indexOf('=');
      if (eq <= 0) return { kind: 'error', message: `invalid label "${l}": want KEY=VALUE` };
      labels[l.slice(0, eq)] = l.slice(eq + 1);
    }
    const taints: Taint[] = [];
    for (const x of values.taint ?? []) {
      const t = parseTaint(x);
      if (typeof t === 'string') return { kind: 'error', message: t };
      taints.push(t);
    }
    let startDelay = 0;
    if (values['pod-start-delay'] !== undefined) {
      startDelay = parseGoDurationMs(values['pod-start-delay']);
      if (!(startDelay >= 0)) return { kind: 'error', message: '--pod-start-delay must not be negative' };
    }
    const template: Partial<NodeTemplate> = {
      ...(values['node-name-prefix'] === undefined ? {} : { namePrefix: values['node-name-prefix'] }),
      zones: Array.from({ length: zones as number }, (_, i) => `zone-${i}`),
      cpu: quantity(values.cpu, '32', 'cpu'),
      memory: quantity(values.memory, '256Gi', 'memory'),
      pods: String(pods),
      ...(values.arch === undefined ? {} : { arch: values.arch }),
      labels,
      taints,
    };
    return {
      kind: 'run',
      kubeconfig: values.kubeconfig,
      nodes: nodes as number,
      template,
      options: {
        podStartDelayMs: startDelay,
        honourGracePeriod: values['honour-grace-period'] === true,
        concurrency: concurrency as number,
      },
    };
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

async function run(args: readonly string[]): Promise<number> {
  const parsed = parseSimArgs(args);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`kite sim: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  const { client } = await clientFromKubeconfig(parsed.kubeconfig, { userAgent: 'kite-sim' });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const sim = startSim(
    {
      client,
      nodes: parsed.nodes,
      template: parsed.template,
      ...parsed.options,
      log: (line) => process.stderr.write(`kite sim: ${line}\n`),
    },
    stop.signal,
  );
  // Client timers do not hold the process open.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let code = 0;
  await sim.ready.then(
    () => process.stdout.write(`kite sim: ${parsed.nodes} nodes ready\n`),
    (err: unknown) => {
      process.stderr.write(`kite sim: ${err instanceof Error ? err.message : String(err)}\n`);
      code = 1;
      stop.abort();
    },
  );
  await sim.done;
  clearInterval(keepAlive);
  client.close();
  return code;
}

/** `kite sim`: simulated nodes against any API server. */
export const simCommand: Command = {
  name: 'sim',
  summary: 'run simulated nodes that register and drive bound pods',
  run,
};
