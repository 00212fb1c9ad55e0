// Test helpers for preemption and volume plugins: node and pod infos as the scheduler builds
// them, a CPU-fit filter and a handle over the fake client.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../apimachinery/quantity/index.js';
import { InformerFactory } from '../../client/informers/factory.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import { ManualClock } from '../../client/testing/manual-clock.js';
import { RecordingBroadcaster } from '../../controllers/testing.js';
import { DISCARD_LOGGER } from '../../log/index.js';
import type { CycleState } from '../framework/cycle-state.js';
import { Status } from '../framework/status.js';
import { newNodeInfo } from '../framework/node-info.js';
import { newPodInfo } from '../framework/pod-info.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';
import { NODE_INFO_OPS } from './node-info-ops.js';
import type { NodeInfoOps, PreemptionHandle } from './types.js';

/** Millicores a pod requests (sum of its containers' cpu requests). */
export function podMilliCPU(pod: Pod): number {
  let sum = 0;
  for (const c of pod.spec?.containers ?? []) {
    const q = c.resources?.requests?.cpu;
    if (q !== undefined) sum += Number(parseQuantity(String(q)).milliValue());
  }
  return sum;
}

/** A PodInfo as the scheduler builds it. */
export function testPodInfo(pod: Pod): PodInfo {
  return newPodInfo(pod);
}

/** A NodeInfo as the scheduler cache builds it. */
export function testNodeInfo(node: Node, pods: readonly Pod[] = []): NodeInfo {
  return newNodeInfo(node, pods);
}

/** The NodeInfoOps the plugins use by default. */
export const TEST_NODE_INFO_OPS: NodeInfoOps = NODE_INFO_OPS;

/** Rejects with `Insufficient cpu` when the pod's CPU does not fit beside the node's pods. */
export function cpuFitFilter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
  if (nodeInfo.requested.milliCPU + podMilliCPU(pod) > nodeInfo.allocatable.milliCPU) {
    return Status.unschedulable('Insufficient cpu').withPlugin('NodeResourcesFit');
  }
  return undefined;
}

/** A handle over a FakeClient whose snapshot holds `nodeInfos` and whose filter is `filter`. */
export function testHandle(
  nodeInfos: readonly NodeInfo[],
  filter: (state: CycleState, pod: Pod, nodeInfo: NodeInfo) => Status | undefined = cpuFitFilter,
  nominated: ReadonlyMap<string, readonly PodInfo[]> = new Map(),
): {
  handle: PreemptionHandle;
  client: FakeClient;
  informers: InformerFactory;
  clock: ManualClock;
  events: RecordingBroadcaster;
} {
  const clock = new ManualClock();
  const client = new FakeClient({ clock });
  const informers = new InformerFactory(client, { clock });
  const events = new RecordingBroadcaster();
  const byName = new Map(nodeInfos.map((n) => [n.name, n]));
  const handle: PreemptionHandle = {
    snapshot: {
      nodeInfos: {
        list: () => nodeInfos,
        get: (name) => byName.get(name),
        havePodsWithAffinityList: () => [],
        havePodsWithRequiredAntiAffinityList: () => [],
      },
    },
    client,
    informers,
    recorder: events.newRecorder('default-scheduler'),
    clock,
    log: DISCARD_LOGGER,
    nominator: { nominatedPodsForNode: (n) => nominated.get(n) ?? [] },
    runFilterPluginsWithNominatedPods: filter,
  };
  return { handle, client, informers, clock, events };
}
