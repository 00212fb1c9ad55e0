// The EndpointSlice mirroring controller: mirrors the Endpoints of services without a selector
// (custom Endpoints) into EndpointSlices, so that slice consumers see them too.
import type { Endpoints, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { selectorFromSet } from '../../apimachinery/labels/index.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import { ENDPOINT_SLICES, ENDPOINTS, SERVICES } from '../../client/resources.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
} from '../../client/workqueue/rate-limiter.js';
import { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import {
  EndpointSliceTracker,
  hasSelector,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  LABEL_SKIP_MIRROR,
  LEADER_ELECTION_ANNOTATION,
  MIRRORING_CONTROLLER_NAME,
  runWorkers,
  StaleInformerCacheError,
} from '../endpointslice/index.js';
import { MirroringReconciler } from './reconciler.js';

/** Retries of one Endpoints object before it is dropped from the queue. */
export const MAX_RETRIES = 15;
/** kube-controller-manager's --mirroring-concurrent-service-endpoint-syncs default. */
export const DEFAULT_MIRRORING_WORKERS = 5;
/** First backoff of a failed sync: 1 s (slower than other controllers, to spare the API server). */
export const DEFAULT_SYNC_BACKOFF_MS = 1000;
/** Longest backoff of a failed sync. */
export const MAX_SYNC_BACKOFF_MS = 100_000;

const SOURCE = 'endpointslicemirroring-controller';

/** Tunables of the controller; all have upstream defaults. */
export interface MirroringControllerOptions {
  /** --mirroring-max-endpoints-per-subset, default 1000. */
  readonly maxEndpointsPerSubset?: number;
  /** --mirroring-endpointslice-updates-batch-period in ms, default 0. */
  readonly batchPeriodMs?: number;
}

/** Whether an Endpoints object may be mirrored: no skip-mirror label, not a leader-election lock. Pure. */
export function shouldMirror(ep: Endpoints): boolean {
  return (
    ep.metadata?.labels?.[LABEL_SKIP_MIRROR] !== 'true' &&
    ep.metadata?.annotations?.[LEADER_ELECTION_ANNOTATION] === undefined
  );
}

function managedByMirroring(slice: EndpointSlice): boolean {
  return slice.metadata?.labels?.[LABEL_MANAGED_BY] === MIRRORING_CONTROLLER_NAME;
}

/**
 * The mirroring controller (upstream's endpointslicemirroring Controller). Handlers only queue
 * Endpoints keys; `sync` reads the listers and writes through the client.
 */
export class EndpointSliceMirroringController {
  readonly queue: WorkQueue<string>;
  readonly tracker = new EndpointSliceTracker();
  private readonly reconciler: MirroringReconciler;
  private readonly endpoints: Lister<Endpoints>;
  private readonly services: Lister<Service>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly batchMs: number;

  constructor(
    private readonly ctx: ControllerContext,
    opts: MirroringControllerOptions = {},
  ) {
    const limiter = new MaxOfRateLimiter<string>(
      new ItemExponentialFailureRateLimiter(DEFAULT_SYNC_BACKOFF_MS, MAX_SYNC_BACKOFF_MS),
      new BucketRateLimiter(10, 100, () => ctx.clock.now()),
    );
    this.queue = new WorkQueue(limiter, ctx.clock);
    this.batchMs = opts.batchPeriodMs ?? 0;
    const endpoints = ctx.informers.informerFor(ENDPOINTS);
    const services = ctx.informers.informerFor(SERVICES);
    const slices = ctx.informers.informerFor(ENDPOINT_SLICES);
    this.endpoints = endpoints.lister;
    this.services = services.lister;
    this.slices = slices.lister;
    this.reconciler = new MirroringReconciler({
      client: ctx.client,
      tracker: this.tracker,
      recorder: ctx.events.newRecorder('endpoint-slice-mirroring-controller'),
      maxEndpointsPerSubset: opts.maxEndpointsPerSubset,
      log: ctx.log,
    });
    endpoints.addEventHandler({
      onAdd: (e) => {
        if (shouldMirror(e)) this.queue.add(objectKey(e));
      },
      onUpdate: (o, e) => {
        if (shouldMirror(e) || shouldMirror(o)) this.queue.add(objectKey(e));
      },
      onDelete: (d) => {
        const e = unwrapTombstone(d);
        if (shouldMirror(e)) this.queue.add(objectKey(e));
      },
    });
    services.addEventHandler({
      onAdd: (s) => {
        if (!hasSelector(s)) this.queue.add(objectKey(s));
      },
      onUpdate: (o, s) => {
        if (hasSelector(o) !== hasSelector(s)) this.queue.add(objectKey(s));
      },
      onDelete: (d) => {
        const s = unwrapTombstone(d);
        if (!hasSelector(s)) this.queue.add(objectKey(s));
      },
    });
    slices.addEventHandler({
      onAdd: (s) => {
        if (managedByMirroring(s) && this.tracker.shouldSync(s)) this.queueForSlice(s);
      },
      onUpdate: (o, s) => {
        if (s.metadata?.labels?.[LABEL_SERVICE_NAME] !== o.metadata?.labels?.[LABEL_SERVICE_NAME]) {
          this.queueForSlice(s);
          this.queueForSlice(o);
          return;
        }
        if (
          managedByMirroring(o) !== managedByMirroring(s) ||
          (managedByMirroring(s) && this.tracker.shouldSync(s))
        )
          this.queueForSlice(s);
      },
      onDelete: (d) => {
        const s = unwrapTombstone(d);
        if (managedByMirroring(s) && this.tracker.has(s) && !this.tracker.handleDeletion(s))
          this.queueForSlice(s);
      },
    });
  }

  private queueForSlice(slice: EndpointSlice): void {
    const name = slice.metadata?.labels?.[LABEL_SERVICE_NAME] ?? '';
    if (name !== '') this.queue.addAfter(`${slice.metadata?.namespace ?? ''}/${name}`, this.batchMs);
  }

  /** Works the queue with `workers` workers until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    return runWorkers(
      {
        startMessage: 'Starting EndpointSliceMirroring controller',
        queue: this.queue,
        informers: this.ctx.informers,
        log: this.ctx.log,
        source: SOURCE,
        maxRetries: MAX_RETRIES,
        retryMessage: 'Error mirroring EndpointSlices for Endpoints, retrying',
        retryLevel: 0,
        dropMessage: 'Retry budget exceeded, dropping Endpoints out of the queue',
        sync: (k) => this.sync(k),
      },
      workers,
      signal,
    );
  }

  private mirroredSlices(namespace: string, name: string): EndpointSlice[] {
    return this.slices.listNamespace(
      namespace,
      selectorFromSet({ [LABEL_SERVICE_NAME]: name, [LABEL_MANAGED_BY]: MIRRORING_CONTROLLER_NAME }),
    );
  }

  private async deleteMirrored(namespace: string, name: string): Promise<void> {
    this.tracker.deleteService(namespace, name);
    await this.reconciler.deleteEndpoints(namespace, name, this.mirroredSlices(namespace, name));
  }

  /** Mirrors the Endpoints `namespace/name`, or removes its mirrors. Rejects to have the key retried. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const ep = this.endpoints.get(namespace, name);
    if (ep === undefined || !shouldMirror(ep)) return this.deleteMirrored(namespace, name);
    const svc = this.services.get(namespace, name);
    if (svc === undefined || hasSelector(svc)) return this.deleteMirrored(namespace, name);
    const slices = this.mirroredSlices(namespace, name);
    if (this.tracker.staleSlices(namespace, name, slices))
      throw new StaleInformerCacheError('EndpointSlice informer cache is out of date');
    await this.reconciler.reconcile(ep, slices);
  }
}
