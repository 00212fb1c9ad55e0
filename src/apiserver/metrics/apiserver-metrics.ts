import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestLabels } from './labels.js';

/** Upstream's buckets for request and storage latency, in seconds. */
export const LATENCY_BUCKETS: readonly number[] = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];

const REQUEST_LABELS = [
  'verb',
  'dry_run',
  'group',
  'version',
  'resource',
  'subresource',
  'scope',
  'component',
] as const;
const LONG_RUNNING_LABELS = [
  'verb',
  'group',
  'version',
  'resource',
  'subresource',
  'scope',
  'component',
] as const;

/** Counts the stored objects of each resource label; a rejected count reports -1, as upstream. */
export type ObjectCounter = () => Promise<ReadonlyMap<string, number>>;

/** Options of one server's metrics. */
export interface APIServerMetricsOptions {
  /** Also export process_start_time_seconds, process_cpu_seconds_total and process_resident_memory_bytes (default true). */
  readonly processMetrics?: boolean;
  /** Counts stored objects for `apiserver_storage_objects` at each scrape. */
  readonly countObjects?: ObjectCounter;
}

/**
 * The metrics of one API server, in a registry of its own (never prom-client's global one), so
 * that several servers can run in one process. Names, labels and buckets are upstream's:
 * apiserver_request_total, apiserver_request_duration_seconds, apiserver_request_terminations_total,
 * apiserver_longrunning_requests, apiserver_current_inflight_requests, apiserver_storage_objects,
 * etcd_request_duration_seconds, etcd_requests_total and etcd_request_errors_total. Recording
 * methods are synchronous and never throw.
 */
export class APIServerMetrics {
  /** Where every metric of this server lives. */
  readonly registry = new Registry();
  private readonly requests: Counter<(typeof REQUEST_LABELS)[number] | 'code'>;
  private readonly durations: Histogram<(typeof REQUEST_LABELS)[number]>;
  private readonly terminations: Counter<(typeof REQUEST_LABELS)[number] | 'code'>;
  private readonly longRunning: Gauge<(typeof LONG_RUNNING_LABELS)[number]>;
  private readonly inflight: Gauge<'request_kind'>;
  private readonly storeDurations: Histogram<'operation' | 'type'>;
  private readonly storeRequests: Counter<'operation' | 'type'>;
  private readonly storeErrors: Counter<'operation' | 'type'>;

