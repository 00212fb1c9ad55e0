// The "0/N nodes are available: ..." text of a failed search, composed as upstream's FitError does.
import type { Status } from '../framework/status.js';

/**
 * Upstream's FitError message without PreFilter or PostFilter parts: every reason counted over
 * the nodes (nodes absent from `statuses` count with `absent`'s reasons), each written
 * `<count> <reason>`, sorted as strings and joined with ", ". Pure.
 */
export function noNodesAvailableMessage(
  numAllNodes: number,
  statuses: ReadonlyMap<string, Status>,
  absent: Status,
): string {
  const counts = new Map<string, number>();
  for (const s of statuses.values()) {
    for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  if (statuses.size < numAllNodes) {
    const n = numAllNodes - statuses.size;
    for (const r of absent.reasons) counts.set(r, (counts.get(r) ?? 0) + n);
  }
  const parts: string[] = [];
  for (const [r, n] of counts) parts.push(`${n} ${r}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let msg = `0/${numAllNodes} nodes are available:`;
  if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  return msg;
}
