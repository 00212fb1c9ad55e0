import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isConflict, isNotFound } from '../apimachinery/errors/index.js';
import { type Clock, SYSTEM_CLOCK } from '../client/clock.js';
import { LEASES, NODES, PODS } from '../client/resources.js';
import type { Client } from '../client/types.js';
import { fallbackPodCIDR, type IPv4Range, nodeInternalIP, parseIPv4CIDR, podIPAt } from './addresses.js';
import { DeadlineQueue } from './deadline-queue.js';
import { listWatch, objectKey } from './list-watch.js';
import {
  DEFAULT_NODE_TEMPLATE,
  microTime,
  NODE_LEASE_NAMESPACE,
  type NodeTemplate,
  nodeConditions,
  nodeLease,
  nodeName,
  nodeObject,
  nodeStatus,
} from './node-object.js';
import { podEnding, runningStatus, terminatedStatus } from './pod-status.js';
import { WriteLimiter } from './write-limiter.js';

/** How to run a set of simulated nodes. */
export interface SimOptions {
  readonly client: Client;
  /** How many nodes to register. */
  readonly nodes: number;
  /** Node shape; defaults from {@link DEFAULT_NODE_TEMPLATE}. */
  readonly template?: Partial<NodeTemplate>;
  readonly clock?: Clock;
  /** Time from seeing a bound pod to reporting it Running (default 0). */
  readonly podStartDelayMs?: number;
  /** Wait until a deleted pod's deletionTimestamp before removing it (default false: at once). */
  readonly honourGracePeriod?: boolean;
  /** Lease renewal interval (default 10 s, the kubelet's). */
  readonly leaseRenewMs?: number;
  /** Node status report interval when nothing changes (default 5 min, the kubelet's). */
  readonly statusReportMs?: number;
  /** Writes in flight at most (default 32). */
  readonly concurrency?: number;
  /**
   * Create the Nodes, their status and Leases at start (default true). When false the nodes are
   * taken to exist already (an earlier run registered them): the simulation only renews their
   * Leases, reports their status and drives their pods.
   */
  readonly registerNodes?: boolean;
  /** Receives one line per notable failure. */
  readonly log?: (line: string) => void;
}

/** Counters of a running simulation. */
export interface SimStats {
  readonly nodesRegistered: number;
  /** Pods tracked on the simulated nodes now. */
  readonly podsTracked: number;
  /** Pods reported Running since start. */
  readonly podsStarted: number;
  readonly podsSucceeded: number;
  readonly podsFailed: number;
  readonly podsDeleted: number;
  readonly leaseRenewals: number;
  readonly statusReports: number;
  readonly writeErrors: number;
  /** Writes running or waiting. */
  readonly writesPending: number;
}

/** A running simulation. */
export interface Sim {
  /** Resolves once every node is registered and the pod list has been read. */
  readonly ready: Promise<void>;
  /** Resolves after `signal` aborts and the watches have ended. */
  readonly done: Promise<void>;
  stats(): SimStats;
}

const PENDING = 0;
const STARTING = 1;
const RUNNING = 2;
const ENDING = 3;
const DELETING = 4;

/** What the simulation remembers per pod: a few fields, and the object only while it needs it. */
interface PodState {
  readonly uid: string;
  readonly node: number;
  stage: number;
  /** Bumped whenever a scheduled action should be forgotten. */
  gen: number;
  ip: string | undefined;
  /** The latest object, kept only while a status still has to be written from it. */
  pod: Pod | undefined;
}

const RETRY_MS = 1000;

/**
 * Starts simulated nodes in this process: registers `nodes` Nodes with kubelet-like status, renews
 * their Leases, and drives every pod bound to them (Pending to Running, completion or failure as
 * annotated, removal on deletion). Per-pod cost is one small record; all timing goes through one
 * deadline heap and all writes through one concurrency limit.
 */
