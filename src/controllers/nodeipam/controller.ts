// Node IPAM (upstream's range allocator): every Node gets spec.podCIDR(s) cut from --cluster-cidr,
// one subnet per cluster CIDR (two for dual-stack). CIDRs of existing Nodes are marked used before
// any allocation; a deleted Node's CIDRs return to the pool.
import type { Node } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { parseCIDRSloppy } from '../../apimachinery/validation/index.js';
import type { EventRecorder } from '../../client/events/types.js';
import { unwrapTombstone } from '../../client/informers/keys.js';
import type { SharedInformer } from '../../client/informers/types.js';
import { NODES } from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { runWorkers, type WorkerPool, newControllerQueue } from '../util/index.js';
import { CIDRRangeFullError, CIDRSet } from './cidr-set.js';

/** Attempts at writing a node's CIDRs before giving the allocation back (upstream's cidrUpdateRetries). */
export const CIDR_UPDATE_RETRIES = 3;

/** Builds one CIDRSet per comma-separated cluster CIDR; throws on a bad CIDR or mask. */
export function clusterCIDRSets(clusterCIDR: string, maskSize: number, maskSizeV6 = 64): CIDRSet[] {
  const cidrs = clusterCIDR.split(',').map((s) => s.trim());
  if (cidrs.length > 2) throw new Error('at most two cluster CIDRs (one per IP family) are allowed');
  return cidrs.map((text) => {
    const c = parseCIDRSloppy(text);
    if (c === null) throw new Error(`invalid cluster CIDR "${text}"`);
    return new CIDRSet(c, c.bits === 32 ? maskSize : Math.max(maskSizeV6, c.prefix));
  });
}

/** The range allocator. Single-threaded: one worker, as allocations must not interleave. */
export class NodeIPAMController {
  private readonly queue: WorkQueue<string>;
  private readonly nodes: SharedInformer<Node>;
  private readonly recorder: EventRecorder;
  // CIDRs written but not yet seen back through the informer: a sync in that window must not
  // allocate again.
  private readonly written = new Map<string, readonly string[]>();
  private occupiedExisting = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly sets: readonly CIDRSet[],
  ) {
    this.queue = newControllerQueue(ctx.clock);
    this.nodes = ctx.informers.informerFor(NODES);
    this.recorder = ctx.events.newRecorder('cidrAllocator');
    this.nodes.addEventHandler({
      onAdd: (n) => this.observe(n),
      onUpdate: (_old, n) => this.observe(n),
      onDelete: (n) => this.nodeDeleted(unwrapTombstone(n)),
    });
  }

  /** Processes nodes until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    const source = 'node-ipam-controller';
    const pool: WorkerPool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.ctx.log,
      source,
      logRetry: (node, err) =>
        this.ctx.log.error(source, 'Error allocating node CIDR, retrying', { node, err }),
      sync: (key) => this.sync(key),
    };
    return runWorkers(pool, 1, signal);
  }

  /** Gives `name` CIDRs unless it has them or is gone. */
  async sync(name: string): Promise<void> {
    const node = this.nodes.lister.get('', name);
    if (node === undefined || node.metadata?.deletionTimestamp !== undefined) return;
    if ((node.spec?.podCIDRs ?? []).length > 0 || this.written.has(name)) return;
    if (!this.occupiedExisting) {
      // Before the first allocation every CIDR in use must be marked, whatever order events came in.
      for (const n of this.nodes.lister.list())
        for (const c of n.spec?.podCIDRs ?? []) for (const s of this.sets) s.occupy(c);
      this.occupiedExisting = true;
    }
    const allocated: string[] = [];
    try {
      for (const set of this.sets) allocated.push(set.allocateNext());
    } catch (err) {
      for (const [i, c] of allocated.entries()) this.sets[i]!.release(c);
      if (err instanceof CIDRRangeFullError) {
        this.recorder.event(
          node,
          'Normal',
          'CIDRNotAvailable',
          `Node ${name} status is now: CIDRNotAvailable`,
        );
      }
      throw err;
    }
    let lastErr: unknown;
    for (let attempt = 0; attempt < CIDR_UPDATE_RETRIES; attempt++) {
      try {
        await this.ctx.client
          .resource(NODES)
          .patch('', name, 'strategic', { spec: { podCIDR: allocated[0], podCIDRs: allocated } });
        this.ctx.log.info(2, 'node-ipam-controller', 'Set node PodCIDR', { node: name, podCIDRs: allocated });
        this.written.set(name, allocated);
        return;
      } catch (err) {
        lastErr = err;
        if (isNotFound(err)) break;
      }
    }
    for (const [i, c] of allocated.entries()) this.sets[i]!.release(c);
    if (isNotFound(lastErr)) return;
    this.recorder.event(
      node,
      'Normal',
      'CIDRAssignmentFailed',
      `Node ${name} status is now: CIDRAssignmentFailed`,
    );
    throw lastErr;
  }

  /** Returns a deleted node's CIDRs (written or observed) to the pool. */
  nodeDeleted(node: Node): void {
    const name = node.metadata?.name ?? '';
    this.release(node);
    const pending = this.written.get(name);
    if (pending !== undefined) for (const [i, c] of pending.entries()) this.sets[i]?.release(c);
    this.written.delete(name);
  }

  // A node with CIDRs marks them used; one without is queued for allocation.
  private observe(node: Node): void {
    const cidrs = node.spec?.podCIDRs ?? [];
    if (cidrs.length > 0) this.written.delete(node.metadata?.name ?? '');
    if (cidrs.length === 0) {
      this.queue.add(node.metadata?.name ?? '');
      return;
    }
    for (const c of cidrs) {
      if (!this.sets.some((s) => s.occupy(c))) {
        this.ctx.log.warning('node-ipam-controller', 'Node PodCIDR is outside the cluster CIDR', {
          node: node.metadata?.name,
          podCIDR: c,
        });
      }
    }
  }

  private release(node: Node): void {
    for (const c of node.spec?.podCIDRs ?? []) for (const s of this.sets) s.release(c);
  }
}
