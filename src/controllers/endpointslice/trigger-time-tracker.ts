// The value of the endpoints.kubernetes.io/last-change-trigger-time annotation: the earliest
// change (pod readiness transition or service creation) not yet reflected at the last sync.
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { podReadyTransitionTime } from './pod-util.js';

/** The annotation the Endpoints and EndpointSlice controllers set. */
export const LAST_CHANGE_TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

function parse(t: string | undefined): number | undefined {
  if (t === undefined) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Formats an instant as Go's RFC3339Nano in UTC (fraction without trailing zeros). Pure. */
export function formatRFC3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac === '' ? 'Z' : `.${frac}Z`));
}

interface ServiceState {
  serviceTime: number | undefined;
  podTimes: Map<string, number>;
}

/**
 * Per-service memory of the trigger times seen at the last sync. Not safe for concurrent calls
 * for the same service (the work queue never runs one key twice at once).
 */
export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /**
   * Records the current trigger times of `service` and its `pods` and returns the instant to
   * export (ms since the epoch), or undefined when none should be: the service's creation time for
   * a service not seen before, else the earliest trigger time that advanced since the last call.
   */
  compute(namespace: string, service: Service, pods: readonly Pod[]): number | undefined {
    const key = `${namespace}/${service.metadata?.name ?? ''}`;
    const state = this.states.get(key);
    let min: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = parse(podReadyTransitionTime(pod));
      if (t === undefined) continue;
      const name = pod.metadata?.name ?? '';
      podTimes.set(name, t);
      const last = state?.podTimes.get(name);
      if (last === undefined || t > last) min = min === undefined ? t : Math.min(min, t);
    }
    const serviceTime = parse(service.metadata?.creationTimestamp);
    const lastService = state?.serviceTime;
    if (serviceTime !== undefined && (lastService === undefined || serviceTime > lastService))
      min = min === undefined ? serviceTime : Math.min(min, serviceTime);
    this.states.set(key, { serviceTime, podTimes });
    if (state === undefined) return serviceTime;
    return min;
  }

  /** Forgets a deleted service. */
  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}
