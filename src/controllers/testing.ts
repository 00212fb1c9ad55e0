// Test doubles for controller unit tests: a ControllerContext over the fake client, a manual clock
// and an event broadcaster that records instead of writing.
import type { EventBroadcaster, EventRecorder, EventType } from '../client/events/types.js';
import { InformerFactory } from '../client/informers/factory.js';
import { FakeClient } from '../client/testing/fake-client.js';
import { ManualClock } from '../client/testing/manual-clock.js';
import type { KubeObject, Resource } from '../client/types.js';
import { DISCARD_LOGGER } from '../log/index.js';
import {
  type ControllerContext,
  type ControllerManagerOptions,
  DEFAULT_CONTROLLER_MANAGER_OPTIONS,
} from './context.js';

/** One recorded event. */
export interface RecordedEvent {
  readonly component: string;
  readonly object: KubeObject;
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

/** Records every event in `events`; flush does nothing. */
export class RecordingBroadcaster implements EventBroadcaster {
  readonly events: RecordedEvent[] = [];

  newRecorder(component: string): EventRecorder {
    return {
      event: (object, type, reason, message) => {
        this.events.push({ component, object, type, reason, message });
      },
    };
  }

  async flush(): Promise<void> {}
}

/** What newTestContext gives: the context and its parts, typed for tests. */
export interface TestContext {
  readonly ctx: ControllerContext;
  readonly client: FakeClient;
  readonly clock: ManualClock;
  readonly informers: InformerFactory;
  readonly events: RecordingBroadcaster;
}

/**
 * A context over a FakeClient and a ManualClock. The informer factory is never started: tests
 * fill `informers.informerFor(R).indexer` directly and call the controller's sync.
 */
export function newTestContext(options: Partial<ControllerManagerOptions> = {}): TestContext {
  const clock = new ManualClock();
  const client = new FakeClient({ clock });
  const informers = new InformerFactory(client, { clock });
  const events = new RecordingBroadcaster();
  const ctx: ControllerContext = {
    client,
    informers,
    events,
    clock,
    log: DISCARD_LOGGER,
    options: { ...DEFAULT_CONTROLLER_MANAGER_OPTIONS, ...options },
  };
  return { ctx, client, clock, informers, events };
}

/** Stores `objs` in the fake client and in the (unstarted) informer cache; returns them as stored. */
export function addObjects<T extends KubeObject>(t: TestContext, r: Resource<T>, objs: readonly T[]): T[] {
  const stored = t.client.seed(r, objs);
  const indexer = t.informers.informerFor(r).indexer;
  for (const o of stored) indexer.add(o);
  return stored;
}

/** Makes the informer cache of `r` hold exactly what the fake client holds (as a relist would). */
export function refreshCache<T extends KubeObject>(t: TestContext, r: Resource<T>): void {
  t.informers.informerFor(r).indexer.replace(t.client.objects(r));
}

/** Lets `turns` event-loop turns pass, so informers, handlers and workers run what is pending. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Lets event-loop turns pass until `cond` holds; rejects naming `what` when it still does not after
 * `turns` turns (a bound, not a timing assertion).
 */
export async function until(what: string, cond: () => boolean, turns = 5000): Promise<void> {
  for (let i = 0; i < turns && !cond(); i++) await new Promise((r) => setImmediate(r));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}
