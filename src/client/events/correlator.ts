// The event correlator of client-go's tools/record: spam filtering, aggregation of similar events
// and counting of repeated ones, so that a busy controller cannot flood the API server.
import type { Event } from 'kubernetes-types/core/v1.js';
import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import type { Clock } from '../clock.js';
import { LruCache } from './lru.js';

const LRU_ENTRIES = 4096;
/** Similar events (differing only in message) seen this many times in the interval are combined. */
export const AGGREGATE_MAX_EVENTS = 10;
export const AGGREGATE_INTERVAL_MS = 600_000;
/** A source may send 25 events about one object, then one every 5 minutes. */
export const SPAM_BURST = 25;
export const SPAM_QPS = 1 / 300;
/** The prefix of a combined event's message. */
export const COMBINED_PREFIX = '(combined from similar events): ';

/** The name of an event created at `nanos`: `<object name>.<unix nanoseconds in hex>`. */
export function eventName(objectName: string, nanos: bigint): string {
  return `${objectName}.${nanos.toString(16)}`;
}

/**
 * Unix nanoseconds from a millisecond clock, strictly increasing across calls: readings within
 * one millisecond get successive nanoseconds, so that event names (which upstream derives from a
 * nanosecond clock) stay unique when one object gets several events at once.
 */
export class NanoStamp {
  private last = 0n;

  /** A nanosecond stamp for the clock reading `ms`. */
  next(ms: number): bigint {
    let n = BigInt(Math.floor(ms)) * 1_000_000n;
    if (n <= this.last) n = this.last + 1n;
    this.last = n;
    return n;
  }
}

/** Identity of an event: source, involved object, type, reason and message (getEventKey). */
export function eventKey(e: Event): string {
  const o = e.involvedObject;
  return [
    e.source?.component,
    e.source?.host,
    o.kind,
    o.namespace,
    o.name,
    o.fieldPath,
    o.uid,
    o.apiVersion,
    e.type,
    e.reason,
    e.message,
  ]
    .map((s) => s ?? '')
    .join('');
}

/** Source and involved object: the unit the spam filter rate-limits (getSpamKey). */
export function spamKey(e: Event): string {
  const o = e.involvedObject;
  return [e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion]
    .map((s) => s ?? '')
    .join('');
}

/** Events differing only in message share this key (EventAggregatorByReasonFunc). */
function aggregateKey(e: Event): string {
  const o = e.involvedObject;
  return [
    e.source?.component,
    e.source?.host,
    o.kind,
    o.namespace,
    o.name,
    o.uid,
    o.apiVersion,
    e.type,
    e.reason,
    e.reportingComponent,
    e.reportingInstance,
  ]
    .map((s) => s ?? '')
    .join('');
}

/** A token bucket refilled continuously at `qps` up to `burst` (starts full). */
class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  tryAccept(now: number): boolean {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface AggregateRecord {
  localKeys: Set<string>;
  last: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string | undefined;
  name: string;
  resourceVersion: string;
}

/** What to do with an event after correlation. */
export type CorrelateResult =
  | { readonly skip: true }
  | {
      readonly skip: false;
      /** The event to write (possibly a combined one, possibly with a bumped count). */
      readonly event: Event;
      /** The strategic merge patch for an existing event (count > 1), else undefined. */
      readonly patch: Record<string, unknown> | undefined;
    };

/**
 * Correlates events as client-go's EventCorrelator with its defaults:
 * - aggregation: the 10th distinct message of otherwise equal events within 10 minutes (of the
 *   previous one) turns into a new event "(combined from similar events): <message>", counted
 *   from then on;
 * - counting: an event equal to one already written (LRU of 4096, no time limit) becomes a patch
 *   of that event with count + 1 and a new lastTimestamp;
 * - spam filter: a token bucket per source and object, 25 deep, refilled one per 5 minutes.
 * State only; no I/O. Call `updateState` with what the server answered.
 */
export class EventCorrelator {
  private readonly aggregates = new LruCache<AggregateRecord>(LRU_ENTRIES);
  private readonly logs = new LruCache<EventLog>(LRU_ENTRIES);
  private readonly spam = new LruCache<TokenBucket>(LRU_ENTRIES);

