// The events.k8s.io/v1 broadcaster and recorder of client-go's tools/events: events are written
// in the background, and repeats of an event become an EventSeries on the event first written.
//
// Life of an isomorphic key (type, action, reason, reporting controller and instance, regarding
// and related object) in the cache:
//
//   eventf ──create──▶ singleton ──repeat: PATCH series {count: 2}──▶ series ──repeat──▶ count+1
//                         │                                            │      (cache only)
//                   sweep, 6 min old                         sweep, no repeat for 6 min:
//                         ▼                                  PATCH final count, then ▼
//                     forgotten                                                forgotten
//
// The sweep runs every 6 minutes while the cache holds anything; while a series lives, it is also
// patched every 30 minutes (the heartbeat that tells readers it still goes on). An idle
// broadcaster holds no timers.
import { hostname } from 'node:os';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { Event as EventV1 } from 'kubernetes-types/events/v1.js';
import { formatMicroTime } from '../../apimachinery/meta/index.js';
import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import { type Clock, SYSTEM_CLOCK, type Timer } from '../clock.js';
import { jitter, sleep } from '../informers/wait.js';
import { EVENTS_V1 } from '../resources.js';
import type { Client, KubeObject, ResourceClient } from '../types.js';
import { eventName, NanoStamp } from './correlator.js';
import { describeEventV1, type WriteOutcome, writeEventV1 } from './events-v1-sink.js';
import { objectReference, referenceKey } from './object-reference.js';
import type { EventType } from './types.js';

/** Attempts per event write before it is dropped (maxTriesPerEvent). */
export const EVENTS_V1_MAX_TRIES = 12;
/** Pause between attempts, each lengthened by a random part of up to a quarter. */
export const EVENTS_V1_RETRY_SLEEP_MS = 10_000;
/** A series not repeated for this long is finished; a singleton this old is forgotten. */
export const SERIES_FINISH_MS = 6 * 60_000;
/** How often live series are written again. */
export const SERIES_REFRESH_MS = 30 * 60_000;
/** Event writes waiting beyond this are dropped (the broadcaster's queue length). */
export const EVENTS_V1_MAX_PENDING = 1000;

const GROUP = 'events.k8s.io';

/** Options of newEventsV1Broadcaster. */
export interface EventsV1BroadcasterOptions {
  client: Client;
  clock?: Clock;
  log?: Logger;
  /** `reportingController` of the events, e.g. `kubernetes.io/some-controller` or `default-scheduler`. */
  reportingController: string;
  /** `reportingInstance` of the events; `<reportingController>-<hostname>` when absent. */
  reportingInstance?: string;
  random?: () => number;
}

/** Records events.k8s.io/v1 Events. Never blocks and never throws. */
export interface EventsV1Recorder {
  /**
   * An event about `regarding` (which must carry its kind; apiVersion, namespace, name, uid and
   * resourceVersion are taken when set), optionally naming a `related` object (left out when it
   * has no kind). Events whose regarding object has no kind, or whose type is neither Normal nor
   * Warning, are logged and dropped.
   */
  eventf(
    regarding: KubeObject,
    related: KubeObject | undefined,
    type: EventType,
    reason: string,
    action: string,
    note: string,
  ): void;
}

/** Makes recorders and owns the background writer, the series sweep and the heartbeat. */
export interface EventsV1Broadcaster {
  /** A recorder with the broadcaster's reporting controller and instance, or those given. */
  newRecorder(reporting?: { controller: string; instance: string }): EventsV1Recorder;
  /** Resolves once every write started so far finished or was dropped (retries included). */
  flush(): Promise<void>;
  /** Stops: pending writes, retries and timers are dropped, later events ignored. Idempotent. */
  shutdown(): void;
}

interface CacheEntry {
  readonly key: string;
  /** The event as first recorded; its series is updated in place. */
  readonly event: EventV1;
  readonly eventMs: number;
  lastObservedMs: number;
  /** Writes of this key run one after the other, in the order they were asked for. */
  tail: Promise<void>;
}

