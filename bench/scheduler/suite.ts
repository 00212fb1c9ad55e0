// The scheduler benchmark, after upstream's scheduler_perf: a real API server (with only the node
// controllers, which clear new nodes' not-ready taints), simulated nodes in this process, and a
// separate `kite scheduler` process. Pods are created as fast as the API server takes them; the
// figures are pods bound per second (average over the measured pods, and the median of per-second
// samples) and, with the simulated nodes running them, pods reaching Running per second.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Namespace, Pod } from 'kubernetes-types/core/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { clientFromKubeconfig, type RestClient } from '../../src/client/rest/index.js';
import { NAMESPACES, PODS, PRIORITY_CLASSES } from '../../src/client/resources.js';
import { startSim } from '../../src/sim/index.js';
import { startKiteServer } from '../../test/support/kite-server.js';
import { processCpuMs } from '../apiserver/server.js';
import { processRssMiB } from '../controllers/suite.js';
import type { SchedulerBenchSettings, Workload } from './args.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const ZONES = ['zone-a', 'zone-b', 'zone-c'];

type Say = (line: string) => void;

/** Figures of one measured batch. */
interface BatchFigures {
  readonly pods: number;
  readonly seconds: number;
  readonly podsPerSecond: number;
  readonly p50PerSecond: number;
  readonly runningPerSecond: number;
}

// The pod of each workload (scheduler_perf's pod-default: 100m CPU, 500Mi).
function podFor(workload: Workload, i: number, group: number): Pod {
  const labels: Record<string, string> = { app: `bench-${workload}`, group: String(group) };
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: `${workload}-`, labels },
    spec: {
      containers: [
        {
          name: 'pause',
          image: 'registry.k8s.io/pause:3.10',
          resources: { requests: { cpu: '100m', memory: '500Mi' }, limits: { cpu: '100m', memory: '500Mi' } },
        },
      ],
    },
  };
  const spec = pod.spec!;
  if (workload === 'spread') {
    spec.topologySpreadConstraints = [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: labels['app']! } },
      },
    ];
  }
  if (workload === 'antiaffinity') {
    spec.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { group: String(group) } } },
        ],
      },
    };
  }
  if (workload === 'preemption') {
    spec.priorityClassName = i < 0 ? 'bench-low' : 'bench-high';
    spec.containers[0]!.resources = { requests: { cpu: '3' }, limits: { cpu: '3' } };
  }
  return pod;
}

// Creates `count` pods with at most `width` requests in flight.
async function createPods(
  client: RestClient,
  ns: string,
  count: number,
  make: (i: number) => Pod,
): Promise<void> {
  let next = 0;
  const pods = client.resource(PODS);
  await Promise.all(
    Array.from({ length: Math.min(64, count) }, async () => {
      while (next < count) {
        const i = next++;
        await pods.create(ns, make(i));
      }
    }),
  );
}

/**
 * Watches pods of `ns` and counts bindings and Running pods, with per-second samples of bindings.
 * Resolves once `expected` pods are bound (and Running when `running`), or rejects after the timeout.
 */
