// The taints the node lifecycle controller owns, and how node conditions map to them.
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** node.kubernetes.io/not-ready:NoExecute, added when Ready is False. */
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };
/** node.kubernetes.io/unreachable:NoExecute, added when Ready is Unknown. */
export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };

/**
 * NoSchedule taints by condition type and status (upstream's nodeConditionToTaintKeyStatusMap);
 * keys of taints this controller adds and removes as conditions change.
 */
export const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

const NO_SCHEDULE_KEYS = new Set([
  ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)),
  TAINT_UNSCHEDULABLE,
]);

/** The condition of `type`, or undefined. */
export function nodeCondition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** Whether `taints` hold one with the key and effect of `t`. */
export function hasTaint(taints: readonly Taint[] | undefined, t: Taint): boolean {
  return (taints ?? []).some((x) => x.key === t.key && x.effect === t.effect);
}

/**
 * The NoSchedule taints `node` should carry from its conditions and spec.unschedulable, or
 * undefined when its taints already agree. Taints of other keys are kept in order.
 */
export function desiredNoScheduleTaints(node: Node): Taint[] | undefined {
  const want: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key !== undefined) want.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable === true) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const current = node.spec?.taints ?? [];
  const ours = current.filter((t) => t.effect === 'NoSchedule' && NO_SCHEDULE_KEYS.has(t.key));
  const same =
    ours.length === want.length &&
    want.every((w) => ours.some((o) => o.key === w.key && o.effect === w.effect));
  if (same) return undefined;
  const kept = current.filter((t) => !(t.effect === 'NoSchedule' && NO_SCHEDULE_KEYS.has(t.key)));
  return [...kept, ...want];
}

/**
 * `taints` with `add` present (TimeAdded = now for NoExecute, as upstream stamps it) and `remove`
 * absent; undefined when nothing changes.
 */
export function swapTaints(
  taints: readonly Taint[] | undefined,
  add: readonly Taint[],
  remove: readonly Taint[],
  now: string,
): Taint[] | undefined {
  let out = [...(taints ?? [])];
  let changed = false;
  for (const r of remove) {
    const before = out.length;
    out = out.filter((t) => !(t.key === r.key && t.effect === r.effect));
    if (out.length !== before) changed = true;
  }
  for (const a of add) {
    if (hasTaint(out, a)) continue;
    out.push(a.effect === 'NoExecute' ? { ...a, timeAdded: now } : { ...a });
    changed = true;
  }
  return changed ? out : undefined;
}
