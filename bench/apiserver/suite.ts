import type { ApiserverBenchSettings } from './args.js';
import { BenchClient } from './client.js';
import type { CellFigures } from './closed-loop.js';
import { createCell, createPods, getCell, listCell, updateCell } from './closed-loop.js';
import { checkedList, repeatedList } from './list.js';
import { openLoop } from './open-loop.js';
import { processCpuMs, startBenchServer } from './server.js';
import { watchFanOut } from './watch.js';

/** Prints one line for people. */
export type Say = (line: string) => void;

/** What every phase gets: clients, settings, where to put figures, and the server's CPU meter. */
interface Run {
  readonly client: BenchClient;
  readonly watchClient: BenchClient;
  readonly s: ApiserverBenchSettings;
  readonly figures: Record<string, unknown>;
  readonly say: Say;
  /** CPU ms the server process has used so far (undefined without /proc). */
  readonly serverCpu: () => number | undefined;
}

/** Server CPU ms spent per unit while `work` runs (undefined without /proc), and its result. */
async function metered<T>(
  r: Run,
  units: (t: T) => number,
  work: () => Promise<T>,
): Promise<[T, number | undefined]> {
  const before = r.serverCpu();
  const out = await work();
  const after = r.serverCpu();
  const n = units(out);
  if (before === undefined || after === undefined || n <= 0) return [out, undefined];
  return [out, Math.round(((after - before) / n) * 1000) / 1000];
}

function cpuNote(ms: number | undefined, per: string): string {
  return ms === undefined ? '' : `  [server CPU ${ms} ms/${per}]`;
}

