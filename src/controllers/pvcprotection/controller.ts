// PVC protection: a claim being deleted keeps its `kubernetes.io/pvc-protection` finalizer while a
// pod that is not finished uses it, and loses it (and so goes) once none does. Claims without the
// finalizer get it, so claims created before the admission step was on are protected too.
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { SharedInformer } from '../../client/informers/types.js';
import { PERSISTENT_VOLUME_CLAIMS, PODS } from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { runWorkers, newControllerQueue } from '../util/workers.js';

/** The finalizer this controller owns. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';

const SOURCE = 'pvc-protection-controller';

/** The claims `pod` uses: persistentVolumeClaim volumes and generic ephemeral volumes (`<pod>-<volume>`). */
export function claimsOf(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral !== undefined) out.push(`${pod.metadata?.name}-${v.name}`);
  }
  return out;
}

// A pod still holds its claims until it has finished.
function podHoldsClaims(pod: Pod): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** See the file comment. */
export class PVCProtectionController {
  readonly queue: WorkQueue<string>;
  private readonly claims: SharedInformer<PersistentVolumeClaim>;
  private readonly pods: SharedInformer<Pod>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = newControllerQueue(ctx.clock);
    this.claims = ctx.informers.informerFor(PERSISTENT_VOLUME_CLAIMS);
    this.pods = ctx.informers.informerFor(PODS);
    const claimChanged = (c: PersistentVolumeClaim) => {
      const deleting = c.metadata?.deletionTimestamp !== undefined;
      const protectedClaim = (c.metadata?.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER);
      if (deleting === protectedClaim) this.queue.add(objectKey(c));
    };
    this.claims.addEventHandler({ onAdd: claimChanged, onUpdate: (_o, c) => claimChanged(c) });
    // A pod that stops holding claims may release a claim waiting to be deleted.
    const podChanged = (p: Pod) => {
      if (podHoldsClaims(p) && p.metadata?.deletionTimestamp === undefined) return;
      for (const name of claimsOf(p)) {
        const c = this.claims.lister.get(p.metadata?.namespace ?? '', name);
        if (c?.metadata?.deletionTimestamp !== undefined) this.queue.add(objectKey(c));
      }
    };
    this.pods.addEventHandler({
      onUpdate: (_o, p) => podChanged(p),
      onDelete: (p) => {
        const pod = unwrapTombstone(p);
        for (const name of claimsOf(pod)) this.queue.add(`${pod.metadata?.namespace}/${name}`);
      },
    });
  }

  /** Works the queue until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    return runWorkers(
      {
        queue: this.queue,
        informers: this.ctx.informers,
        log: this.ctx.log,
        source: SOURCE,
        sync: (k) => this.sync(k),
      },
      workers,
      signal,
    );
  }

  /** Adds or removes the finalizer of claim `key` as its use by pods says. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const claim = this.claims.lister.get(namespace, name);
    if (claim === undefined) return;
    const finalizers = claim.metadata?.finalizers ?? [];
    const has = finalizers.includes(PVC_PROTECTION_FINALIZER);
    if (claim.metadata?.deletionTimestamp === undefined) {
      if (!has) await this.write(claim, [...finalizers, PVC_PROTECTION_FINALIZER]);
      return;
    }
    if (!has || (await this.inUse(claim))) return;
    await this.write(
      claim,
      finalizers.filter((f) => f !== PVC_PROTECTION_FINALIZER),
    );
    this.ctx.log.info(3, SOURCE, 'Removed protection finalizer from PVC', { pvc: key });
  }

  // In use by a pod of the cache; if the cache says no, the API server is asked, as upstream does,
  // so that a pod created a moment ago is not missed.
  private async inUse(claim: PersistentVolumeClaim): Promise<boolean> {
    const ns = claim.metadata?.namespace ?? '';
    const name = claim.metadata?.name ?? '';
    const uses = (p: Pod) => podHoldsClaims(p) && claimsOf(p).includes(name);
    if (this.pods.lister.listNamespace(ns).some(uses)) return true;
    const live = await this.ctx.client.resource(PODS).list(ns);
    return live.items.some(uses);
  }

  private async write(claim: PersistentVolumeClaim, finalizers: string[]): Promise<void> {
    try {
      await this.ctx.client.resource(PERSISTENT_VOLUME_CLAIMS).update({
        ...claim,
        metadata: { ...claim.metadata, finalizers },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
