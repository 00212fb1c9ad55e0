// The event broadcaster and recorders of client-go's tools/record, writing core/v1 Events in the
// background.
import type { Event } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isNotFound, StatusError } from '../../apimachinery/errors/index.js';
import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import { type Clock, SYSTEM_CLOCK } from '../clock.js';
import { sleep } from '../informers/wait.js';
import { EVENTS } from '../resources.js';
import type { Client, KubeObject, ResourceClient } from '../types.js';
import { EventCorrelator, eventName, NanoStamp } from './correlator.js';
import { objectReference } from './object-reference.js';
import type { EventBroadcaster, EventRecorder, EventType } from './types.js';

/** Attempts per event before it is dropped (maxTriesPerEvent). */
export const MAX_TRIES_PER_EVENT = 12;
/** Pause between attempts; the first pause is a random part of it. */
export const RETRY_SLEEP_MS = 10_000;
/** Events waiting to be written beyond this are dropped (the broadcaster's queue length). */
export const MAX_QUEUED_EVENTS = 1000;

/** Options of newEventBroadcaster. */
export interface EventBroadcasterOptions {
  client: Client;
  clock?: Clock;
  log?: Logger;
  /** `source.host` and `reportingInstance` of every event; none when absent. */
  host?: string;
  random?: () => number;
}

/** An EventBroadcaster that can also be stopped. */
export interface StoppableEventBroadcaster extends EventBroadcaster {
  /** Stops writing: queued events and retries are dropped, later events ignored. Idempotent. */
  shutdown(): void;
}

class Broadcaster implements StoppableEventBroadcaster {
  private readonly queue: Event[] = [];
  private readonly events: ResourceClient<Event>;
  private readonly correlator: EventCorrelator;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;
  private readonly stamps = new NanoStamp();

  constructor(private readonly opts: EventBroadcasterOptions) {
    this.events = opts.client.resource(EVENTS);
    this.clock = opts.clock ?? SYSTEM_CLOCK;
    this.log = opts.log ?? DISCARD_LOGGER;
    this.random = opts.random ?? Math.random;
    this.correlator = new EventCorrelator(this.clock, this.stamps);
  }

  newRecorder(component: string): EventRecorder {
    return { event: (obj, type, reason, message) => this.record(component, obj, type, reason, message) };
  }

  async flush(): Promise<void> {
    // Bounded: each pass either finds the worker idle or waits for it to drain.
    for (let i = 0; i < 1000 && this.running !== undefined; i++) await this.running;
  }

  shutdown(): void {
    this.stop.abort();
    this.queue.length = 0;
  }

  private record(component: string, obj: KubeObject, type: EventType, reason: string, message: string): void {
    try {
      if (this.stop.signal.aborted) return;
      const ref = objectReference(obj);
      if (typeof ref === 'string') {
        this.log.error('event', 'Could not construct reference, will not report event', {
          object: `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`,
          err: ref,
          eventType: type,
          reason,
          message,
        });
        return;
      }
      if (type !== 'Normal' && type !== 'Warning') {
        this.log.error('event', `Unsupported event type: '${String(type)}'`);
        return;
      }
      const now = this.clock.now();
      const ts = formatRFC3339(new Date(now));
      const host = this.opts.host;
      const event: Event = {
        metadata: {
          name: eventName(ref.name ?? '', this.stamps.next(now)),
          namespace: ref.namespace ?? 'default',
        },
        involvedObject: ref,
        reason,
        message,
        source: host === undefined || host === '' ? { component } : { component, host },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        reportingComponent: component,
        reportingInstance: host ?? '',
      };
      this.log.info(3, 'event', 'Event occurred', {
        object: ref.namespace === undefined ? (ref.name ?? '') : `${ref.namespace}/${ref.name ?? ''}`,
        fieldPath: '',
        kind: ref.kind,
        apiVersion: ref.apiVersion ?? '',
        type,
        reason,
        message,
      });
      if (this.queue.length >= MAX_QUEUED_EVENTS) {
        this.log.error('event', 'Dropping event: too many events queued', { reason, message });
        return;
      }
      this.queue.push(event);
      this.kick();
    } catch (err) {
      this.log.error('event', 'Failed to record event', { err });
    }
  }

  /** Starts the writer unless it runs; it restarts itself for events queued as it finished. */
  private kick(): void {
    if (this.running !== undefined) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.queue.length > 0 && !this.stop.signal.aborted) this.kick();
    });
  }

  private async drain(): Promise<void> {
    // Let the caller finish its turn before the first write.
    await Promise.resolve();
    for (let e = this.queue.shift(); e !== undefined && !this.stop.signal.aborted; e = this.queue.shift()) {
      try {
        await this.recordToSink(e);
      } catch (err) {
        this.log.error('event', 'Failed to write event', { err });
      }
    }
  }

  private async recordToSink(event: Event): Promise<void> {
    const result = this.correlator.correlate(event);
    if (result.skip) return;
    for (let tries = 1; !this.stop.signal.aborted; tries++) {
      if (await this.write(result.event, result.patch)) return;
      if (tries >= MAX_TRIES_PER_EVENT) {
        this.log.error('event', 'Unable to write event (retry limit exceeded!)', { event: describe(event) });
        return;
      }
      // The first pause is random so that clients do not retry in step after an outage.
      const pause = tries === 1 ? RETRY_SLEEP_MS * this.random() : RETRY_SLEEP_MS;
      await sleep(this.clock, pause, this.stop.signal);
    }
  }

  /** One attempt; true when done (written, or rejected by the server: no point retrying). */
  private async write(event: Event, patch: Record<string, unknown> | undefined): Promise<boolean> {
    const ns = event.metadata?.namespace ?? 'default';
    const name = event.metadata?.name ?? '';
    try {
      let written: Event | undefined;
      if (patch !== undefined && (event.count ?? 0) > 1) {
        try {
          written = await this.events.patch(ns, name, 'strategic', patch);
        } catch (err) {
          // The event may have been deleted meanwhile: create it anew.
          if (!isNotFound(err)) throw err;
        }
      }
      if (written === undefined) {
        const { resourceVersion: _rv, ...metadata } = event.metadata ?? {};
        written = await this.events.create(ns, { ...event, metadata });
      }
      this.correlator.updateState(written);
      return true;
    } catch (err) {
      if (err instanceof StatusError) {
        if (isAlreadyExists(err) || hasNamespaceTerminatingCause(err)) {
          this.log.info(5, 'event', 'Server rejected event (will not retry!)', {
            event: describe(event),
            err,
          });
        } else {
          this.log.error('event', 'Server rejected event (will not retry!)', { event: describe(event), err });
        }
        return true;
      }
      this.log.error('event', 'Unable to write event (may retry after sleeping)', {
        event: describe(event),
        err,
      });
      return false;
    }
  }
}

function hasNamespaceTerminatingCause(err: StatusError): boolean {
  return (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

function describe(e: Event): string {
  return `${e.metadata?.namespace ?? ''}/${e.metadata?.name ?? ''} ${e.reason ?? ''}: ${e.message ?? ''}`;
}

/**
 * An EventBroadcaster writing through `client`. Recorders never block or throw: events are
 * queued (up to 1000), correlated (see EventCorrelator) and written one at a time in the
 * background; transport failures are retried up to 12 times 10 s apart, rejections by the server
 * are logged and dropped. Events are also logged at level 3 ("Event occurred").
 */
export function newEventBroadcaster(opts: EventBroadcasterOptions): StoppableEventBroadcaster {
  return new Broadcaster(opts);
}
