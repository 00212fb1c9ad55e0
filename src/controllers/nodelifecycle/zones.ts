// Zones of nodes and their health, as the node lifecycle controller grades them to decide how fast
// it may evict.
import type { Node } from 'kubernetes-types/core/v1.js';

export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';
const LEGACY_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const LEGACY_REGION = 'failure-domain.beta.kubernetes.io/region';

/** Normal, some nodes down (PartialDisruption), or none ready (FullDisruption). */
export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** The zone key of a node: region and zone labels joined as upstream (`region:\x00:zone`). */
export function zoneKey(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const region = l[LABEL_REGION] ?? l[LEGACY_REGION] ?? '';
  const zone = l[LABEL_ZONE] ?? l[LEGACY_ZONE] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/**
 * Grades a zone from the count of its nodes whose Ready condition is True and of the rest: no
 * ready node and some not ready → FullDisruption; more than two not ready and at least
 * `threshold` of the zone → PartialDisruption; else Normal.
 */
export function computeZoneState(readyNodes: number, notReady: number, threshold: number): ZoneState {
  if (readyNodes === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + readyNodes) >= threshold) return 'PartialDisruption';
  return 'Normal';
}

/** The Ready statuses of one zone's nodes, with running counts. */
export class ZoneTally {
  private readonly members = new Map<string, boolean>();
  ready = 0;

  get size(): number {
    return this.members.size;
  }

  /** Records whether node `name` is ready (Ready condition True). */
  set(name: string, isReady: boolean): void {
    const old = this.members.get(name);
    if (old === true) this.ready--;
    this.members.set(name, isReady);
    if (isReady) this.ready++;
  }

  delete(name: string): void {
    if (this.members.get(name) === true) this.ready--;
    this.members.delete(name);
  }

  state(threshold: number): ZoneState {
    return computeZoneState(this.ready, this.members.size - this.ready, threshold);
  }
}

/**
 * Eviction rate (nodes/s) of a zone in `state`: the primary rate when Normal or fully disrupted,
 * the secondary rate when partially disrupted in a large zone, 0 in a small one.
 */
export function zoneEvictionRate(
  state: ZoneState,
  zoneSize: number,
  opts: { primary: number; secondary: number; largeClusterThreshold: number },
): number {
  if (state === 'PartialDisruption') return zoneSize > opts.largeClusterThreshold ? opts.secondary : 0;
  return opts.primary;
}