/** The isomorphic key: what must be equal for a repeat to join a series. */
function seriesKey(e: EventV1): string {
  return JSON.stringify([
    e.type ?? '',
    e.action ?? '',
    e.reason ?? '',
    e.reportingController ?? '',
    e.reportingInstance ?? '',
    ...referenceKey(e.regarding),
    ...referenceKey(e.related),
  ]);
}

const micro = (ms: number): string => formatMicroTime(new Date(ms));

class Broadcaster implements EventsV1Broadcaster {
  private readonly events: ResourceClient<EventV1>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly reporting: { controller: string; instance: string };
  private readonly stop = new AbortController();
  private readonly stamps = new NanoStamp();
  private readonly cache = new Map<string, CacheEntry>();
  private readonly running = new Set<Promise<void>>();
  private pending = 0;
  private finishTimer: Timer | undefined;
  private refreshTimer: Timer | undefined;
  private served: boolean | undefined;
  private discovery: Promise<boolean> | undefined;

  constructor(private readonly opts: EventsV1BroadcasterOptions) {
    this.events = opts.client.resource(EVENTS_V1);
    this.clock = opts.clock ?? SYSTEM_CLOCK;
    this.log = opts.log ?? DISCARD_LOGGER;
    this.random = opts.random ?? Math.random;
    this.reporting = {
      controller: opts.reportingController,
      instance: opts.reportingInstance ?? `${opts.reportingController}-${hostname()}`,
    };
  }

  newRecorder(reporting = this.reporting): EventsV1Recorder {
    const { controller, instance } = reporting;
    return {
      eventf: (regarding, related, type, reason, action, note) =>
        this.record(controller, instance, regarding, related, type, reason, action, note),
    };
  }

  async flush(): Promise<void> {
    // Bounded: each pass waits for what runs now; what that starts is waited for by the next.
    for (let i = 0; i < 1000 && this.running.size > 0; i++) await Promise.all([...this.running]);
  }

  shutdown(): void {
    this.stop.abort();
    this.dropAll();
  }

  private get stopped(): boolean {
    return this.stop.signal.aborted;
  }

  private record(
    controller: string,
    instance: string,
    regarding: KubeObject,
    related: KubeObject | undefined,
    type: EventType,
    reason: string,
    action: string,
    note: string,
  ): void {
    try {
      if (this.stopped || this.served === false) return;
      const ref = objectReference(regarding);
      if (typeof ref === 'string') {
        this.log.error('event', 'Could not construct reference, will not report event', {
          object: `${regarding.metadata?.namespace ?? ''}/${regarding.metadata?.name ?? ''}`,
          err: ref,
          eventType: type,
          reason,
          message: note,
        });
        return;
      }
      let relatedRef: ObjectReference | undefined;
      if (related !== undefined) {
        const r = objectReference(related);
        if (typeof r === 'string') this.log.info(9, 'event', 'Could not construct reference', { err: r });
        else relatedRef = r;
      }
      if (type !== 'Normal' && type !== 'Warning') {
        this.log.error('event', 'Unsupported event type', { eventType: String(type) });
        return;
      }
      const now = this.clock.now();
      const event: EventV1 = {
        metadata: {
          name: eventName(ref.name ?? '', this.stamps.next(now)),
          namespace: ref.namespace ?? 'default',
        },
        eventTime: micro(now),
        reportingController: controller,
        reportingInstance: instance,
        action,
        reason,
        regarding: ref,
        ...(relatedRef === undefined ? {} : { related: relatedRef }),
        note,
        type,
      };
      this.log.info(3, 'event', 'Event occurred', {
        object: ref.namespace === undefined ? (ref.name ?? '') : `${ref.namespace}/${ref.name ?? ''}`,
        kind: ref.kind,
        apiVersion: ref.apiVersion ?? '',
        type,
        reason,
        action,
        note,
      });
      this.toSink(event, now);
    } catch (err) {
      this.log.error('event', 'Failed to record event', { err });
    }
  }

