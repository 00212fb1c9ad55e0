import type { ServerResponse } from 'node:http';
import type { RequestInfo } from '../request/index.js';

/** How upstream splits in-flight requests for limiting and for apiserver_current_inflight_requests. */
export type RequestKind = 'readOnly' | 'mutating';

/** kube-apiserver's `--max-requests-inflight` default. */
export const DEFAULT_MAX_REQUESTS_INFLIGHT = 400;
/** kube-apiserver's `--max-mutating-requests-inflight` default. */
export const DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT = 200;

/** The in-flight limits; 0 means unlimited, as upstream. */
export interface InFlightLimits {
  readonly readOnly: number;
  readonly mutating: number;
}

const READ_ONLY_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);
const LONG_RUNNING_VERBS: ReadonlySet<string> = new Set(['watch', 'proxy']);
const LONG_RUNNING_SUBRESOURCES: ReadonlySet<string> = new Set([
  'attach',
  'exec',
  'proxy',
  'log',
  'portforward',
]);

/** readOnly for get, list and watch; every other verb (non-resource POSTs, HEAD, ...) is mutating. Pure. */
export function requestKind(verb: string): RequestKind {
  return READ_ONLY_VERBS.has(verb) ? 'readOnly' : 'mutating';
}

/**
 * Upstream's long-running check: watches, proxying and the streaming subresources (attach, exec,
 * log, portforward, proxy). These are neither limited nor waited for at shutdown. Pure.
 */
export function isLongRunning(info: RequestInfo): boolean {
  if (!info.isResourceRequest) return false;
  return LONG_RUNNING_VERBS.has(info.verb) || LONG_RUNNING_SUBRESOURCES.has(info.subresource);
}

/**
 * kube-apiserver's max-in-flight filter: at most `limits.readOnly` read-only and
 * `limits.mutating` mutating requests at once. A request over its limit is refused unless it is
 * exempt (members of system:masters), which is then served without taking a seat. Also tracks
 * the highest concurrency seen, for apiserver_current_inflight_requests. Single-threaded use only
 * (Node's event loop); every method is O(1).
 */
export class MaxInFlightLimiter {
  private readonly current: Record<RequestKind, number> = { readOnly: 0, mutating: 0 };
  private readonly peak: Record<RequestKind, number> = { readOnly: 0, mutating: 0 };

  constructor(private readonly limits: InFlightLimits) {}

  /**
   * Takes a seat for a request of `kind`. Returns the function that frees it (idempotent), or
   * undefined when the limit is reached and the request is not exempt: answer it with 429.
   */
  admit(kind: RequestKind, exempt: boolean): (() => void) | undefined {
    const limit = kind === 'readOnly' ? this.limits.readOnly : this.limits.mutating;
    if (limit > 0 && this.current[kind] >= limit) return exempt ? () => undefined : undefined;
    this.current[kind]++;
    this.peak[kind] = Math.max(this.peak[kind], this.current[kind]);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.current[kind]--;
    };
  }

  /** Requests of `kind` holding a seat now. */
  inFlight(kind: RequestKind): number {
    return this.current[kind];
  }

  /** The highest concurrency of each kind since the last call; starts the next period at the current level. */
  takeWatermarks(): InFlightLimits {
    const out = { readOnly: this.peak.readOnly, mutating: this.peak.mutating };
    this.peak.readOnly = this.current.readOnly;
    this.peak.mutating = this.current.mutating;
    return out;
  }
}

/** How long upstream tells a throttled client to wait, in seconds. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * Upstream's answer over the in-flight limit: 429 with `Retry-After: 1` and a plain-text body
 * (kube-apiserver writes it with Go's http.Error, not as a Status; clients turn it into a
 * TooManyRequests error from the code and header).
 */
export function sendTooManyRequests(res: ServerResponse): void {
  const body = 'Too many requests, please try again later.\n';
  res.writeHead(429, {
    'Retry-After': String(RETRY_AFTER_SECONDS),
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
