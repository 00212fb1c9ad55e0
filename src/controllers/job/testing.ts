// Test support for the batch controllers (job, cronjob, ttl-after-finished, pod GC): a controller
// context over the in-memory client whose caches are refreshed from it on demand.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { InformerFactory } from '../../client/informers/factory.js';
import { SharedIndexInformer } from '../../client/informers/shared-informer.js';
import { CRON_JOBS, JOBS, NODES, PODS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import { ManualClock } from '../../client/testing/manual-clock.js';
import type { KubeObject, Resource } from '../../client/types.js';
import { DISCARD_LOGGER } from '../../log/index.js';
import { type ControllerContext, DEFAULT_CONTROLLER_MANAGER_OPTIONS } from '../context.js';
import { FakeEventBroadcaster } from '../util/testing.js';

const CACHED: readonly Resource[] = [JOBS, CRON_JOBS, PODS, NODES];

/** A ManualClock, fake client, informer factory and event recorder wired into a ControllerContext. */
export class BatchHarness {
  readonly clock: ManualClock;
  readonly client: FakeClient;
  readonly informers: InformerFactory;
  readonly events = new FakeEventBroadcaster();
  readonly ctx: ControllerContext;

  constructor(start = Date.UTC(2026, 0, 1), options: Partial<ControllerContext['options']> = {}) {
    this.clock = new ManualClock(start);
    this.client = new FakeClient({ clock: this.clock });
    this.informers = new InformerFactory(this.client, { clock: this.clock });
    this.ctx = {
      client: this.client,
      informers: this.informers,
      events: this.events,
      clock: this.clock,
      log: DISCARD_LOGGER,
      options: { ...DEFAULT_CONTROLLER_MANAGER_OPTIONS, ...options },
    };
  }

  /**
   * Makes every cache hold exactly what the fake API holds, delivering the differences to the
   * registered handlers as a relist would. With resources given, only their caches.
   */
  refresh(...only: Resource[]): void {
    for (const r of only.length > 0 ? only : CACHED) {
      const inf = this.informers.informerFor(r);
      const objs = this.client.objects(r);
      if (inf instanceof SharedIndexInformer) inf.replace(objs);
      else inf.indexer.replace(objs);
    }
  }

  /** Stores objects in the fake API (as given) and refreshes the caches. */
  seed<T extends KubeObject>(r: Resource<T>, objs: readonly T[]): T[] {
    const out = this.client.seed(r, objs);
    this.refresh();
    return out;
  }

  /** The stored object, or throws. */
  get<T extends KubeObject>(r: Resource<T>, name: string, namespace = 'default'): T {
    const o = this.client.objects(r, namespace).find((x) => x.metadata?.name === name);
    if (o === undefined) throw new Error(`no ${r.resource} ${namespace}/${name}`);
    return o;
  }

  /** Stored pods of `namespace`, by name. */
  pods(namespace = 'default'): Pod[] {
    return this.client
      .objects(PODS, namespace)
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  }

  /** Sets a pod's status phase (and the given extras) as a kubelet would, then refreshes. */
  async setPodPhase(pod: Pod, phase: string, extra: Partial<NonNullable<Pod['status']>> = {}): Promise<void> {
    const cur = this.get(PODS, pod.metadata?.name ?? '', pod.metadata?.namespace ?? 'default');
    await this.client.resource(PODS).updateStatus({ ...cur, status: { ...cur.status, ...extra, phase } });
    this.refresh();
  }

  /** `Type Reason Message` of the events so far. */
  eventLines(): string[] {
    return this.events.lines();
  }
}

/** A pod template running one container. */
export function podTemplate(labels: Record<string, string> = {}): PodTemplateSpec {
  return {
    metadata: { labels },
    spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] },
  };
}

/**
 * A Job as the API server stores it after creation: uid, selector on the controller-uid label,
 * the labels on the template, defaults of parallelism, completions, backoffLimit and
 * completionMode filled.
 */
export function newJob(name: string, spec: Partial<NonNullable<Job['spec']>> = {}, uid = `uid-${name}`): Job {
  const labels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  const template = podTemplate(labels);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default', uid, generation: 1 },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      ...spec,
      template: spec.template ?? template,
    } as NonNullable<Job['spec']>,
  };
}
