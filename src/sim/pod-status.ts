import type { ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import { parseGoDurationMs } from '../apimachinery/duration/index.js';

/** Annotation: the pod's containers exit 0 this long after starting (a Go duration, e.g. `5s`). */
export const COMPLETE_AFTER_ANNOTATION = 'sim.kite.dev/complete-after';
/** Annotation: the pod's containers exit non-zero this long after starting. */
export const FAIL_AFTER_ANNOTATION = 'sim.kite.dev/fail-after';
/** Annotation: the exit code of a failing pod (default 1). */
export const EXIT_CODE_ANNOTATION = 'sim.kite.dev/exit-code';

/** How a simulated pod ends, read from its annotations. */
export interface PodEnding {
  /** Milliseconds after start. */
  readonly afterMs: number;
  readonly exitCode: number;
}

/**
 * The ending a pod's annotations ask for: fail-after wins over complete-after; undefined when the
 * pod runs until deleted or the annotations are malformed.
 */
export function podEnding(pod: Pod): PodEnding | undefined {
  const a = pod.metadata?.annotations;
  if (a === undefined) return undefined;
  const fail = a[FAIL_AFTER_ANNOTATION];
  const complete = a[COMPLETE_AFTER_ANNOTATION];
  const text = fail ?? complete;
  if (text === undefined) return undefined;
  let ms: number;
  try {
    ms = parseGoDurationMs(text);
  } catch {
    return undefined;
  }
  if (!(ms >= 0)) return undefined;
  if (fail === undefined) return { afterMs: ms, exitCode: 0 };
  const code = Number(a[EXIT_CODE_ANNOTATION] ?? '1');
  return { afterMs: ms, exitCode: Number.isInteger(code) && code !== 0 ? code : 1 };
}

/** Node facts a pod's status carries. */
export interface PodPlacement {
  readonly hostIP: string;
  readonly podIP: string;
}

const iso = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function condition(type: string, ok: boolean, at: string, reason?: string): PodCondition {
  return {
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null as unknown as string,
    lastTransitionTime: at,
    ...(reason === undefined ? {} : { reason }),
  };
}

/** The container ID the simulator reports for one container of a pod. */
export function containerID(pod: Pod, name: string): string {
  return `sim://${pod.metadata?.uid ?? ''}/${name}`;
}

/** The image ID reported for an image reference. */
export function imageID(image: string): string {
  return `sim://${image}`;
}

function scheduledCondition(pod: Pod, at: string): PodCondition {
  const existing = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return existing ?? condition('PodScheduled', true, at);
}

/** The startTime a pod has or gets now. */
function startTimeOf(pod: Pod, nowMs: number): string {
  return pod.status?.startTime ?? iso(nowMs);
}

function initStatuses(pod: Pod, start: string): ContainerStatus[] | undefined {
  const init = pod.spec?.initContainers;
  if (init === undefined || init.length === 0) return undefined;
  return init.map((c) => ({
    name: c.name,
    image: c.image ?? '',
    imageID: imageID(c.image ?? ''),
    containerID: containerID(pod, c.name),
    ready: true,
    started: false,
    restartCount: 0,
    state: {
      terminated: {
        exitCode: 0,
        reason: 'Completed',
        startedAt: start,
        finishedAt: start,
        containerID: containerID(pod, c.name),
      },
    },
  }));
}

/**
 * The status a kubelet would report once every container of `pod` runs and is ready: phase
 * Running, the five pod conditions, startTime, container statuses, host and pod IPs. QoS class
 * and anything else the server set are kept.
 */
export function runningStatus(pod: Pod, where: PodPlacement, nowMs: number): PodStatus {
  const at = iso(nowMs);
  const start = startTimeOf(pod, nowMs);
  const init = initStatuses(pod, start);
  return {
    ...pod.status,
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', true, at),
      condition('Initialized', true, at),
      condition('Ready', true, at),
      condition('ContainersReady', true, at),
      scheduledCondition(pod, at),
    ],
    hostIP: where.hostIP,
    hostIPs: [{ ip: where.hostIP }],
    podIP: where.podIP,
    podIPs: [{ ip: where.podIP }],
    startTime: start,
    ...(init === undefined ? {} : { initContainerStatuses: init }),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: imageID(c.image ?? ''),
      containerID: containerID(pod, c.name),
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: start } },
    })),
  };
}

/**
 * The status once every container has exited with `exitCode`: Succeeded for 0, Failed otherwise,
 * with the Ready and ContainersReady conditions false for reason PodCompleted (as the kubelet).
 */
export function terminatedStatus(pod: Pod, where: PodPlacement, exitCode: number, nowMs: number): PodStatus {
  const at = iso(nowMs);
  const start = startTimeOf(pod, nowMs);
  const init = initStatuses(pod, start);
  const ok = exitCode === 0;
  return {
    ...pod.status,
    phase: ok ? 'Succeeded' : 'Failed',
    conditions: [
      condition('PodReadyToStartContainers', false, at),
      condition('Initialized', true, at, 'PodCompleted'),
      condition('Ready', false, at, 'PodCompleted'),
      condition('ContainersReady', false, at, 'PodCompleted'),
      scheduledCondition(pod, at),
    ],
    hostIP: where.hostIP,
    hostIPs: [{ ip: where.hostIP }],
    podIP: where.podIP,
    podIPs: [{ ip: where.podIP }],
    startTime: start,
    ...(init === undefined ? {} : { initContainerStatuses: init }),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => {
      const prev = pod.status?.containerStatuses?.find((s) => s.name === c.name);
      return {
        name: c.name,
        image: c.image ?? '',
        imageID: imageID(c.image ?? ''),
        containerID: containerID(pod, c.name),
        ready: false,
        started: false,
        restartCount: 0,
        state: {
          terminated: {
            exitCode,
            reason: ok ? 'Completed' : 'Error',
            startedAt: prev?.state?.running?.startedAt ?? start,
            finishedAt: at,
            containerID: containerID(pod, c.name),
          },
        },
      };
    }),
  };
}
