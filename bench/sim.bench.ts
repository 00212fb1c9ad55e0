// `npm run bench -- sim [--nodes N] [--pods N] [--concurrency N]`: simulated nodes against a real
// `kite server`: how long registering the nodes takes; pods/s brought to Running end to end while
// N/2 pods are created and bound directly (no scheduler); then pods/s the simulation alone brings
// to Running from a backlog of N bound pods; with the resident memory of the simulation (this
// process, which also creates the pods) and of the server.
import { processRssMiB } from './controllers/suite.js';
import { clientFromKubeconfig } from '../src/client/rest/index.js';
import { NAMESPACES, PODS } from '../src/client/resources.js';
import { type Sim, startSim } from '../src/sim/index.js';
import { startKiteServer } from '../test/support/kite-server.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function flag(args: readonly string[], name: string, def: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i < 0 ? undefined : Number(args[i + 1]);
  return v !== undefined && Number.isInteger(v) && v > 0 ? v : def;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the simulation benchmark; prints its figures and returns them (see bench/run.ts). */
export async function run(args: readonly string[]): Promise<Record<string, unknown>> {
  const nodeCount = flag(args, 'nodes', 5000);
  const podCount = flag(args, 'pods', 20_000);
  const concurrency = flag(args, 'concurrency', 64);
  const server = await startKiteServer({
    // Pods are bound by the benchmark itself, not by a scheduler.
    args: [
      '--disable-agent',
      '--disable-scheduler',
      '--cluster-cidr',
      '10.64.0.0/10',
      '--node-cidr-mask-size',
      '24',
    ],
    readyTimeoutMs: 60_000,
  });
  const { client } = await clientFromKubeconfig(server.kubeconfig, { userAgent: 'kite-sim-bench' });
  const ac = new AbortController();
  try {
    const t0 = performance.now();
    const sim = startSim({ client, nodes: nodeCount, concurrency: 64 }, ac.signal);
    await sim.ready;
    const registerS = (performance.now() - t0) / 1000;
    say(`registered ${nodeCount} nodes in ${registerS.toFixed(1)} s`);

    await client.resource(NAMESPACES).create('', { metadata: { name: 'bench' } });
    const pods = client.resource(PODS);
    const createAndBind = async (prefix: string, count: number): Promise<number> => {
      let next = 0;
      const t = performance.now();
      const worker = async () => {
        while (next < count) {
          const i = next++;
          const name = `${prefix}-${i}`;
          await pods.create('bench', {
            metadata: { name },
            spec: {
              containers: [
                { name: 'c', image: 'registry.example/app:1', resources: { requests: { cpu: '10m' } } },
              ],
            },
          });
          await pods.createSubresource('bench', name, 'binding', {
            apiVersion: 'v1',
            kind: 'Binding',
            metadata: { name },
            target: { apiVersion: 'v1', kind: 'Node', name: `sim-node-${i % nodeCount}` },
          });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return (performance.now() - t) / 1000;
    };
    const waitStarted = async (s: Sim, want: number): Promise<void> => {
      const deadline = performance.now() + 600_000;
      while (s.stats().podsStarted < want && performance.now() < deadline) await sleep(50);
    };

    // Phase 1, end to end: pods created and bound while the simulation runs (bounded by the server).
    const half = Math.max(1, Math.floor(podCount / 2));
    const tc = performance.now();
    const boundS = await createAndBind('a', half);
    await waitStarted(sim, half);
    const e2eS = (performance.now() - tc) / 1000;
    say(
      `phase 1: created and bound ${half} pods in ${boundS.toFixed(1)} s; all Running after ${e2eS.toFixed(1)} s`,
    );

    // Phase 2, the simulation alone: bind pods while it is stopped, then start it on the same nodes
    // and time how fast it brings the backlog to Running.
    ac.abort();
    await sim.done;
    const bound2S = await createAndBind('b', podCount);
    say(`phase 2: bound ${podCount} pods with the simulation stopped in ${bound2S.toFixed(1)} s`);
    const ac2 = new AbortController();
    const t2 = performance.now();
    const sim2 = startSim({ client, nodes: nodeCount, concurrency: 64, registerNodes: false }, ac2.signal);
    try {
      await sim2.ready;
      await waitStarted(sim2, podCount);
      const runS = (performance.now() - t2) / 1000;
      const started = sim2.stats().podsStarted;
      const perSecond = Math.round(started / runS);
      const simRss = Math.round((process.memoryUsage().rss / 1048576) * 10) / 10;
      const serverRss = server.process.pid === undefined ? undefined : processRssMiB(server.process.pid);
      say(`phase 2: ${started} pods Running in ${runS.toFixed(1)} s: ${perSecond} pods/s`);
      say(`write errors: ${sim.stats().writeErrors + sim2.stats().writeErrors}`);
      say(`RSS: sim (with the pod creator) ${simRss} MiB, server ${serverRss} MiB`);
      return {
        nodes: nodeCount,
        pods: half + podCount,
        sim_node_register_seconds: Math.round(registerS * 10) / 10,
        sim_e2e_pods_running_per_second: Math.round(half / e2eS),
        sim_pods_running_per_second: perSecond,
        sim_rss_mib: simRss,
        server_rss_mib: serverRss,
      };
    } finally {
      ac2.abort();
      await sim2.done;
    }
  } finally {
    ac.abort();
    client.close();
    await server.stop();
  }
}
