// PV protection: a PersistentVolume being deleted keeps its `kubernetes.io/pv-protection`
// finalizer while it is bound to a claim, and loses it once it is not. Volumes without the
// finalizer get it.
import type { PersistentVolume } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { objectKey } from '../../client/informers/keys.js';
import type { SharedInformer } from '../../client/informers/types.js';
import { PERSISTENT_VOLUMES } from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { runWorkers, newControllerQueue } from '../util/workers.js';

/** The finalizer this controller owns. */
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** See the file comment. */
export class PVProtectionController {
  readonly queue: WorkQueue<string>;
  private readonly volumes: SharedInformer<PersistentVolume>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = newControllerQueue(ctx.clock);
    this.volumes = ctx.informers.informerFor(PERSISTENT_VOLUMES);
    const changed = (v: PersistentVolume) => {
      const deleting = v.metadata?.deletionTimestamp !== undefined;
      const has = (v.metadata?.finalizers ?? []).includes(PV_PROTECTION_FINALIZER);
      if (deleting === has) this.queue.add(objectKey(v));
    };
    this.volumes.addEventHandler({ onAdd: changed, onUpdate: (_o, v) => changed(v) });
  }

  /** Works the queue until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    return runWorkers(
      {
        queue: this.queue,
        informers: this.ctx.informers,
        log: this.ctx.log,
        source: 'pv-protection-controller',
        sync: (k) => this.sync(k),
      },
      workers,
      signal,
    );
  }

  /** Adds the finalizer to a live volume, or removes it from a deleted one no longer bound. */
  async sync(name: string): Promise<void> {
    const pv = this.volumes.lister.get('', name);
    if (pv === undefined) return;
    const finalizers = pv.metadata?.finalizers ?? [];
    const has = finalizers.includes(PV_PROTECTION_FINALIZER);
    let next: string[] | undefined;
    if (pv.metadata?.deletionTimestamp === undefined) {
      if (!has) next = [...finalizers, PV_PROTECTION_FINALIZER];
    } else if (has && pv.status?.phase !== 'Bound') {
      next = finalizers.filter((f) => f !== PV_PROTECTION_FINALIZER);
    }
    if (next === undefined) return;
    try {
      await this.ctx.client
        .resource(PERSISTENT_VOLUMES)
        .update({ ...pv, metadata: { ...pv.metadata, finalizers: next } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
