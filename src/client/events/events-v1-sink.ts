// One attempt at writing an events.k8s.io/v1 Event, as client-go's tools/events recordEvent: a
// series is patched onto the existing event (created when that is gone), anything else created.
import type { Event as EventV1 } from 'kubernetes-types/events/v1.js';
import { isAlreadyExists, StatusError } from '../../apimachinery/errors/index.js';
import type { Logger } from '../../log/index.js';
import type { ResourceClient } from '../types.js';

/** The result of one attempt: whether to try again later, and the server's copy when written. */
export interface WriteOutcome {
  readonly retry: boolean;
  readonly written?: EventV1;
}

/**
 * The strategic merge patch that turns the event without its series into `event`: the two-way
 * patch between the two differs only in `series`, which the event lacked, so it is the whole
 * series. Undefined when the event has no series. Pure.
 */
export function seriesPatch(
  event: EventV1,
): { series: { count: number; lastObservedTime: string } } | undefined {
  const s = event.series;
  if (s === undefined) return undefined;
  return { series: { count: s.count, lastObservedTime: s.lastObservedTime } };
}

/** `namespace/name reason: note`, how log lines name an event. */
export function describeEventV1(e: EventV1): string {
  return `${e.metadata?.namespace ?? ''}/${e.metadata?.name ?? ''} ${e.reason ?? ''}: ${e.note ?? ''}`;
}

/**
 * Writes `event` once (it is not mutated). A series is patched onto the event of that name; when
 * the server does not have it (deleted, or its create not yet done) it is created with the series.
 * Retry is asked for after transport failures and after a series create that found the event
 * created meanwhile; any other answer of the server (e.g. Forbidden, Invalid, a terminating
 * namespace, AlreadyExists of a new event) is final: logged and dropped. Never throws.
 */
export async function writeEventV1(
  events: ResourceClient<EventV1>,
  event: EventV1,
  log: Logger,
): Promise<WriteOutcome> {
  const ns = event.metadata?.namespace ?? '';
  const name = event.metadata?.name ?? '';
  const patch = seriesPatch(event);
  try {
    if (patch !== undefined) {
      try {
        return { retry: false, written: await events.patch(ns, name, 'strategic', patch) };
      } catch (err) {
        if (!(err instanceof StatusError) || err.status.code !== 404) throw err;
      }
    }
    const { resourceVersion: _rv, ...metadata } = event.metadata ?? {};
    return { retry: false, written: await events.create(ns, { ...event, metadata }) };
  } catch (err) {
    if (err instanceof StatusError) {
      if (isAlreadyExists(err)) {
        // A series create losing to the create of the event itself: the patch will now succeed.
        if (patch !== undefined) return { retry: true };
        log.info(5, 'event', 'Server rejected event (will not retry!)', {
          event: describeEventV1(event),
          err,
        });
      } else {
        log.error('event', 'Server rejected event (will not retry!)', { event: describeEventV1(event), err });
      }
      return { retry: false };
    }
    log.error('event', 'Unable to write event (may retry after sleeping)', {
      event: describeEventV1(event),
      err,
    });
    return { retry: true };
  }
}
