// A harness for unit tests of the deployment controller: a fake client, informer caches filled
// from it directly (no watches), a manual clock and an event recorder that keeps what it got.
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { DEPLOYMENTS, PODS, REPLICA_SETS } from '../../client/resources.js';
import { newTestContext, type RecordingBroadcaster } from '../testing.js';
import { DeploymentController } from './controller.js';
import type { Deployment, ReplicaSet } from './util/index.js';

/** A pod template with one container running `image`. */
export function template(image: string, labels: Record<string, string> = { app: 'web' }): PodTemplateSpec {
  return {
    metadata: { labels: { ...labels } },
    spec: { containers: [{ name: 'app', image }] },
  };
}

/** Options of {@link newDeployment}. */
export interface DeploymentShape {
  replicas?: number;
  image?: string;
  strategy?: Deployment['spec'] extends infer S ? (S extends { strategy?: infer T } ? T : never) : never;
  paused?: boolean;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
}

/** A deployment `name` in `default` selecting `app=web`, with API defaults filled in. */
export function newDeployment(name: string, shape: DeploymentShape = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', generation: 1 },
    spec: {
      replicas: shape.replicas ?? 3,
      selector: { matchLabels: { app: 'web' } },
      template: template(shape.image ?? 'app:v1'),
      strategy: shape.strategy ?? {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      revisionHistoryLimit: shape.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: shape.progressDeadlineSeconds ?? 600,
      ...(shape.paused === undefined ? {} : { paused: shape.paused }),
      ...(shape.minReadySeconds === undefined ? {} : { minReadySeconds: shape.minReadySeconds }),
    },
  };
}

/** A controller over a fake client whose caches are refreshed from the client on demand. */
export class Harness {
  private readonly t = newTestContext();
  readonly clock = this.t.clock;
  readonly client = this.t.client;
  readonly informers = this.t.informers;
  readonly events: RecordingBroadcaster = this.t.events;
  readonly controller: DeploymentController = new DeploymentController(this.t.ctx);

  constructor() {
    this.clock.advance(Date.UTC(2026, 0, 1) - this.clock.now());
    this.keepStatusAnnotations();
  }

  /** Messages of the recorded events with `reason`, oldest first. */
  messages(reason: string): string[] {
    return this.events.events.filter((e) => e.reason === reason).map((e) => e.message);
  }

  // The API server keeps annotation changes made through a Deployment's status (the controller
  // records revisions that way); the fake client drops metadata changes of status writes, so a
  // reactor carries them over.
  private keepStatusAnnotations(): void {
    const rc = this.client.resource(DEPLOYMENTS);
    let inside = false;
    this.client.prependReactor('update', 'deployments/status', (a) => {
      if (inside) return undefined;
      const obj = a.object as Deployment;
      return (async () => {
        inside = true;
        try {
          const updated = await rc.updateStatus(obj as never);
          const want = obj.metadata?.annotations ?? {};
          if (JSON.stringify(want) === JSON.stringify(updated.metadata?.annotations ?? {})) return updated;
          const m = updated.metadata ?? {};
          return await rc.patch(m.namespace ?? '', m.name ?? '', 'json', [
            { op: 'add', path: '/metadata/annotations', value: want },
          ]);
        } finally {
          inside = false;
        }
      })();
    });
  }

  /** Stores objects in the fake API and refreshes the caches. */
  seed(objs: { deployments?: Deployment[]; replicaSets?: ReplicaSet[]; pods?: Pod[] }): void {
    if (objs.deployments) this.client.seed(DEPLOYMENTS, objs.deployments as never[]);
    if (objs.replicaSets) this.client.seed(REPLICA_SETS, objs.replicaSets as never[]);
    if (objs.pods) this.client.seed(PODS, objs.pods);
    this.refresh();
  }

  /** Makes the caches hold exactly what the fake API holds. */
  refresh(): void {
    this.informers.informerFor(DEPLOYMENTS).indexer.replace(this.client.objects(DEPLOYMENTS));
    this.informers.informerFor(REPLICA_SETS).indexer.replace(this.client.objects(REPLICA_SETS));
    this.informers.informerFor(PODS).indexer.replace(this.client.objects(PODS));
  }

  /** Refreshes the caches, then syncs `default/<name>`. */
  async sync(name: string): Promise<void> {
    this.refresh();
    await this.controller.sync(`default/${name}`);
    this.refresh();
  }

  deployment(name: string): Deployment {
    const d = this.client.objects(DEPLOYMENTS, 'default').find((o) => o.metadata?.name === name);
    if (d === undefined) throw new Error(`no deployment ${name}`);
    return d as Deployment;
  }

  /** Replica sets, oldest first. */
  replicaSets(): ReplicaSet[] {
    return (this.client.objects(REPLICA_SETS, 'default') as ReplicaSet[]).sort(
      (a, b) => Number(a.metadata?.resourceVersion ?? 0) - Number(b.metadata?.resourceVersion ?? 0),
    );
  }

  /**
   * Stands in for the replicaset controller: every replica set reports `spec.replicas` pods, of
   * which `available(rs)` (all by default) are ready and available, and its generation observed.
   */
  async settle(available: (rs: ReplicaSet) => number = (rs) => rs.spec?.replicas ?? 0): Promise<void> {
    for (const rs of this.client.objects(REPLICA_SETS, 'default') as ReplicaSet[]) {
      const n = rs.spec?.replicas ?? 0;
      const a = Math.min(n, available(rs));
      rs.status = {
        replicas: n,
        fullyLabeledReplicas: n,
        readyReplicas: a,
        availableReplicas: a,
        terminatingReplicas: 0,
        observedGeneration: rs.metadata?.generation ?? 1,
      };
      await this.client.resource(REPLICA_SETS).updateStatus(rs as never);
    }
    this.refresh();
  }

  /** Replaces the deployment's spec fields given (as a user's update would). */
  async updateSpec(name: string, change: (d: Deployment) => void): Promise<void> {
    const d = this.deployment(name);
    change(d);
    await this.client.resource(DEPLOYMENTS).update(d as never);
    this.refresh();
  }
}