async function measure(
  client: RestClient,
  ns: string,
  expected: number,
  create: () => Promise<void>,
  running: boolean,
  say: Say,
): Promise<BatchFigures> {
  const pods = client.resource(PODS);
  const rv = (await pods.list(ns, { limit: 1 })).metadata.resourceVersion ?? '';
  const bound = new Set<string>();
  const run = new Set<string>();
  const samples: number[] = [];
  let lastSample = 0;
  let boundAt = 0;
  let runningAt = 0;
  const ac = new AbortController();
  const t0 = performance.now();
  const sampler = setInterval(() => {
    samples.push(bound.size - lastSample);
    lastSample = bound.size;
    say(`  ${bound.size}/${expected} bound, ${run.size} running`);
  }, 1000);
  const watching = (async () => {
    let from = rv;
    while (!ac.signal.aborted) {
      for await (const ev of pods.watch(
        ns,
        { resourceVersion: from, allowWatchBookmarks: true },
        ac.signal,
      )) {
        if (ev.type === 'ERROR') throw new Error(`watch failed: ${JSON.stringify(ev.object)}`);
        const p = ev.object;
        from = p.metadata?.resourceVersion ?? from;
        const uid = p.metadata?.uid ?? '';
        if (ev.type === 'BOOKMARK' || uid === '') continue;
        if (p.spec?.nodeName && !bound.has(uid)) {
          bound.add(uid);
          if (bound.size === expected) boundAt = performance.now();
        }
        if (p.status?.phase === 'Running' && !run.has(uid)) {
          run.add(uid);
          if (run.size === expected) runningAt = performance.now();
        }
        if (bound.size >= expected && (!running || run.size >= expected)) return;
      }
    }
  })();
  try {
    await create();
    const deadline = performance.now() + 600_000;
    while (bound.size < expected || (running && run.size < expected)) {
      if (performance.now() > deadline)
        throw new Error(`only ${bound.size}/${expected} pods bound after 10 min`);
      await Promise.race([watching, new Promise((r) => setTimeout(r, 100))]);
    }
  } finally {
    clearInterval(sampler);
    ac.abort();
    await watching.catch(() => undefined);
  }
  const seconds = (boundAt - t0) / 1000;
  const full = samples.filter((s) => s > 0).sort((a, b) => a - b);
  return {
    pods: expected,
    seconds: Math.round(seconds * 100) / 100,
    podsPerSecond: Math.round((expected / seconds) * 10) / 10,
    p50PerSecond: full.length === 0 ? 0 : full[Math.floor(full.length / 2)]!,
    runningPerSecond: running ? Math.round((expected / ((runningAt - t0) / 1000)) * 10) / 10 : 0,
  };
}

async function namespace(client: RestClient, name: string): Promise<string> {
  await client.resource(NAMESPACES).create('', { metadata: { name } } as Namespace);
  return name;
}