  constructor(
    private readonly clock: Clock,
    private readonly stamps: NanoStamp = new NanoStamp(),
  ) {}

  /** Correlates `event` (not mutated). */
  correlate(event: Event): CorrelateResult {
    const { event: aggregated, key } = this.aggregate(event);
    const { event: observed, patch } = this.observe(aggregated, key);
    if (this.filter(observed)) return { skip: true };
    return { skip: false, event: observed, patch };
  }

  /** Records the server's copy of a written event (its name, resourceVersion and count). */
  updateState(event: Event): void {
    this.logs.set(eventKey(event), {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata?.name ?? '',
      resourceVersion: event.metadata?.resourceVersion ?? '',
    });
  }

  private aggregate(event: Event): { event: Event; key: string } {
    const now = this.clock.now();
    const full = eventKey(event);
    const aKey = aggregateKey(event);
    let record = this.aggregates.get(aKey);
    if (record === undefined || now - record.last > AGGREGATE_INTERVAL_MS) {
      record = { localKeys: new Set(), last: 0 };
    }
    record.localKeys.add(event.message ?? '');
    record.last = now;
    this.aggregates.set(aKey, record);
    if (record.localKeys.size < AGGREGATE_MAX_EVENTS) return { event, key: full };
    // Keep the set from growing past the threshold.
    const any = record.localKeys.values().next();
    if (any.done !== true) record.localKeys.delete(any.value);
    const ts = formatRFC3339(new Date(now));
    const combined: Event = {
      metadata: {
        name: eventName(event.involvedObject.name ?? '', this.stamps.next(now)),
        namespace: event.metadata?.namespace ?? '',
      },
      involvedObject: event.involvedObject,
      reason: event.reason ?? '',
      message: `${COMBINED_PREFIX}${event.message ?? ''}`,
      ...(event.source !== undefined ? { source: event.source } : {}),
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type: event.type ?? '',
      reportingComponent: '',
      reportingInstance: '',
    };
    return { event: combined, key: aKey };
  }

  private observe(event: Event, key: string): { event: Event; patch: Record<string, unknown> | undefined } {
    const last = this.logs.get(key);
    let out = event;
    let patch: Record<string, unknown> | undefined;
    if (last !== undefined && last.count > 0) {
      const metadata = { ...event.metadata, name: last.name };
      if (last.resourceVersion !== '') metadata.resourceVersion = last.resourceVersion;
      else delete metadata.resourceVersion;
      out = { ...event, metadata, count: last.count + 1 };
      if (last.firstTimestamp !== undefined) out.firstTimestamp = last.firstTimestamp;
      // The two-way strategic merge patch from a copy with no count, lastTimestamp and message.
      patch = { count: out.count };
      if (out.lastTimestamp !== undefined) patch.lastTimestamp = out.lastTimestamp;
      if (out.message !== undefined && out.message !== '') patch.message = out.message;
    }
    this.logs.set(key, {
      count: out.count ?? 0,
      firstTimestamp: out.firstTimestamp,
      name: out.metadata?.name ?? '',
      resourceVersion: out.metadata?.resourceVersion ?? '',
    });
    return { event: out, patch };
  }

  /** True when the event should be dropped (its source+object bucket is empty). */
  private filter(event: Event): boolean {
    const now = this.clock.now();
    const key = spamKey(event);
    let bucket = this.spam.get(key);
    if (bucket === undefined) bucket = new TokenBucket(SPAM_QPS, SPAM_BURST, now);
    const ok = bucket.tryAccept(now);
    this.spam.set(key, bucket);
    return !ok;
  }
}
