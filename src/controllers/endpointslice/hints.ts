// Topology hints from a service's trafficDistribution: ready endpoints are hinted for their own
// zone (PreferClose, PreferSameZone) and also their own node (PreferSameNode); without a known
// trafficDistribution every hint is removed.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointHints, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { deepCopy } from '../../apimachinery/meta/index.js';

const CLOSE = new Set(['PreferClose', 'PreferSameZone', 'PreferSameNode']);

/**
 * Whether the service opts into the older topology-aware hints annotation (either spelling, value
 * Auto or auto), which takes the place of trafficDistribution. Pure.
 */
export function topologyAnnotationEnabled(svc: Service): boolean {
  const a = svc.metadata?.annotations ?? {};
  const v = a['service.kubernetes.io/topology-aware-hints'] ?? a['service.kubernetes.io/topology-mode'];
  return v === 'Auto' || v === 'auto';
}

// kubernetes-types predates forNodes.
type Hints = EndpointHints & { forNodes?: { name: string }[] };

interface Heuristic {
  needsUpdate(slice: EndpointSlice): boolean;
  update(slice: EndpointSlice): void;
}

const isReady = (ep: Endpoint): boolean => ep.conditions?.ready === true;

const clearAll: Heuristic = {
  needsUpdate: (s) => (s.endpoints ?? []).some((ep) => ep.hints !== undefined),
  update: (s) => {
    for (const ep of s.endpoints ?? []) delete ep.hints;
  },
};

function preferClose(nodeHints: boolean): Heuristic {
  return {
    needsUpdate(s) {
      for (const ep of s.endpoints ?? []) {
        if (!isReady(ep)) continue;
        const h = ep.hints as Hints | undefined;
        if (ep.zone !== undefined) {
          if (h?.forZones?.length !== 1 || h.forZones[0]?.name !== ep.zone) return true;
        } else if ((h?.forZones?.length ?? 0) > 0) return true;
        if (ep.nodeName !== undefined && nodeHints) {
          if (h?.forNodes?.length !== 1 || h.forNodes[0]?.name !== ep.nodeName) return true;
        } else if ((h?.forNodes?.length ?? 0) > 0) return true;
      }
      return false;
    },
    update(s) {
      for (const ep of s.endpoints ?? []) {
        if (!isReady(ep)) continue;
        const hints: Hints = {};
        if (ep.zone !== undefined) hints.forZones = [{ name: ep.zone }];
        if (ep.nodeName !== undefined && nodeHints) hints.forNodes = [{ name: ep.nodeName }];
        if (hints.forZones !== undefined || hints.forNodes !== undefined) ep.hints = hints;
        else delete ep.hints;
      }
    },
  };
}

/** Clears the hints of every endpoint of the given slices, in place. */
export function removeHints(slices: readonly EndpointSlice[]): void {
  for (const s of slices) clearAll.update(s);
}

/**
 * Applies the hints `trafficDistribution` calls for to the slices to create and update (in place);
 * unchanged slices whose hints are wrong are copied and appended to `toUpdate`. Returns the
 * slices that stay unchanged.
 */
export function reconcileHints(
  trafficDistribution: string | undefined,
  toCreate: readonly EndpointSlice[],
  toUpdate: EndpointSlice[],
  unchanged: readonly EndpointSlice[],
): EndpointSlice[] {
  const h =
    trafficDistribution !== undefined && CLOSE.has(trafficDistribution)
      ? preferClose(trafficDistribution === 'PreferSameNode')
      : clearAll;
  const still: EndpointSlice[] = [];
  for (const s of unchanged) {
    if (h.needsUpdate(s)) toUpdate.push(deepCopy(s));
    else still.push(s);
  }
  for (const s of toCreate) h.update(s);
  for (const s of toUpdate) h.update(s);
  return still;
}