/** Runs the benchmark; returns the figures. */
export async function runSchedulerBench(
  s: SchedulerBenchSettings,
  say: Say,
): Promise<Record<string, unknown>> {
  const server = await startKiteServer({
    args: [
      '--disable-agent',
      '--disable-scheduler',
      '--controllers=nodelifecycle,nodeipam',
      '--cluster-cidr=10.128.0.0/9',
      '--node-cidr-mask-size=24',
    ],
  });
  const { client } = await clientFromKubeconfig(server.kubeconfig, { userAgent: 'scheduler-bench' });
  const simStop = new AbortController();
  let scheduler: ReturnType<typeof spawn> | undefined;
  try {
    say(`registering ${s.nodes} simulated nodes...`);
    const sim = startSim(
      { client, nodes: s.nodes, template: { cpu: '4', memory: '32Gi', pods: '110', zones: ZONES } },
      simStop.signal,
    );
    await sim.ready;
    say(`nodes registered (${sim.stats().nodesRegistered})`);
    scheduler = spawn(
      process.execPath,
      [MAIN, 'scheduler', '--kubeconfig', server.kubeconfig, '--leader-elect=false'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let schedOut = '';
    scheduler.stdout?.on('data', (b: Buffer) => {
      schedOut += b.toString();
    });
    scheduler.stderr?.on('data', (b: Buffer) => {
      schedOut += b.toString();
    });
    const figures: Record<string, unknown> = {};
    const warm = await namespace(client, 'bench-warmup');
    say(`warm-up: ${s.warmupPods} pods...`);
    await measure(
      client,
      warm,
      s.warmupPods,
      () => createPods(client, warm, s.warmupPods, (i) => podFor('basic', i, 0)),
      false,
      say,
    );
    const cpu0 = processCpuMs(scheduler.pid) ?? 0;
    for (const w of s.workloads) {
      const ns = await namespace(client, `bench-${w}`);
      let count = w === 'basic' ? s.pods : Math.max(1, Math.floor(s.pods / 5));
      if (w === 'antiaffinity') count = Math.min(count, s.nodes);
      if (w === 'preemption') {
        // Fill every node of one zone with a low-priority pod that takes most of its CPU; each
        // high-priority pod then has to preempt one.
        for (const [name, value] of [
          ['bench-low', 10],
          ['bench-high', 1000],
        ] as const) {
          await client.resource(PRIORITY_CLASSES).create('', {
            apiVersion: 'scheduling.k8s.io/v1',
            kind: 'PriorityClass',
            metadata: { name },
            value,
          } as PriorityClass);
        }
        const zoneNodes = Math.ceil(s.nodes / ZONES.length);
        count = Math.min(count, zoneNodes);
        const zoned = (p: Pod): Pod => {
          p.spec!.nodeSelector = { 'topology.kubernetes.io/zone': ZONES[0]! };
          return p;
        };
        say(`preemption: filling ${zoneNodes} nodes with low-priority pods...`);
        await measure(
          client,
          ns,
          zoneNodes,
          () => createPods(client, ns, zoneNodes, (i) => zoned(podFor(w, -1 - i, 0))),
          false,
          say,
        );
        say(`preemption: ${count} high-priority pods...`);
        const pre = await measureHigh(
          client,
          ns,
          count,
          () => createPods(client, ns, count, (i) => zoned(podFor(w, i, 0))),
          say,
        );
        figures['preemption_pods_per_second'] = pre;
        say(`preemption: ${pre} pods/s`);
        continue;
      }
      say(`${w}: ${count} pods...`);
      const f = await measure(
        client,
        ns,
        count,
        () => createPods(client, ns, count, (i) => podFor(w, i, i % s.nodes)),
        w === 'basic',
        say,
      );
      figures[`${w}_pods_per_second`] = f.podsPerSecond;
      figures[`${w}_p50_pods_per_second`] = f.p50PerSecond;
      if (w === 'basic') {
        figures['pods_per_second'] = f.podsPerSecond;
        figures['p50_pods_per_second'] = f.p50PerSecond;
        figures['sim_pods_running_per_second'] = f.runningPerSecond;
      }
      say(
        `${w}: ${f.pods} pods in ${f.seconds} s: ${f.podsPerSecond} pods/s (p50 of 1 s samples ${f.p50PerSecond})`,
      );
    }
    const cpu1 = processCpuMs(scheduler.pid) ?? 0;
    figures['scheduler_cpu_seconds'] = Math.round(cpu1 - cpu0) / 1000;
    figures['scheduler_rss_mib'] = processRssMiB(scheduler.pid ?? -1);
    figures['server_rss_mib'] = processRssMiB(server.process.pid ?? -1);
    figures['sim_rss_mib'] = processRssMiB(process.pid);
    if (schedOut.includes('Error') && process.env['KITE_BENCH_VERBOSE'] !== undefined)
      say(schedOut.slice(-4000));
    return { ...figures, settings: s, sim: sim.stats() };
  } finally {
    scheduler?.kill('SIGTERM');
    simStop.abort();
    client.close();
    await server.stop();
  }
}

// Preemption: the high-priority pods are done once each is bound (after its victim went).
async function measureHigh(
  client: RestClient,
  ns: string,
  count: number,
  create: () => Promise<void>,
  say: Say,
): Promise<number> {
  const t0 = performance.now();
  await create();
  const pods = client.resource(PODS);
  for (;;) {
    const l = await pods.list(ns, { labelSelector: 'app=bench-preemption' });
    const high = l.items.filter((p) => p.spec?.priorityClassName === 'bench-high' && p.spec?.nodeName);
    if (high.length >= count) break;
    if (performance.now() - t0 > 600_000) throw new Error(`only ${high.length}/${count} preemptors bound`);
    say(`  ${high.length}/${count} preemptors bound`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return Math.round((count / ((performance.now() - t0) / 1000)) * 10) / 10;
}
