// Pod status as a kubelet reports it, for tests that stand in for kubelets against a real API server.
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { formatRFC3339 } from '../../src/apimachinery/meta/index.js';
import { PODS } from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';

/** `pod`'s status once running with every container ready: phase Running, Ready and ContainersReady since `now`. */
export function runningReadyStatus(pod: Pod, now: Date = new Date()): PodStatus {
  const since = formatRFC3339(now);
  return {
    ...pod.status,
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'True', lastTransitionTime: since },
      { type: 'ContainersReady', status: 'True', lastTransitionTime: since },
    ],
  };
}

/** Writes {@link runningReadyStatus} of `pod` through the status subresource, as its kubelet would. */
export async function markPodReady(client: Client, pod: Pod): Promise<Pod> {
  return client.resource(PODS).updateStatus({ ...pod, status: runningReadyStatus(pod) });
}