export function startSim(opts: SimOptions, signal: AbortSignal): Sim {
  const client = opts.client;
  const clock = opts.clock ?? SYSTEM_CLOCK;
  const t: NodeTemplate = { ...DEFAULT_NODE_TEMPLATE, ...opts.template };
  const n = opts.nodes;
  const startDelay = opts.podStartDelayMs ?? 0;
  const leaseMs = opts.leaseRenewMs ?? 10_000;
  const reportMs = opts.statusReportMs ?? 300_000;
  const log = opts.log ?? (() => undefined);
  const queue = new DeadlineQueue(clock);
  const limiter = new WriteLimiter(opts.concurrency ?? 32);
  const nodes = client.resource(NODES);
  const pods = client.resource(PODS);
  const leases = client.resource(LEASES);

  const names: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const name = nodeName(t, i);
    names.push(name);
    index.set(name, i);
  }
  const nodeUIDs: (string | undefined)[] = new Array(n).fill(undefined);
  const ranges: (IPv4Range | undefined)[] = new Array(n).fill(undefined);
  const ipSeq = new Uint32Array(n);
  const transitionAt = new Float64Array(n);
  const leaseBusy = new Uint8Array(n);
  const podStates = new Map<string, PodState>();
  const stats = {
    nodesRegistered: 0,
    podsStarted: 0,
    podsSucceeded: 0,
    podsFailed: 0,
    podsDeleted: 0,
    leaseRenewals: 0,
    statusReports: 0,
    writeErrors: 0,
  };
  const failed = (what: string, err: unknown) => {
    stats.writeErrors++;
    log(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  };

  // ---- nodes ----

  async function registerNode(i: number): Promise<void> {
    const name = names[i]!;
    let node: Node;
    try {
      node = await nodes.create('', nodeObject(t, i));
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      node = await nodes.get('', name);
    }
    nodeUIDs[i] = node.metadata?.uid;
    setRange(i, node);
    const now = clock.now();
    transitionAt[i] = now;
    await nodes.patch('', name, 'merge', { status: nodeStatus(t, i, now) }, { subresource: 'status' });
    try {
      await leases.create(NODE_LEASE_NAMESPACE, nodeLease(name, nodeUIDs[i], now));
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      await leases.patch(NODE_LEASE_NAMESPACE, name, 'merge', {
        spec: { holderIdentity: name, renewTime: microTime(now) },
      });
    }
    stats.nodesRegistered++;
  }

  function setRange(i: number, node: Node): void {
    const cidr = node.spec?.podCIDR ?? node.spec?.podCIDRs?.[0];
    const r = cidr === undefined ? undefined : parseIPv4CIDR(cidr);
    if (r !== undefined) ranges[i] = r;
  }

  function rangeOf(i: number): IPv4Range {
    let r = ranges[i];
    if (r === undefined) {
      r = parseIPv4CIDR(fallbackPodCIDR(i))!;
    }
    return r;
  }

  function renewLease(i: number): void {
    const name = names[i]!;
    queue.after(leaseMs, () => renewLease(i));
    // One renewal per node at a time: a server that cannot keep up gets no growing backlog.
    if (leaseBusy[i] === 1) return;
    leaseBusy[i] = 1;
    limiter.run(async () => {
      try {
        await leases.patch(NODE_LEASE_NAMESPACE, name, 'merge', {
          spec: { renewTime: microTime(clock.now()) },
        });
        stats.leaseRenewals++;
      } catch (err) {
        if (isNotFound(err)) {
          await leases
            .create(NODE_LEASE_NAMESPACE, nodeLease(name, nodeUIDs[i], clock.now()))
            .catch(() => undefined);
        } else failed(`renew lease ${name}`, err);
      } finally {
        leaseBusy[i] = 0;
      }
    }, true);
  }

  function reportStatus(i: number): void {
    const name = names[i]!;
    queue.after(reportMs, () => reportStatus(i));
    limiter.run(async () => {
      try {
        await nodes.patch(
          '',
          name,
          'strategic',
          { status: { conditions: nodeConditions(clock.now(), transitionAt[i]!) } },
          { subresource: 'status' },
        );
        stats.statusReports++;
      } catch (err) {
        failed(`report status of node ${name}`, err);
      }
    }, true);
  }

  async function registerAll(): Promise<void> {
    let next = opts.registerNodes === false ? n : 0;
    if (next === n) {
      await nodesSyncedP;
      const now = clock.now();
      for (let i = 0; i < n; i++) transitionAt[i] = now;
      stats.nodesRegistered = nodeUIDs.filter((u) => u !== undefined).length;
    }
    const worker = async () => {
      while (next < n && !signal.aborted) {
        const i = next++;
        for (let attempt = 0; ; attempt++) {
          try {
            await registerNode(i);
            break;
          } catch (err) {
            if (signal.aborted || attempt >= 20) throw err;
            failed(`register node ${names[i]}`, err);
            await new Promise<void>((r) => clock.setTimer(r, RETRY_MS));
          }
        }
      }
    };
    const workers: Promise<void>[] = [];
    for (let w = 0; w < Math.min(opts.concurrency ?? 32, Math.max(1, n)); w++) workers.push(worker());
    await Promise.all(workers);
    // Spread renewals and reports evenly over their periods: a steady trickle, not bursts.
    for (let i = 0; i < n; i++) {
      queue.after(Math.floor((i * leaseMs) / Math.max(1, n)), () => renewLease(i));
      queue.after(reportMs + Math.floor((i * reportMs) / Math.max(1, n)), () => reportStatus(i));
    }
  }

  // ---- pods ----

  function placement(s: PodState): { hostIP: string; podIP: string } {
    if (s.ip === undefined) s.ip = podIPAt(rangeOf(s.node), ipSeq[s.node]!++);
    return { hostIP: nodeInternalIP(s.node), podIP: s.ip };
  }

  function writeStatus(pod: Pod, status: unknown): Promise<unknown> {
    const md = pod.metadata!;
    return pods.patch(
      md.namespace ?? '',
      md.name ?? '',
      'merge',
      { metadata: { uid: md.uid }, status },
      {
        subresource: 'status',
      },
    );
  }

  function start(key: string, s: PodState, gen: number): void {
    if (s.gen !== gen || s.stage !== PENDING || s.pod === undefined) return;
    s.stage = STARTING;
    const pod = s.pod;
    const status = runningStatus(pod, placement(s), clock.now());
    limiter.run(async () => {
      try {
        await writeStatus(pod, status);
      } catch (err) {
        if (s.gen !== gen || s.stage !== STARTING) return;
        if (isNotFound(err) || isConflict(err)) {
          if (podStates.get(key) === s) podStates.delete(key);
          return;
        }
        failed(`start pod ${key}`, err);
        s.stage = PENDING;
        queue.after(RETRY_MS, () => start(key, s, gen));
        return;
      }
      if (s.gen !== gen || s.stage !== STARTING) return;
      s.stage = RUNNING;
      stats.podsStarted++;
      const latest: Pod = { ...(s.pod ?? pod), status };
      scheduleEnding(key, s, latest);
    });
  }

  function scheduleEnding(key: string, s: PodState, pod: Pod): void {
    const ending = podEnding(pod);
    if (ending === undefined) {
      s.pod = undefined;
      return;
    }
    s.pod = pod;
    const started = Date.parse(pod.status?.startTime ?? '');
    const at = (Number.isNaN(started) ? clock.now() : started) + ending.afterMs;
    const gen = s.gen;
    queue.at(at, () => end(key, s, gen, ending.exitCode));
  }

  function end(key: string, s: PodState, gen: number, exitCode: number): void {
    if (s.gen !== gen || s.stage !== RUNNING || s.pod === undefined) return;
    s.stage = ENDING;
    const pod = s.pod;
    const status = terminatedStatus(pod, placement(s), exitCode, clock.now());
    limiter.run(async () => {
      try {
        await writeStatus(pod, status);
      } catch (err) {
        if (s.gen !== gen || s.stage !== ENDING) return;
        if (isNotFound(err) || isConflict(err)) {
          if (podStates.get(key) === s) podStates.delete(key);
          return;
        }
        failed(`finish pod ${key}`, err);
        s.stage = RUNNING;
        queue.after(RETRY_MS, () => end(key, s, gen, exitCode));
        return;
      }
      if (s.gen !== gen || s.stage !== ENDING) return;
      if (exitCode === 0) stats.podsSucceeded++;
      else stats.podsFailed++;
      s.pod = undefined;
      if (podStates.get(key) === s) podStates.delete(key);
    });
  }

  function remove(key: string, s: PodState, gen: number, ns: string, name: string): void {
    if (s.gen !== gen || s.stage !== DELETING) return;
    limiter.run(async () => {
      try {
        await pods.delete(ns, name, { gracePeriodSeconds: 0, preconditions: { uid: s.uid } });
        stats.podsDeleted++;
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) {
          failed(`delete pod ${key}`, err);
          queue.after(RETRY_MS, () => remove(key, s, gen, ns, name));
          return;
        }
      }
      if (podStates.get(key) === s) podStates.delete(key);
    });
  }

  function upsertPod(pod: Pod): void {
    const nodeIdx = index.get(pod.spec?.nodeName ?? '');
    if (nodeIdx === undefined) return;
    const key = objectKey(pod);
    const uid = pod.metadata?.uid ?? '';
    let s = podStates.get(key);
    if (s !== undefined && s.uid !== uid) {
      s.gen++;
      podStates.delete(key);
      s = undefined;
    }
    const deletion = pod.metadata?.deletionTimestamp;
    if (deletion !== undefined && deletion !== null) {
      if (s === undefined) {
        s = { uid, node: nodeIdx, stage: DELETING, gen: 0, ip: undefined, pod: undefined };
        podStates.set(key, s);
      } else if (s.stage === DELETING) return;
      s.gen++;
      s.stage = DELETING;
      s.pod = undefined;
      const gen = s.gen;
      const ns = pod.metadata?.namespace ?? '';
      const name = pod.metadata?.name ?? '';
      const due = opts.honourGracePeriod === true ? Date.parse(deletion) : clock.now();
      const st = s;
      queue.at(Number.isNaN(due) ? clock.now() : due, () => remove(key, st, gen, ns, name));
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      if (s !== undefined && s.stage !== ENDING) {
        s.gen++;
        podStates.delete(key);
      }
      return;
    }
    if (s === undefined) {
      s = { uid, node: nodeIdx, stage: PENDING, gen: 0, ip: undefined, pod };
      podStates.set(key, s);
      if (phase === 'Running' && pod.status?.podIP !== undefined) {
        // Already driven by an earlier run: adopt without rewriting.
        s.stage = RUNNING;
        s.ip = pod.status.podIP;
        scheduleEnding(key, s, pod);
        return;
      }
      const st = s;
      const gen = s.gen;
      queue.after(startDelay, () => start(key, st, gen));
      return;
    }
    if (s.stage === PENDING || s.stage === STARTING) s.pod = pod;
    else if (s.stage === RUNNING && s.pod !== undefined) s.pod = pod;
  }

  function removePod(pod: Pod): void {
    const key = objectKey(pod);
    const s = podStates.get(key);
    if (s !== undefined && s.uid === (pod.metadata?.uid ?? '')) {
      s.gen++;
      podStates.delete(key);
    }
  }

  // ---- wiring ----

  let resolveReady!: () => void;
  let rejectReady!: (err: unknown) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined);
  let nodesSynced!: () => void;
  const nodesSyncedP = new Promise<void>((r) => {
    nodesSynced = r;
  });
  let podsSynced!: () => void;
  const podsSyncedP = new Promise<void>((r) => {
    podsSynced = r;
  });

  const nodeWatch = listWatch(
    nodes,
    {},
    {
      upsert: (node) => {
        const i = index.get(node.metadata?.name ?? '');
        if (i === undefined) return;
        nodeUIDs[i] = node.metadata?.uid;
        setRange(i, node);
      },
      remove: () => undefined,
      relisted: () => undefined,
    },
    clock,
    signal,
    () => nodesSynced(),
  );
  const podWatch = listWatch(
    pods,
    { fieldSelector: 'spec.nodeName!=' },
    {
      upsert: upsertPod,
      remove: removePod,
      relisted: (keys) => {
        for (const [key, s] of podStates) {
          if (!keys.has(key)) {
            s.gen++;
            podStates.delete(key);
          }
        }
      },
    },
    clock,
    signal,
    () => podsSynced(),
  );

  registerAll().then(
    () => podsSyncedP.then(resolveReady),
    (err: unknown) => rejectReady(err),
  );
  const onAbort = () => queue.stop();
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });

  const done = Promise.all([nodeWatch, podWatch]).then(() => undefined);

  return {
    ready,
    done,
    stats: () => ({
      ...stats,
      podsTracked: podStates.size,
      writesPending: limiter.pending(),
    }),
  };
}
