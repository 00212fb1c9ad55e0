// A unit-test environment for workload controllers over the shared test context: caches filled
// from the fake client on demand (pods get the Pending phase the API server gives new pods), pod
// states set as a kubelet would, events as `Type Reason Message` lines.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { PODS } from '../../client/resources.js';
import type { KubeObject, Resource } from '../../client/types.js';
import { newTestContext, refreshCache, type TestContext } from '../testing.js';

/** What a controller unit test works with. */
export interface TestEnv extends TestContext {
  /**
   * Copies the fake's objects of each resource into the informer caches (as a watch would). Pods
   * without a phase first get `Pending`, as the API server gives every pod it creates.
   */
  syncCaches(resources: readonly Resource[]): Promise<void>;
  /** Sets a pod's phase and Ready condition through the status subresource, as a kubelet. */
  setPodState(
    namespace: string,
    name: string,
    phase: string,
    ready: boolean,
    readySince?: number,
  ): Promise<Pod>;
  /** `Type Reason Message` of every event so far, oldest first. */
  eventLines(): string[];
  /** Forgets the events so far. */
  clearEvents(): void;
}

/** A fresh environment; the clock starts at 2026-01-01T00:00:00Z. */
export function newTestEnv(): TestEnv {
  const t = newTestContext();
  const { client, clock, events } = t;
  return {
    ...t,
    async syncCaches(resources) {
      for (const pod of client.objects(PODS)) {
        if (pod.status?.phase !== undefined) continue;
        await client.resource(PODS).updateStatus({ ...pod, status: { ...pod.status, phase: 'Pending' } });
      }
      for (const r of resources) refreshCache(t, r as Resource<KubeObject>);
    },
    async setPodState(namespace, name, phase, ready, readySince) {
      const api = client.resource(PODS);
      const pod = await api.get(namespace, name);
      const since = new Date(readySince ?? clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const status = {
        ...pod.status,
        phase,
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: since }],
      };
      return api.updateStatus({ ...pod, status });
    },
    eventLines: () => events.events.map((e) => `${e.type} ${e.reason} ${e.message}`),
    clearEvents: () => {
      events.events.length = 0;
    },
  };
}
