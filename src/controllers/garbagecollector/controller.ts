// The garbage collector (upstream's GarbageCollector): deletes objects whose owners are all gone,
// runs foreground deletion (dependents first) and orphaning (owner references dropped) for owners
// deleted with those policies.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import type { Clock } from '../../client/clock.js';
import type { EventBroadcaster, EventRecorder } from '../../client/events/types.js';
import { defaultControllerRateLimiter } from '../../client/workqueue/rate-limiter.js';
import { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { Client, Resource } from '../../client/types.js';
import type { Logger } from '../../log/index.js';
import { drainQueue } from '../util/index.js';
import type { GraphNode } from './graph.js';
import { GraphBuilder } from './graph-builder.js';
import {
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN,
  hasFinalizer,
  identityOfRef,
  identityString,
  metadataOf,
  type ObjectMetadata,
} from './identity.js';
import { ResourceMonitor, sleep } from './monitor.js';
import { ObjectOperations } from './operations.js';
import { deletableResources, RestMapper, RestMappingError, resourceSetKey } from './resources.js';

/** kube-controller-manager's `--concurrent-gc-syncs` default. */
export const CONCURRENT_GC_SYNCS = 20;
/** How often discovery is re-read to follow new and removed resources (upstream's 30 s). */
export const GC_DISCOVERY_PERIOD_MS = 30_000;
/** The component name of the collector's events. */
export const GC_COMPONENT = 'garbage-collector-controller';

const SOURCE = 'garbagecollector';

// Outcomes of attemptToDeleteItem that end the item without a retry.
class VirtualDeleteQueued extends Error {}
class NamespacedOwnerOfClusterScopedObject extends Error {}

/** What the collector runs on (a ControllerContext has all of it). */
export interface GarbageCollectorParts {
  readonly client: Client;
  readonly events: EventBroadcaster;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Watches every deletable resource (metadata only), keeps the dependency graph, and works two
 * queues keyed by uid: attempt-to-delete and attempt-to-orphan. Nothing runs before `run`.
 */
export class GarbageCollector {
  readonly graph: GraphBuilder;
  readonly attemptToDelete: WorkQueue<string>;
  readonly attemptToOrphan: WorkQueue<string>;
  readonly mapper = new RestMapper();
  private readonly ops: ObjectOperations;
  private readonly recorder: EventRecorder;
  private readonly monitors = new Map<string, { monitor: ResourceMonitor; abort: AbortController }>();
  private monitoredKey = '';

  constructor(private readonly parts: GarbageCollectorParts) {
    const now = () => parts.clock.now();
    this.attemptToDelete = new WorkQueue(defaultControllerRateLimiter<string>(now), parts.clock);
    this.attemptToOrphan = new WorkQueue(defaultControllerRateLimiter<string>(now), parts.clock);
    this.ops = new ObjectOperations(parts.client, this.mapper);
    this.recorder = parts.events.newRecorder(GC_COMPONENT);
    this.graph = new GraphBuilder({
      attemptToDelete: (n, rateLimited) => {
        if (rateLimited === true) this.attemptToDelete.addRateLimited(n.identity.uid);
        else this.attemptToDelete.add(n.identity.uid);
      },
      attemptToOrphan: (n) => this.attemptToOrphan.add(n.identity.uid),
      reportInvalidNamespaceOwnerRef: (n, ref) => this.reportInvalidNamespaceOwnerRef(n, ref),
    });
  }

  /**
   * Runs until `signal` aborts: discovers resources, starts a monitor for each, waits for all to
   * list once, then starts `workers` workers per queue; re-reads discovery every 30 s and starts or
   * stops monitors when the set of resources changed.
   */
  async run(workers: number, signal: AbortSignal): Promise<void> {
    const stop = () => {
      this.attemptToDelete.shutDown();
      this.attemptToOrphan.shutDown();
      for (const m of this.monitors.values()) m.abort.abort();
    };
    if (signal.aborted) return;
    signal.addEventListener('abort', stop, { once: true });
    let backoff = 1000;
    while (!signal.aborted && !(await this.resync(signal))) {
      await sleep(this.parts.clock, backoff, signal);
      backoff = Math.min(backoff * 2, 30_000);
    }
    if (signal.aborted) return;
    await Promise.race([
      Promise.all([...this.monitors.values()].map((m) => m.monitor.synced)),
      new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })),
    ]);
    if (signal.aborted) return;
    this.parts.log.info(2, SOURCE, 'All resource monitors have synced. Proceeding to collect garbage');
    const loops: Promise<void>[] = [];
    for (let i = 0; i < Math.max(1, workers); i++) {
      loops.push(
        drainQueue(this.attemptToDelete, (uid) => this.syncDelete(uid)),
        drainQueue(this.attemptToOrphan, (uid) => this.syncOrphan(uid)),
      );
    }
    while (!signal.aborted) {
      await sleep(this.parts.clock, GC_DISCOVERY_PERIOD_MS, signal);
      if (!signal.aborted) await this.resync(signal);
    }
    await Promise.all(loops);
  }

  /**
   * Reads discovery, refreshes the REST mapping and makes the monitors match the deletable
   * resources (only when that set changed). Returns false when discovery failed.
   */
  async resync(signal: AbortSignal): Promise<boolean> {
    let discovery: Awaited<ReturnType<Client['discover']>>;
    try {
      discovery = await this.parts.client.discover();
    } catch (e) {
      if (!signal.aborted) this.parts.log.error(SOURCE, 'Failed to discover resources', { err: e });
      return false;
    }
    this.mapper.reset(discovery);
    const wanted = deletableResources(discovery);
    const key = resourceSetKey(wanted);
    if (key !== this.monitoredKey) {
      this.syncMonitors(wanted, signal);
      this.monitoredKey = key;
    }
    return true;
  }

  /** Starts monitors for new resources and stops those for resources no longer served. */
  syncMonitors(resources: readonly Resource[], signal: AbortSignal): void {
    const keep = new Set<string>();
    for (const r of resources) {
      const key = `${r.group}/${r.version}/${r.resource}`;
      keep.add(key);
      if (this.monitors.has(key)) continue;
      // `run` aborts every monitor when its signal aborts.
      const abort = new AbortController();
      if (signal.aborted) abort.abort();
      const monitor = new ResourceMonitor(
        r,
        this.parts.client,
        (ev) => {
          this.graph.process({
            type: ev.type,
            apiVersion: monitor.apiVersion,
            kind: r.kind,
            obj: ev.obj,
            ...(ev.old === undefined ? {} : { old: ev.old }),
          });
        },
        this.parts.clock,
        this.parts.log,
      );
      this.monitors.set(key, { monitor, abort });
      void monitor.run(abort.signal);
    }
    for (const [key, m] of this.monitors) {
      if (keep.has(key)) continue;
      m.abort.abort();
      this.monitors.delete(key);
    }
    this.parts.log.info(4, SOURCE, 'Synced monitors', { monitors: this.monitors.size });
  }

  /** Number of resources monitored. */
  get monitorCount(): number {
    return this.monitors.size;
  }

  /** Whether every monitor has listed once. */
  hasSynced(): boolean {
    return [...this.monitors.values()].every((m) => m.monitor.hasSynced());
  }

  /** One attempt-to-delete pass for the node of `uid`, requeueing it as upstream does. */
  async syncDelete(uid: string): Promise<void> {
    const node = this.graph.uidToNode.get(uid);
    if (node === undefined) {
      this.attemptToDelete.forget(uid);
      return;
    }
    try {
      await this.attemptToDeleteItem(node);
    } catch (e) {
      if (e instanceof VirtualDeleteQueued || e instanceof NamespacedOwnerOfClusterScopedObject) {
        this.attemptToDelete.forget(uid);
        return;
      }
      if (e instanceof RestMappingError)
        this.parts.log.info(5, SOURCE, 'error syncing item', {
          item: identityString(node.identity),
          err: e.message,
        });
      else this.parts.log.error(SOURCE, `error syncing item ${identityString(node.identity)}`, { err: e });
      this.attemptToDelete.addRateLimited(uid);
      return;
    }
    if (this.graph.uidToNode.get(uid)?.virtual === true) {
      // Not yet seen by a monitor: look again, or a virtual node could outlive its object.
      this.attemptToDelete.addRateLimited(uid);
      return;
    }
    this.attemptToDelete.forget(uid);
  }

  /** One attempt-to-orphan pass for the node of `uid`. */
  async syncOrphan(uid: string): Promise<void> {
    const owner = this.graph.uidToNode.get(uid);
    if (owner === undefined) {
      this.attemptToOrphan.forget(uid);
      return;
    }
    try {
      await this.orphanDependents(owner, [...owner.dependents]);
      await this.ops.removeFinalizer(owner.identity, FINALIZER_ORPHAN);
      this.attemptToOrphan.forget(uid);
    } catch (e) {
      this.parts.log.error(SOURCE, `orphanDependents for ${identityString(owner.identity)} failed`, {
        err: e,
      });
      this.attemptToOrphan.addRateLimited(uid);
    }
  }

  private async orphanDependents(owner: GraphNode, dependents: readonly GraphNode[]): Promise<void> {
    const errs: string[] = [];
    await Promise.all(
      dependents.map(async (dep) => {
        try {
          await this.ops.deleteOwnerRefs(dep.identity, [owner.identity.uid]);
        } catch (e) {
          if (!isNotFound(e))
            errs.push(`orphaning ${identityString(dep.identity)} failed, ${(e as Error).message}`);
        }
      }),
    );
    if (errs.length > 0)
      throw new Error(
        `failed to orphan dependents of owner ${identityString(owner.identity)}, got errors: ${errs.join(', ')}`,
      );
  }

  // Upstream's attemptToDeleteItem.
  private async attemptToDeleteItem(item: GraphNode): Promise<void> {
    // Being deleted is a one-way trip: its dependents are handled once it is gone.
    if (item.beingDeleted && !item.deletingDependents) return;
    let latest: ObjectMetadata;
    try {
      latest = metadataOf(await this.ops.get(item.identity));
    } catch (e) {
      if (!isNotFound(e)) throw e;
      this.graph.process({ type: 'virtualDelete', identity: item.identity });
      throw new VirtualDeleteQueued();
    }
    if (latest.uid !== item.identity.uid) {
      this.graph.process({ type: 'virtualDelete', identity: item.identity });
      throw new VirtualDeleteQueued();
    }
    if (item.deletingDependents) {
      await this.processDeletingDependentsItem(item);
      return;
    }
    const refs = latest.ownerReferences;
    if (refs.length === 0) return;
    const { solid, dangling, waiting } = await this.classifyReferences(item, refs);
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // Waiting owners' references go too, or those owners would wait for this object forever.
      await this.ops.deleteOwnerRefs(
        item.identity,
        [...dangling, ...waiting].map((r) => r.uid),
      );
      return;
    }
    if (waiting.length > 0 && item.dependents.size > 0) {
      for (const dep of item.dependents) {
        if (!dep.deletingDependents) continue;
        // A cycle may be forming: stop blocking the owners before deleting in the foreground.
        const patch = item.unblockOwnerReferencesPatch();
        await this.ops.patch(item.identity, patch, async () => {
          const m = metadataOf(await this.ops.get(item.identity));
          const owners = m.ownerReferences.map((r) =>
            r.blockOwnerDeletion === true ? { ...r, blockOwnerDeletion: false } : r,
          );
          return { metadata: { resourceVersion: m.resourceVersion, ownerReferences: owners } };
        });
        break;
      }
      await this.ops.delete(item.identity, latest.resourceVersion, refs, 'Foreground');
      return;
    }
    const policy = hasFinalizer(latest, FINALIZER_ORPHAN)
      ? 'Orphan'
      : hasFinalizer(latest, FINALIZER_DELETE_DEPENDENTS)
        ? 'Foreground'
        : 'Background';
    this.parts.log.info(2, SOURCE, 'Deleting item', {
      item: identityString(item.identity),
      propagationPolicy: policy,
    });
    await this.ops.delete(item.identity, latest.resourceVersion, refs, policy);
  }

  private async processDeletingDependentsItem(item: GraphNode): Promise<void> {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) {
      this.parts.log.info(2, SOURCE, 'remove DeleteDependents finalizer for item', {
        item: identityString(item.identity),
      });
      await this.ops.removeFinalizer(item.identity, FINALIZER_DELETE_DEPENDENTS);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.attemptToDelete.add(dep.identity.uid);
  }

  // Sorts references into solid (owner exists), dangling (absent, or another uid at its
  // coordinates) and waiting (owner being deleted in the foreground).
  private async classifyReferences(
    item: GraphNode,
    refs: readonly OwnerReference[],
  ): Promise<{ solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[] }> {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = await this.isDangling(ref, item);
      if (owner === undefined) dangling.push(ref);
      else if (owner.deletionTimestamp !== undefined && hasFinalizer(owner, FINALIZER_DELETE_DEPENDENTS))
        waiting.push(ref);
      else solid.push(ref);
    }
    return { solid, dangling, waiting };
  }

  // The owner's metadata, or undefined when the reference dangles.
  private async isDangling(ref: OwnerReference, item: GraphNode): Promise<ObjectMetadata | undefined> {
    const clusterKey = identityString(identityOfRef(ref, ''));
    if (this.graph.absentOwners.has(clusterKey)) return undefined;
    const nsKey = identityString(identityOfRef(ref, item.identity.namespace));
    if (this.graph.absentOwners.has(nsKey)) return undefined;
    const namespaced = this.ops.namespaced(ref.apiVersion, ref.kind);
    if (item.identity.namespace === '' && namespaced) {
      this.parts.log.info(2, SOURCE, 'item is cluster-scoped, but refers to a namespaced owner', {
        item: identityString(item.identity),
        owner: ref.name,
      });
      throw new NamespacedOwnerOfClusterScopedObject();
    }
    const absentKey = namespaced ? nsKey : clusterKey;
    let owner: ObjectMetadata;
    try {
      owner = metadataOf(await this.ops.get(identityOfRef(ref, item.identity.namespace)));
    } catch (e) {
      if (!isNotFound(e)) throw e;
      this.graph.absentOwners.add(absentKey);
      return undefined;
    }
    if (owner.uid !== ref.uid) {
      this.graph.absentOwners.add(absentKey);
      return undefined;
    }
    return owner;
  }

  private reportInvalidNamespaceOwnerRef(node: GraphNode, ref: OwnerReference): void {
    const id = node.identity;
    const invalid = identityOfRef(ref, id.namespace);
    this.recorder.event(
      {
        apiVersion: id.apiVersion,
        kind: id.kind,
        metadata: { name: id.name, uid: id.uid, ...(id.namespace === '' ? {} : { namespace: id.namespace }) },
      },
      'Warning',
      'OwnerRefInvalidNamespace',
      `ownerRef ${identityString(invalid)} does not resolve to an item in the namespace ${id.namespace}`,
    );
  }
}
