// PrioritySort: the queue pops higher-priority pods first, older first among equals.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PluginFactory, QueuedPodInfo, QueueSortPlugin } from '../../framework/types.js';

/** Upstream's plugin name. */
export const NAME = 'PrioritySort';

function priority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** Whether `a` goes before `b`: higher priority, then earlier queue timestamp. */
export function less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const p1 = priority(a.podInfo.pod);
  const p2 = priority(b.podInfo.pod);
  return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
}

/** The PrioritySort plugin. */
export const factory: PluginFactory = () => ({ name: NAME, less }) satisfies QueueSortPlugin;
