// The controllers benchmark: a real API server and a separate `kite controller-manager` process.
// Part 1 times Deployments → ReplicaSets → Pods; part 2 measures the controller manager's CPU and
// memory while the cluster holds many objects and nothing changes.
import { readFileSync } from 'node:fs';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';
import { clientFromKubeconfig, type RestClient } from '../../src/client/rest/index.js';
import { CONFIG_MAPS, DEPLOYMENTS, NAMESPACES, PODS, REPLICA_SETS } from '../../src/client/resources.js';
import { startControllerManagerProcess } from '../../test/support/controller-manager-process.js';
import { startKiteServer } from '../../test/support/kite-server.js';
import { processCpuMs } from '../apiserver/server.js';
import type { ControllersBenchSettings } from './args.js';

const NS = 'bench';

/** Resident memory of a process in MiB, from /proc; undefined where there is none. */
export function processRssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? undefined : Math.round((Number(m[1]) / 1024) * 10) / 10;
  } catch {
    return undefined;
  }
}

function deployment(i: number, replicas: number): Deployment {
  const app = `web-${i}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app },
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
      },
    },
  };
}

// Runs `fn` over 0..n-1 with at most `width` calls in flight.
async function inParallel(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

// Counts pods in the namespace through the list's remainingItemCount (one small LIST).
async function podCount(client: RestClient): Promise<number> {
  const l = await client.resource(PODS).list(NS, { limit: 1 });
  return l.items.length + (l.metadata.remainingItemCount ?? 0);
}

/** Runs both parts; `say` prints progress and figures for people. */
export async function runControllersBench(
  s: ControllersBenchSettings,
  say: (line: string) => void,
): Promise<Record<string, unknown>> {
  const server = await startKiteServer({ args: ['--disable-agent', '--disable-controller-manager'] });
  const cm = startControllerManagerProcess(server.kubeconfig, ['--leader-elect=false']);
  const { client } = await clientFromKubeconfig(server.kubeconfig, { userAgent: 'controllers-bench' });
  try {
    await cm.leading;
    await client.resource(NAMESPACES).create('', { metadata: { name: NS } } as Namespace);
    const target = s.deployments * s.replicas;
    say(`creating ${s.deployments} Deployments × ${s.replicas} replicas (${target} pods)...`);
    const cpu0 = processCpuMs(cm.pid) ?? 0;
    const t0 = performance.now();
    await inParallel(s.deployments, 16, (i) =>
      client.resource(DEPLOYMENTS).create(NS, deployment(i, s.replicas)),
    );
    const created = performance.now();
    let pods = 0;
    for (let i = 0; pods < target; i++) {
      if (performance.now() - t0 > 600_000) throw new Error(`only ${pods}/${target} pods after 10 minutes`);
      await new Promise((r) => setTimeout(r, 50));
      pods = await podCount(client);
      if (i % 40 === 0) say(`  ${pods}/${target} pods`);
    }
    const t1 = performance.now();
    const cpu1 = processCpuMs(cm.pid) ?? 0;
    const seconds = (t1 - t0) / 1000;
    const podsPerSecond = Math.round((target / seconds) * 10) / 10;
    say(
      `all ${target} pods exist after ${seconds.toFixed(2)} s (Deployments created in ${((created - t0) / 1000).toFixed(2)} s)`,
    );
    say(`pods_created_per_second: ${podsPerSecond}`);

    // Part 2: fill up with ConfigMaps, let everything settle, then measure while idle.
    const replicaSets = (await client.resource(REPLICA_SETS).list(NS)).items.length;
    const fill = Math.max(0, s.idleObjects - (s.deployments + replicaSets + target));
    say(`adding ${fill} ConfigMaps to hold ${s.idleObjects} objects...`);
    await inParallel(fill, 32, (i) =>
      client
        .resource(CONFIG_MAPS)
        .create(NS, { metadata: { name: `cm-${i}` }, data: { i: String(i) } } as ConfigMap),
    );
    await new Promise((r) => setTimeout(r, 5_000));
    const idleCpu0 = processCpuMs(cm.pid) ?? 0;
    const serverCpu0 = processCpuMs(server.process.pid) ?? 0;
    say(`measuring idle for ${s.idleMs / 1000} s...`);
    await new Promise((r) => setTimeout(r, s.idleMs));
    const idleCpu1 = processCpuMs(cm.pid) ?? 0;
    const serverCpu1 = processCpuMs(server.process.pid) ?? 0;
    const idlePercent = Math.round(((idleCpu1 - idleCpu0) / s.idleMs) * 100 * 100) / 100;
    const serverIdlePercent = Math.round(((serverCpu1 - serverCpu0) / s.idleMs) * 100 * 100) / 100;
    const rss = processRssMiB(cm.pid);
    say(`idle_cpu_percent: ${idlePercent}   (controller manager; goal ~0)`);
    say(`server idle CPU: ${serverIdlePercent} %   controller manager RSS: ${rss} MiB`);
    return {
      pods_created_per_second: podsPerSecond,
      idle_cpu_percent: idlePercent,
      seconds_to_all_pods: Math.round(seconds * 100) / 100,
      rollout_cpu_seconds: Math.round(cpu1 - cpu0) / 1000,
      controller_manager_rss_mib: rss,
      server_idle_cpu_percent: serverIdlePercent,
      idle_objects: s.deployments + replicaSets + target + fill,
      settings: s,
    };
  } finally {
    client.close();
    await cm.stop();
    await server.stop();
  }
}
