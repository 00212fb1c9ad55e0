// The Endpoints controller: keeps the Endpoints object of every service with a selector listing
// the addresses of the pods it selects.
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1.js';
import { isForbidden, isNotFound } from '../../apimachinery/errors/index.js';
import { selectorFromSet } from '../../apimachinery/labels/index.js';
import { deepCopy, deepEqual } from '../../apimachinery/meta/index.js';
import type { EventRecorder } from '../../client/events/types.js';
import { objectKey, splitKey, unwrapTombstone } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import { ENDPOINTS, PODS, SERVICES } from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { newControllerQueue } from '../util/index.js';
import {
  formatRFC3339Nano,
  hasSelector,
  isNamespaceTerminating,
  isServiceIPSet,
  LABEL_HEADLESS_SERVICE,
  LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
  LEADER_ELECTION_ANNOTATION,
  messageOf,
  podServiceMemberships,
  runWorkers,
  servicesToUpdateOnPodChange,
  TriggerTimeTracker,
} from '../endpointslice/index.js';
import { subsetsEqualIgnoreResourceVersion } from './compare.js';
import { desiredSubsets } from './desired.js';
import { capacityAnnotationSetCorrectly, OVER_CAPACITY_ANNOTATION, truncateEndpoints } from './truncate.js';

/** Retries of one service before it is dropped from the queue. */
export const MAX_RETRIES = 15;
/** kube-controller-manager's --concurrent-endpoint-syncs default. */
export const DEFAULT_ENDPOINT_WORKERS = 5;

const SOURCE = 'endpoint-controller';

/** Tunables of the controller; all have upstream defaults. */
export interface EndpointsControllerOptions {
  /** --endpoint-updates-batch-period in ms, default 0. */
  readonly batchPeriodMs?: number;
}

/** The cached Endpoints known to be older than what this controller last wrote. */
class StaleEndpointsTracker {
  private readonly stale = new Map<string, string>();

  markStale(key: string, resourceVersion: string): void {
    this.stale.set(key, resourceVersion);
  }

  isStale(key: string, ep: Endpoints): boolean {
    const rv = this.stale.get(key);
    return rv !== undefined && rv === ep.metadata?.resourceVersion;
  }

  delete(key: string): void {
    this.stale.delete(key);
  }
}

function withoutHeadless(labels: Record<string, string> | undefined): Record<string, string> {
  const out = { ...(labels ?? {}) };
  delete out[LABEL_HEADLESS_SERVICE];
  return out;
}

/**
 * The Endpoints controller (upstream's endpoint Controller). Handlers only queue service keys;
 * `sync` reads the listers and writes through the client. Idle when nothing changes.
 */
export class EndpointsController {
  readonly queue: WorkQueue<string>;
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly endpoints: Lister<Endpoints>;
  private readonly recorder: EventRecorder;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly staleTracker = new StaleEndpointsTracker();
  private readonly batchMs: number;

  constructor(
    private readonly ctx: ControllerContext,
    opts: EndpointsControllerOptions = {},
  ) {
    this.queue = newControllerQueue(ctx.clock);
    this.batchMs = opts.batchPeriodMs ?? 0;
    const services = ctx.informers.informerFor(SERVICES);
    const pods = ctx.informers.informerFor(PODS);
    const endpoints = ctx.informers.informerFor(ENDPOINTS);
    this.services = services.lister;
    this.pods = pods.lister;
    this.endpoints = endpoints.lister;
    this.recorder = ctx.events.newRecorder('endpoint-controller');
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
    endpoints.addEventHandler({ onDelete: (e) => this.queue.add(objectKey(e)) });
  }

  private onPod(pod: Pod): void {
    for (const k of podServiceMemberships(this.services, pod)) this.queue.addAfter(k, this.batchMs);
  }

  /**
   * Works the queue with `workers` workers until `signal` aborts. Once the caches synced, every
   * existing Endpoints object is queued once, so that those left behind by services deleted
   * while the controller was down are removed.
   */
  async run(workers: number, signal: AbortSignal): Promise<void> {
    this.ctx.log.info(0, SOURCE, 'Starting controller', { controller: 'endpoint' });
    const pool = {
      queue: this.queue,
      informers: this.ctx.informers,
      log: this.ctx.log,
      source: SOURCE,
      maxRetries: MAX_RETRIES,
      retryMessage: 'Error syncing endpoints, retrying',
      dropMessage: 'Dropping service out of the queue',
      sync: (k: string) => this.sync(k),
    };
    const running = runWorkers(pool, workers, signal);
    if (await this.ctx.informers.waitForCacheSync(signal)) this.checkLeftoverEndpoints();
    await running;
  }