  /** A new event is written; the first repeat turns it into a series; later repeats only count. */
  private toSink(event: EventV1, now: number): void {
    const key = seriesKey(event);
    const entry = this.cache.get(key);
    if (entry === undefined) {
      const created: CacheEntry = { key, event, eventMs: now, lastObservedMs: now, tail: Promise.resolve() };
      this.cache.set(key, created);
      this.armFinish();
      this.enqueue(created, structuredClone(event));
      return;
    }
    entry.lastObservedMs = now;
    const series = entry.event.series;
    if (series !== undefined) {
      series.count++;
      series.lastObservedTime = micro(now);
      return;
    }
    entry.event.series = { count: 2, lastObservedTime: micro(now) };
    this.armRefresh();
    this.enqueue(entry, structuredClone(entry.event));
  }

  /** Writes `snapshot` with retries after the key's earlier writes, unless too many wait. */
  private enqueue(entry: CacheEntry, snapshot: EventV1): void {
    if (this.pending >= EVENTS_V1_MAX_PENDING) {
      this.log.error('event', 'Dropping event: too many events queued', { event: describeEventV1(snapshot) });
      return;
    }
    this.pending++;
    void this.chain(entry, () => this.attemptRecording(snapshot)).finally(() => {
      this.pending--;
    });
  }

  /** Runs `job` after the key's earlier writes; flush waits for it. Never rejects. */
  private chain(entry: CacheEntry, job: () => Promise<void>): Promise<void> {
    const p = entry.tail
      .then(() => (this.stopped ? undefined : job()))
      .catch((err: unknown) => this.log.error('event', 'Failed to write event', { err }));
    entry.tail = p;
    return this.track(p);
  }