  constructor(opts: APIServerMetricsOptions = {}) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: 'Requests answered, by verb, dry run, group, version, resource, scope, component and HTTP code.',
      labelNames: [...REQUEST_LABELS, 'code'],
      registers,
    });
    this.durations = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Time to answer a request in seconds, by verb, dry run, group, version, resource, subresource, scope and component.',
      labelNames: [...REQUEST_LABELS],
      buckets: [...LATENCY_BUCKETS],
      registers,
    });
    this.terminations = new Counter({
      name: 'apiserver_request_terminations_total',
      help: 'Requests the server turned away in self-defense (too many in flight, shutting down), by code.',
      labelNames: [...REQUEST_LABELS, 'code'],
      registers,
    });
    this.longRunning = new Gauge({
      name: 'apiserver_longrunning_requests',
      help: 'Long-running requests (watches and streams) open now.',
      labelNames: [...LONG_RUNNING_LABELS],
      registers,
    });
    this.inflight = new Gauge({
      name: 'apiserver_current_inflight_requests',
      help: 'Most requests in flight at once during the last second, by request kind (readOnly or mutating).',
      labelNames: ['request_kind'],
      registers,
    });
    for (const kind of ['readOnly', 'mutating']) this.inflight.set({ request_kind: kind }, 0);
    this.storeDurations = new Histogram({
      name: 'etcd_request_duration_seconds',
      help: 'Storage request latency in seconds, by operation and resource.',
      labelNames: ['operation', 'type'],
      buckets: [...LATENCY_BUCKETS],
      registers,
    });
    this.storeRequests = new Counter({
      name: 'etcd_requests_total',
      help: 'Storage requests, by operation and resource.',
      labelNames: ['operation', 'type'],
      registers,
    });
    this.storeErrors = new Counter({
      name: 'etcd_request_errors_total',
      help: 'Failed storage requests, by operation and resource.',
      labelNames: ['operation', 'type'],
      registers,
    });
    const count = opts.countObjects;
    if (count !== undefined) {
      new Gauge({
        name: 'apiserver_storage_objects',
        help: 'Objects stored at the last scrape, by resource.',
        labelNames: ['resource'],
        registers,
        async collect() {
          const counts = await count();
          for (const [resource, n] of counts) this.set({ resource }, n);
        },
      });
    }
    if (opts.processMetrics ?? true) registerProcessMetrics(this.registry);
  }

  /** Records a finished request: its count by code and its duration. */
  observeRequest(labels: RequestLabels, code: number, seconds: number): void {
    this.requests.inc(withCode(labels, code));
    this.durations.observe(sorted(labels), seconds);
  }

  /** Records a request refused before any handler ran (429 over the in-flight limit). */
  observeTermination(labels: RequestLabels, code: number): void {
    this.terminations.inc(withCode(labels, code));
  }

  /** Counts a long-running request as open; the returned function (idempotent) closes it. */
  longRunningStarted(labels: RequestLabels): () => void {
    const { dry_run: _, ...l } = sorted(labels);
    this.longRunning.inc(l);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.longRunning.dec(l);
    };
  }

  /** Sets the in-flight watermarks of the last period. */
  setInflight(readOnly: number, mutating: number): void {
    this.inflight.set({ request_kind: 'readOnly' }, readOnly);
    this.inflight.set({ request_kind: 'mutating' }, mutating);
  }

  /** Records one storage call (see measuredStore). */
  observeStore(operation: string, type: string, seconds: number, failed: boolean): void {
    const l = { operation, type };
    this.storeDurations.observe(l, seconds);
    this.storeRequests.inc(l);
    if (failed) this.storeErrors.inc(l);
  }

  /** The Prometheus text exposition of every metric, with its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

// Labels in name order, as Go's client writes them (prom-client keeps the order it is given).
function sorted(l: RequestLabels): RequestLabels {
  return {
    component: l.component,
    dry_run: l.dry_run,
    group: l.group,
    resource: l.resource,
    scope: l.scope,
    subresource: l.subresource,
    verb: l.verb,
    version: l.version,
  };
}

function withCode(l: RequestLabels, code: number): RequestLabels & { code: string } {
  return { code: String(code), ...sorted(l) };
}

/**
 * An ObjectCounter over `count(prefix)`: counts every resource concurrently, -1 for a failed
 * count (as upstream reports an unknown size).
 */
export function objectCounter(
  count: (prefix: string) => Promise<number>,
  resources: readonly { readonly prefix: string; readonly label: string }[],
): ObjectCounter {
  return async () => {
    const counts = await Promise.all(resources.map((r) => count(r.prefix).catch(() => -1)));
    return new Map(resources.map((r, i) => [r.label, counts[i]!]));
  };
}

// The process metrics every upstream component exports, read at scrape time (no timers, no
// observers: nothing keeps the process alive or outlives the registry).
function registerProcessMetrics(registry: Registry): void {
  const registers = [registry];
  const startSeconds = Math.round((Date.now() - performance.now()) / 10) / 100;
  new Gauge({
    name: 'process_start_time_seconds',
    help: 'When this process started, in seconds since the Unix epoch.',
    registers,
    collect() {
      this.set(startSeconds);
    },
  });
  new Counter({
    name: 'process_cpu_seconds_total',
    help: 'CPU time this process has used (user and system), in seconds.',
    registers,
    collect() {
      const u = process.cpuUsage();
      this.reset();
      this.inc((u.user + u.system) / 1e6);
    },
  });
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Memory this process holds resident, in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
}