async function namespace(client: BenchClient, name: string): Promise<string> {
  await client.json('POST', '/api/v1/namespaces', 201, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
  return name;
}

/**
 * Runs the apiserver benchmark against a fresh server process: closed-loop cells, the open-loop
 * mutating run, the big LIST and the watch fan-out (those in `s.only`). Prints as it goes;
 * returns the figures, headline keys at the top level. Every phase also reports the server
 * process's CPU time per request (from /proc), which stays meaningful on a busy machine where
 * latencies do not. Stops the server whatever happens.
 */
export async function runApiserverBench(
  s: ApiserverBenchSettings,
  say: Say,
): Promise<Record<string, unknown>> {
  const server = await startBenchServer(s.cpuProfDir);
  const r: Run = {
    client: new BenchClient(server),
    watchClient: new BenchClient(server, Number.POSITIVE_INFINITY),
    s,
    figures: {},
    say,
    serverCpu: () => processCpuMs(server.process.pid),
  };
  try {
    say(`apiserver benchmark: kite server ${server.url} (embedded store), admin client certificate`);
    if (s.only.includes('cells')) await cellsPhase(r);
    if (s.only.includes('open')) await openPhase(r);
    if (s.only.includes('list')) await listPhase(r);
    if (s.only.includes('watch')) await watchPhase(r);
    return r.figures;
  } finally {
    r.client.close();
    r.watchClient.close();
    await server.stop();
  }
}

/** Closed-loop figures of one operation at one concurrency, with server CPU per request. */
export interface MeteredCell extends CellFigures {
  readonly serverCpuMsPerRequest: number | undefined;
}

async function cellsPhase(r: Run): Promise<void> {
  const { client, s, say } = r;
  const cells: Record<string, MeteredCell> = {};
  const small = await namespace(client, 'bench-small');
  await createPods(client, small, s.smallListPods, 16);
  const record = (op: string, c: number, f: CellFigures, cpu: number | undefined): void => {
    cells[`${op}_c${c}`] = { ...f, serverCpuMsPerRequest: cpu };
    const err = f.errors > 0 ? `  (${f.errors} errors)` : '';
    const label = op === 'list' ? `list${s.smallListPods}` : op;
    say(
      `  ${label.padEnd(7)} c=${String(c).padStart(2)}: ${String(f.perSec).padStart(6)}/s  p50 ${f.p50} ms  p99 ${f.p99} ms${err}${cpuNote(cpu, 'req')}`,
    );
  };
  const count = (f: CellFigures) => f.requests;
  for (const c of s.concurrency) {
    const ns = await namespace(client, `bench-c${c}`);
    const [made, createCpu] = await metered(
      r,
      (m) => m.figures.requests,
      () => createCell(client, ns, c, s.cellMs),
    );
    record('create', c, made.figures, createCpu);
    const [get, getCpu] = await metered(r, count, () => getCell(client, ns, made.pods, c, s.cellMs));
    record('get', c, get, getCpu);
    const [update, updateCpu] = await metered(r, count, () => updateCell(client, ns, made.pods, c, s.cellMs));
    record('update', c, update, updateCpu);
    const [list, listCpu] = await metered(r, count, () => listCell(client, small, c, s.cellMs));
    record('list', c, list, listCpu);
  }
  r.figures['closed_loop'] = cells;
}

async function openPhase(r: Run): Promise<void> {
  const { client, s, say, figures } = r;
  const ns = await namespace(client, 'bench-open');
  const [open, cpu] = await metered(
    r,
    (o) => o.requests,
    () => openLoop(client, ns, s.rate, s.openLoopMs),
  );
  figures['mutating_p50_ms'] = open.all.p50;
  figures['mutating_p99_ms'] = open.all.p99;
  figures['open_loop'] = { ...open, serverCpuMsPerRequest: cpu };
  const errors = open.errors > 0 ? `  (errors: ${JSON.stringify(open.errorCodes)})` : '';
  say(
    `  mutating open loop ${open.offeredPerSec}/s offered (${open.startedPerSec}/s started) for ${s.openLoopMs / 1000} s: p50 ${open.all.p50} ms  p99 ${open.all.p99} ms  max ${open.all.max} ms${errors}${cpuNote(cpu, 'req')}`,
  );
  say(
    `    create p99 ${open.create.p99} ms, patch p99 ${open.patch.p99} ms, delete p99 ${open.delete.p99} ms; client start lag p99 ${open.startLagP99} ms`,
  );
}

async function listPhase(r: Run): Promise<void> {
  const { client, s, say, figures } = r;
  const big = await namespace(client, 'bench-list');
  const [filled, createCpu] = await metered(
    r,
    () => s.pods,
    () => createPods(client, big, s.pods, 64),
  );
  figures['create_pods_per_second'] = Math.round(s.pods / (filled.ms / 1000));
  say(
    `  created ${s.pods} pods with 64 clients in ${(filled.ms / 1000).toFixed(1)} s${cpuNote(createCpu, 'pod')}`,
  );
  // An untimed LIST per variant checks the answer (and warms the server's watch cache).
  const lists = () => s.lists;
  const checkedConsistent = await checkedList(client, big, '', s.pods);
  const [consistent, consistentCpu] = await metered(r, lists, () =>
    repeatedList(client, big, '', s.lists, checkedConsistent),
  );
  const checkedRv0 = await checkedList(client, big, '0', s.pods);
  const [rv0, rv0Cpu] = await metered(r, lists, () => repeatedList(client, big, '0', s.lists, checkedRv0));
  figures['list_10k_pods_p50_ms'] = consistent.p50;
  figures['list_10k_pods_p99_ms'] = consistent.p99;
  figures['list_10k_pods_rv0_p50_ms'] = rv0.p50;
  figures['list_10k_pods_rv0_p99_ms'] = rv0.p99;
  figures['list'] = {
    consistent: { ...consistent, serverCpuMsPerList: consistentCpu },
    rv0: { ...rv0, serverCpuMsPerList: rv0Cpu },
    createServerCpuMsPerPod: createCpu,
  };
  const mib = (consistent.bytes / 1048576).toFixed(1);
  say(
    `  LIST ${consistent.items} pods (${mib} MiB): p50 ${consistent.p50} ms  p99 ${consistent.p99} ms${cpuNote(consistentCpu, 'list')}`,
  );
  say(
    `  LIST ${rv0.items} pods resourceVersion=0: p50 ${rv0.p50} ms  p99 ${rv0.p99} ms${cpuNote(rv0Cpu, 'list')}`,
  );
}

async function watchPhase(r: Run): Promise<void> {
  const { client, watchClient, s, say, figures } = r;
  const ns = await namespace(client, 'bench-watch');
  const [fan, cpu] = await metered(
    r,
    (f) => f.deliveredEvents / 1000,
    () => watchFanOut(client, watchClient, ns, s.watchers, s.watchWrites),
  );
  figures['watch_events_per_second'] = fan.eventsPerSec;
  figures['watch'] = { ...fan, serverCpuMsPer1000Events: cpu };
  say(
    `  watch fan-out: ${fan.watchers} watchers × ${fan.writes} creates: ${fan.deliveredEvents}/${fan.expectedEvents} events in ${fan.elapsedMs} ms = ${fan.eventsPerSec} events/s (writes ${fan.writesPerSec}/s)${cpuNote(cpu, '1000 events')}`,
  );
  if (fan.deliveredEvents < fan.expectedEvents) say('    NOT every event arrived within 60 s');
}
