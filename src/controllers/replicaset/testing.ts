// Test fixtures of the ReplicaSet controller: a controller over the fake client and informers that
// are fed by hand, so a test decides when the controller "sees" an object.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { SharedIndexInformer } from '../../client/informers/shared-informer.js';
import { PODS } from '../../client/resources.js';
import type { KubeObject } from '../../client/types.js';
import { newTestContext, type RecordingBroadcaster } from '../testing.js';
import { ReplicaSetController, type ReplicaSetControllerOptions } from './controller.js';
import type { ManagedKind } from './kinds.js';

/** `Type Reason Message` of every recorded event, oldest first. */
export function eventLines(events: RecordingBroadcaster): string[] {
  return events.events.map((e) => `${e.type} ${e.reason} ${e.message}`);
}

/** RFC 3339 (seconds) of a ms timestamp. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A controller with a fake client, a manual clock and hand-fed informers. */
export function newFixture<T extends KubeObject>(
  kind: ManagedKind<T>,
  opts: ReplicaSetControllerOptions = {},
) {
  const { ctx, client, clock, informers, events } = newTestContext();
  const controller = new ReplicaSetController<T>(ctx, kind, opts);
  const owners = informers.informerFor(kind.resource) as SharedIndexInformer<T>;
  const pods = informers.informerFor(PODS) as SharedIndexInformer<Pod>;
  return {
    clock,
    client,
    events,
    controller,
    owners,
    pods,
    /** Stores `obj` in the fake cluster and delivers it to the controller as a watch ADDED. */
    addOwner(obj: T): T {
      const [stored] = client.seed(kind.resource, [obj]);
      owners.added(stored!);
      return stored!;
    },
    /** Stores pods in the fake cluster and delivers them as watch ADDED events. */
    addPods(...list: Pod[]): Pod[] {
      const stored = client.seed(PODS, list);
      for (const p of stored) pods.added(p);
      return stored;
    },
    /** Delivers every pod the fake cluster has but the cache lacks (watch events arriving late). */
    observePods(): Pod[] {
      const fresh = client
        .objects(PODS)
        .filter((p) => pods.indexer.getByKey(`${p.metadata?.namespace}/${p.metadata?.name}`) === undefined);
      for (const p of fresh) pods.added(p);
      return fresh;
    },
    /** Delivers the owner as the fake cluster now has it (e.g. after a status write). */
    refreshOwner(namespace: string, name: string): T {
      const cur = client.objects(kind.resource, namespace).find((o) => o.metadata?.name === name);
      if (cur === undefined) throw new Error(`no ${namespace}/${name}`);
      owners.modified(cur);
      return cur;
    },
    /**
     * Syncs `key`, then delivers the owner as stored now (the watch event of the status write),
     * so the next sync is not held back waiting for it.
     */
    async sync(key = 'ns/web'): Promise<void> {
      try {
        await controller.sync(key);
      } finally {
        const [namespace, name] = key.split('/');
        const cur = client.objects(kind.resource, namespace).find((o) => o.metadata?.name === name);
        if (
          cur !== undefined &&
          owners.indexer.getByKey(key)?.metadata?.resourceVersion !== cur.metadata?.resourceVersion
        )
          owners.modified(cur);
      }
    },
    /** Names of the pods the controller created or deleted, per verb. */
    podWrites(verb: 'create' | 'delete' | 'patch'): string[] {
      return client
        .actions()
        .filter((a) => a.verb === verb && a.resource === 'pods')
        .map((a) => a.name || String((a.object as Pod | undefined)?.metadata?.generateName ?? ''));
    },
  };
}

/** A ReplicaSet `web` in `ns` selecting app=web. */
export function replicaSet(
  replicas: number,
  extra: { minReadySeconds?: number; uid?: string; ownerUid?: string; name?: string } = {},
): ReplicaSet {
  const rs: ReplicaSet = {
    metadata: { name: extra.name ?? 'web', namespace: 'ns', uid: extra.uid ?? 'rs-uid', generation: 1 },
    spec: {
      replicas,
      minReadySeconds: extra.minReadySeconds ?? 0,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', tier: 'front' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    },
  };
  if (extra.ownerUid !== undefined)
    rs.metadata!.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'd',
        uid: extra.ownerUid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  return rs;
}

/** Options of {@link pod}. */
export interface PodFixture {
  owner?: { kind?: string; name?: string; uid: string };
  labels?: Record<string, string>;
  node?: string;
  phase?: string;
  readySince?: number;
  created?: number;
  deleting?: boolean;
}

/** A pod `name` in `ns`. */
export function pod(name: string, o: PodFixture = {}): Pod {
  const metadata: NonNullable<Pod['metadata']> = {
    name,
    namespace: 'ns',
    uid: `${name}-uid`,
    labels: o.labels ?? { app: 'web', tier: 'front' },
  };
  if (o.created !== undefined) Object.assign(metadata, { creationTimestamp: iso(o.created) });
  if (o.deleting) Object.assign(metadata, { deletionTimestamp: iso(Date.UTC(2026, 0, 1)) });
  if (o.owner !== undefined)
    metadata.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: o.owner.kind ?? 'ReplicaSet',
        name: o.owner.name ?? 'web',
        uid: o.owner.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  const conditions: PodCondition[] =
    o.readySince === undefined
      ? []
      : [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.readySince) }];
  const p: Pod = {
    metadata,
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: o.phase ?? 'Running', ...(conditions.length > 0 ? { conditions } : {}) },
  };
  if (o.node !== undefined) p.spec!.nodeName = o.node;
  return p;
}