  private track(p: Promise<void>): Promise<void> {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  private async attemptRecording(event: EventV1): Promise<void> {
    for (let tries = 1; !this.stopped; tries++) {
      if (!(await this.attempt(event)).retry) return;
      if (tries >= EVENTS_V1_MAX_TRIES) {
        this.log.error('event', 'Unable to write event (retry limit exceeded!)', {
          event: describeEventV1(event),
        });
        return;
      }
      await sleep(this.clock, jitter(EVENTS_V1_RETRY_SLEEP_MS, 0.25, this.random), this.stop.signal);
    }
  }

  /** One write, once the server is known to serve events.k8s.io/v1 (else dropped). */
  private async attempt(event: EventV1): Promise<WriteOutcome> {
    try {
      if (!(await this.isServed())) return { retry: false };
    } catch (err) {
      this.log.error('event', 'Unable to discover the events API (may retry after sleeping)', { err });
      return { retry: true };
    }
    return writeEventV1(this.events, event, this.log);
  }

  /**
   * Whether the server serves events.k8s.io/v1 events, asked once. When it does not, this is
   * logged once and the broadcaster does nothing from then on. Throws when discovery fails (asked
   * again next time).
   */
  private async isServed(): Promise<boolean> {
    if (this.served !== undefined) return this.served;
    this.discovery ??= this.opts.client
      .discover()
      .then((gvs) =>
        gvs.some(
          (gv) => gv.group === GROUP && gv.version === 'v1' && gv.resources.some((r) => r.name === 'events'),
        ),
      );
    let served: boolean;
    try {
      served = await this.discovery;
    } catch (err) {
      this.discovery = undefined;
      throw err;
    }
    if (this.served === undefined) {
      this.served = served;
      if (!served) {
        this.log.warning(
          'event',
          'The server does not serve events.k8s.io/v1 Events; they will not be recorded',
        );
        this.dropAll();
      }
    }
    return this.served;
  }

  private dropAll(): void {
    this.cache.clear();
    this.finishTimer?.cancel();
    this.finishTimer = undefined;
    this.refreshTimer?.cancel();
    this.refreshTimer = undefined;
  }

  private hasSeries(): boolean {
    for (const e of this.cache.values()) if (e.event.series !== undefined) return true;
    return false;
  }

  private armFinish(): void {
    if (this.finishTimer !== undefined || this.stopped || this.cache.size === 0) return;
    this.finishTimer = this.clock.setTimer(() => void this.track(this.finishTick()), SERIES_FINISH_MS);
  }

  private armRefresh(): void {
    if (this.refreshTimer !== undefined || this.stopped) return;
    this.refreshTimer = this.clock.setTimer(() => void this.track(this.refreshTick()), SERIES_REFRESH_MS);
  }

  private async finishTick(): Promise<void> {
    try {
      await this.finishSeries();
    } catch (err) {
      this.log.error('event', 'Failed to finish event series', { err });
    } finally {
      this.finishTimer = undefined;
      this.armFinish();
      if (!this.hasSeries()) {
        this.refreshTimer?.cancel();
        this.refreshTimer = undefined;
      }
    }
  }

  private async refreshTick(): Promise<void> {
    try {
      await this.refreshSeries();
    } catch (err) {
      this.log.error('event', 'Failed to refresh event series', { err });
    } finally {
      this.refreshTimer = undefined;
      if (this.hasSeries()) this.armRefresh();
    }
  }

  /**
   * Writes the final count of each series not repeated for 6 minutes and forgets it (kept for the
   * next sweep when the write is to be retried, or when a repeat came while it was written);
   * forgets singletons older than 6 minutes. One attempt per series, no sleeping.
   */
  private async finishSeries(): Promise<void> {
    const cutoff = this.clock.now() - SERIES_FINISH_MS;
    for (const entry of [...this.cache.values()]) {
      if (this.stopped) return;
      if (entry.event.series === undefined) {
        if (entry.eventMs < cutoff) this.cache.delete(entry.key);
        continue;
      }
      if (entry.lastObservedMs >= cutoff) continue;
      const seen = entry.lastObservedMs;
      let retry = true;
      await this.chain(entry, async () => {
        retry = (await this.attempt(structuredClone(entry.event))).retry;
      });
      if (!retry && entry.lastObservedMs === seen && this.cache.get(entry.key) === entry) {
        this.cache.delete(entry.key);
      }
    }
  }

  /**
   * Writes every live series once more (one attempt each). The cache keeps its own copy rather
   * than the server's answer, so that repeats counted while the write was under way stay counted.
   */
  private async refreshSeries(): Promise<void> {
    for (const entry of [...this.cache.values()]) {
      if (this.stopped) return;
      if (entry.event.series === undefined) continue;
      await this.chain(entry, async () => {
        await this.attempt(structuredClone(entry.event));
      });
    }
  }
}

/**
 * An events.k8s.io/v1 broadcaster writing through `client` (client-go's tools/events with its
 * defaults). Recorders never block or throw. A new event is created
 * (`<regarding name>.<unix nanoseconds in hex>`, in the regarding object's namespace or
 * `default`); the first isomorphic repeat (same type, action, reason, reporting controller and
 * instance, regarding and related object) while the event is cached patches
 * `series: {count: 2, lastObservedTime}` onto it, later repeats only bump the cached count, which
 * is written when the series ends (no repeat for 6 minutes) and every 30 minutes while it lasts.
 * Writes are retried after transport failures, 12 attempts at most, 10–12.5 s apart; rejections
 * by the server are logged and dropped. The first write asks discovery whether the server serves
 * events.k8s.io/v1; if not, that is logged once and nothing is recorded. Writes of one key are
 * made in order (upstream makes them concurrently, which can cost a failed patch and a retry
 * when an event is repeated before its create is done).
 */
export function newEventsV1Broadcaster(opts: EventsV1BroadcasterOptions): EventsV1Broadcaster {
  return new Broadcaster(opts);
}
