// The EndpointSlice controller: keeps the EndpointSlices of every service with a selector in step
// with the pods it selects.
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { selectorFromSet } from '../../apimachinery/labels/index.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import { ENDPOINT_SLICES, NODES, PODS, SERVICES } from '../../client/resources.js';
import type { EventRecorder } from '../../client/events/types.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
} from '../../client/workqueue/rate-limiter.js';
import { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { messageOf, StaleInformerCacheError } from './errors.js';
import { ENDPOINTSLICE_CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './labels.js';
import { hasSelector, podServiceMemberships, servicesToUpdateOnPodChange } from './pod-util.js';
import { EndpointSliceReconciler } from './reconciler.js';
import { EndpointSliceTracker } from './slice-tracker.js';
import { TriggerTimeTracker } from './trigger-time-tracker.js';
import { runWorkers } from '../util/workers.js';

/** Retries of one service before it is dropped from the queue. */
export const MAX_RETRIES = 15;
/** Least delay before a sync caused by a change to one of the controller's own slices. */
export const ENDPOINT_SLICE_CHANGE_MIN_SYNC_DELAY_MS = 1000;
/** First backoff of a failed sync: 1 s (slower than other controllers, to spare the API server). */
export const DEFAULT_SYNC_BACKOFF_MS = 1000;
/** Longest backoff of a failed sync. */
export const MAX_SYNC_BACKOFF_MS = 1_000_000;
/** kube-controller-manager's --concurrent-service-endpoint-syncs default. */
export const DEFAULT_ENDPOINTSLICE_WORKERS = 5;

const SOURCE = 'endpointslice-controller';

/** Tunables of the controller (kube-controller-manager flags); all have upstream defaults. */
export interface EndpointSliceControllerOptions {
  /** --max-endpoints-per-slice, default 100. */
  readonly maxEndpointsPerSlice?: number;
  /** --endpointslice-updates-batch-period in ms, default 0. */
  readonly batchPeriodMs?: number;
}

/**
 * The EndpointSlice controller (upstream's endpointslice Controller). Handlers only queue service
 * keys; `sync` reads the listers and writes through the client. Idle when nothing changes.
 */
export class EndpointSliceController {
  readonly queue: WorkQueue<string>;
  readonly tracker = new EndpointSliceTracker();
  private readonly reconciler: EndpointSliceReconciler;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly recorder: EventRecorder;
  private readonly batchMs: number;

  constructor(
    private readonly ctx: ControllerContext,
    opts: EndpointSliceControllerOptions = {},
  ) {
    const limiter = new MaxOfRateLimiter<string>(
      new ItemExponentialFailureRateLimiter(DEFAULT_SYNC_BACKOFF_MS, MAX_SYNC_BACKOFF_MS),
      new BucketRateLimiter(10, 100, () => ctx.clock.now()),
    );
    this.queue = new WorkQueue(limiter, ctx.clock);
    this.batchMs = opts.batchPeriodMs ?? 0;
    const services = ctx.informers.informerFor(SERVICES);
    const pods = ctx.informers.informerFor(PODS);
    const slices = ctx.informers.informerFor(ENDPOINT_SLICES);
    const nodes = ctx.informers.informerFor(NODES);
    this.services = services.lister;
    this.pods = pods.lister;
    this.slices = slices.lister;
    this.recorder = ctx.events.newRecorder('endpoint-slice-controller');
    this.reconciler = new EndpointSliceReconciler({
      client: ctx.client,
      nodes: nodes.lister,
      tracker: this.tracker,
      controllerName: ENDPOINTSLICE_CONTROLLER_NAME,
      maxEndpointsPerSlice: opts.maxEndpointsPerSlice,
      log: ctx.log,
    });
    services.addEventHandler({
      onAdd: (s) => this.queue.add(objectKey(s)),
      onUpdate: (_o, s) => this.queue.add(objectKey(s)),
      onDelete: (s) => this.queue.add(objectKey(s)),
    });
    pods.addEventHandler({
      onAdd: (p) => this.onPod(p),
      onUpdate: (o, p) => {
        for (const k of servicesToUpdateOnPodChange(this.services, o, p))
          this.queue.addAfter(k, this.batchMs);
      },
      onDelete: (p) => this.onPod(unwrapTombstone(p)),
    });
    slices.addEventHandler({
      onAdd: (s) => {
        if (this.reconciler.managedByController(s) && this.tracker.shouldSync(s)) this.queueForSlice(s);
      },
      onUpdate: (o, s) => {
        const name = s.metadata?.labels?.[LABEL_SERVICE_NAME];
        if (name !== o.metadata?.labels?.[LABEL_SERVICE_NAME]) {
          this.queueForSlice(s);
          this.queueForSlice(o);
          return;
        }
        const managedChanged =
          this.reconciler.managedByController(o) !== this.reconciler.managedByController(s);
        if (managedChanged || (this.reconciler.managedByController(s) && this.tracker.shouldSync(s)))
          this.queueForSlice(s);
      },
      onDelete: (d) => {
        const s = unwrapTombstone(d);
        if (this.reconciler.managedByController(s) && this.tracker.has(s) && !this.tracker.handleDeletion(s))
          this.queueForSlice(s);
      },
    });
  }

  private onPod(pod: Pod): void {
    for (const k of podServiceMemberships(this.services, pod)) this.queue.addAfter(k, this.batchMs);
  }

  private queueForSlice(slice: EndpointSlice): void {
    const svc = slice.metadata?.labels?.[LABEL_SERVICE_NAME] ?? '';
    if (svc === '') return;
    this.queue.addAfter(
      `${slice.metadata?.namespace ?? ''}/${svc}`,
      Math.max(ENDPOINT_SLICE_CHANGE_MIN_SYNC_DELAY_MS, this.batchMs),
    );
  }

  /** Works the queue with `workers` workers until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    return runWorkers(
      {
        startMessage: 'Starting endpoint slice controller',
        queue: this.queue,
        informers: this.ctx.informers,
        log: this.ctx.log,
        source: SOURCE,
        maxRetries: MAX_RETRIES,
        retryMessage: 'Error syncing endpoint slices for service, retrying',
        retryLevel: 0,
        dropMessage: 'Retry budget exceeded, dropping service out of the queue',
        sync: (k) => this.sync(k),
      },
      workers,
      signal,
    );
  }

  /** Reconciles the slices of the service `namespace/name`. Rejects to have the key retried. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(namespace, name);
    if (svc === undefined) {
      this.triggerTimes.deleteService(namespace, name);
      this.tracker.deleteService(namespace, name);
      return;
    }
    if (svc.spec?.type === 'ExternalName' || !hasSelector(svc)) return;
    const pods = this.pods.listNamespace(namespace, selectorFromSet(svc.spec?.selector));
    const slices = this.slices
      .listNamespace(
        namespace,
        selectorFromSet({ [LABEL_SERVICE_NAME]: name, [LABEL_MANAGED_BY]: ENDPOINTSLICE_CONTROLLER_NAME }),
      )
      .filter((s) => s.metadata?.deletionTimestamp == null);
    if (this.tracker.staleSlices(namespace, name, slices))
      throw new StaleInformerCacheError('EndpointSlice informer cache is out of date');
    const triggerTime = this.triggerTimes.compute(namespace, svc, pods);
    try {
      await this.reconciler.reconcile(svc, pods, slices, triggerTime);
    } catch (e) {
      this.recorder.event(
        { apiVersion: 'v1', kind: 'Service', ...svc },
        'Warning',
        'FailedToUpdateEndpointSlices',
        `Error updating Endpoint Slices for Service ${namespace}/${name}: ${messageOf(e)}`,
      );
      throw e;
    }
  }
}
