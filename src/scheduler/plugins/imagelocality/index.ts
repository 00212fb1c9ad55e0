// ImageLocality: prefers nodes that already hold the pod's images, weighting each image by its size
// and by how widely it is spread (an image on every node helps little).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  Handle,
  NodeInfo,
  PluginFactory,
  ScorePlugin,
} from '../../framework/types.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';

/** Upstream's plugin name. */
export const NAME = 'ImageLocality';

const MB = 1024 * 1024;
/** Below this total the score is 0. */
export const MIN_THRESHOLD = 23 * MB;
/** Per container: at or above this total the score is maximal. */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Adds `:latest` to an image reference without a tag (as the kubelet reports image names). */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** Sum of the node's image sizes for the pod's containers, each scaled by its spread over the cluster. */
export function sumImageScores(nodeInfo: NodeInfo, pod: Pod, totalNumNodes: number): number {
  const states = nodeInfo.imageStates;
  if (states.size === 0 || totalNumNodes === 0) return 0;
  let sum = 0;
  const add = (image: string | undefined) => {
    if (!image) return;
    const st = states.get(normalizedImageName(image));
    if (st) sum += Math.trunc(st.size * (st.numNodes / totalNumNodes));
  };
  for (const c of pod.spec?.initContainers ?? []) add(c.image);
  for (const c of pod.spec?.containers ?? []) add(c.image);
  return sum;
}

/** Maps a summed image score to 0..MAX_NODE_SCORE between the thresholds. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  if (maxThreshold <= MIN_THRESHOLD) return 0;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** The ImageLocality plugin (score only; its raw scores are already 0..MAX_NODE_SCORE). */
export const factory: PluginFactory = (_args, handle: Handle) =>
  ({
    name: NAME,
    score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      const total = handle.snapshot.nodeInfos.list().length;
      const n = (pod.spec?.initContainers?.length ?? 0) + (pod.spec?.containers?.length ?? 0);
      return { score: calculatePriority(sumImageScores(nodeInfo, pod, total), n) };
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        { event: { resource: 'Node', action: 'Add' } },
        { event: { resource: 'Node', action: 'Update' } },
      ];
    },
  }) satisfies ScorePlugin & EnqueueExtensions;