  /** Queues every Endpoints object but leader-election locks. */
  checkLeftoverEndpoints(): void {
    for (const ep of this.endpoints.list()) {
      if (ep.metadata?.annotations?.[LEADER_ELECTION_ANNOTATION] !== undefined) continue;
      this.queue.add(objectKey(ep));
    }
  }

  /** Brings the Endpoints of service `namespace/name` up to date. Rejects to have the key retried. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const client = this.ctx.client.resource(ENDPOINTS);
    const svc = this.services.get(namespace, name);
    if (svc === undefined) {
      try {
        await client.delete(namespace, name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      this.triggerTimes.deleteService(namespace, name);
      this.staleTracker.delete(key);
      return;
    }
    if (svc.spec?.type === 'ExternalName' || !hasSelector(svc)) return;

    const pods = this.pods.listNamespace(namespace, selectorFromSet(svc.spec?.selector));
    const triggerTime = this.triggerTimes.compute(namespace, svc, pods);
    const { subsets, counts } = desiredSubsets(svc, pods);

    const cached = this.endpoints.get(namespace, name);
    if (cached !== undefined && this.staleTracker.isStale(key, cached))
      throw new Error(
        `endpoints informer cache is out of date, resource version ${cached.metadata?.resourceVersion} already processed for endpoints ${key}`,
      );
    const current: Endpoints = cached ?? {
      metadata: { name, ...(svc.metadata?.labels ? { labels: svc.metadata.labels } : {}) },
    };
    const create = (current.metadata?.resourceVersion ?? '') === '';
    if (
      !create &&
      subsetsEqualIgnoreResourceVersion(current.subsets, subsets) &&
      deepEqual(withoutHeadless(current.metadata?.labels), svc.metadata?.labels ?? {}) &&
      capacityAnnotationSetCorrectly(current.metadata?.annotations, current.subsets ?? [])
    ) {
      this.ctx.log.info(5, SOURCE, 'endpoints are equal, skipping update', { service: key });
      return;
    }

    const next = deepCopy(current);
    next.apiVersion = 'v1';
    next.kind = 'Endpoints';
    next.subsets = subsets;
    const annotations = { ...(next.metadata?.annotations ?? {}) };
    if (triggerTime !== undefined)
      annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION] = formatRFC3339Nano(triggerTime);
    else delete annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
    if (truncateEndpoints(subsets)) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const labels = { ...(svc.metadata?.labels ?? {}) };
    if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS_SERVICE] = '';
    else delete labels[LABEL_HEADLESS_SERVICE];
    // Empty maps and lists are left out, as upstream's JSON (omitempty) leaves them out.
    next.metadata = { ...next.metadata, labels, annotations };
    if (Object.keys(labels).length === 0) delete next.metadata.labels;
    if (Object.keys(annotations).length === 0) delete next.metadata.annotations;
    if (subsets.length === 0) delete next.subsets;

    this.ctx.log.info(4, SOURCE, 'Update endpoints', {
      service: key,
      readyEndpoints: counts.ready,
      notreadyEndpoints: counts.notReady,
    });
    try {
      if (create) {
        await client.create(namespace, next);
      } else {
        const updated = await client.update(next);
        if (updated.metadata?.resourceVersion !== current.metadata?.resourceVersion)
          this.staleTracker.markStale(key, current.metadata?.resourceVersion ?? '');
      }
    } catch (e) {
      // Creates in a terminating namespace keep failing: drop the key.
      if (create && isForbidden(e) && isNamespaceTerminating(e)) return;
      const ref = { ...next, metadata: { ...next.metadata, namespace } };
      if (create)
        this.recorder.event(
          ref,
          'Warning',
          'FailedToCreateEndpoint',
          `Failed to create endpoint for service ${namespace}/${name}: ${messageOf(e)}`,
        );
      else
        this.recorder.event(
          ref,
          'Warning',
          'FailedToUpdateEndpoint',
          `Failed to update endpoint ${namespace}/${name}: ${messageOf(e)}`,
        );
      throw e;
    }
  }
}
