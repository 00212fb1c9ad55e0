import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Event as EventV1 } from 'kubernetes-types/events/v1.js';
import { forbidden, notFound } from '../../apimachinery/errors/index.js';
import { Logger } from '../../log/index.js';
import { EVENTS_V1 } from '../resources.js';
import { FakeClient } from '../testing/fake-client.js';
import { advanceFlushing } from '../testing/flush-timers.js';
import { ManualClock } from '../testing/manual-clock.js';
import type { Client, KubeObject } from '../types.js';
import {
  type EventsV1Broadcaster,
  newEventsV1Broadcaster,
  SERIES_REFRESH_MS,
} from './events-v1-broadcaster.js';
import type { EventType } from './types.js';

const START = Date.UTC(2026, 0, 1, 10, 0, 0, 250);
const MIN = 60_000;

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'ns1', name: 'web-1', uid: 'u-1', resourceVersion: '42' },
};
const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u-n' } };

function setup(opts: { client?: Client; instance?: string; clock?: ManualClock } = {}) {
  const clock = opts.clock ?? new ManualClock(START);
  const fake = new FakeClient({ clock });
  const lines: string[] = [];
  const log = new Logger({ verbosity: 0, write: (l) => lines.push(l) });
  const b = newEventsV1Broadcaster({
    client: opts.client ?? fake,
    clock,
    log,
    reportingController: 'kubernetes.io/test-controller',
    ...(opts.instance === undefined ? {} : { reportingInstance: opts.instance }),
    random: () => 0,
  });
  const r = b.newRecorder();
  return { clock, fake, b, r, lines };
}

const stored = (c: FakeClient, ns = ''): EventV1[] => c.objects(EVENTS_V1, ns);
const writes = (c: FakeClient) =>
  c
    .actions()
    .filter((a) => a.resource === 'events' && (a.verb === 'create' || a.verb === 'patch'))
    .map((a) => a.verb);

/** Moves time on by `ms`, stopping at each timer to let what it starts finish. */
const pass = (clock: ManualClock, b: EventsV1Broadcaster, ms: number): Promise<void> =>
  advanceFlushing(clock, b, ms);

/** Advances the clock by `ms` a second at a time, letting writes run, until `done` settles. */
async function runUntil(clock: ManualClock, done: Promise<void>, steps = 400): Promise<void> {
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  for (let i = 0; i < steps && !finished; i++) {
    clock.advance(1_000);
    await new Promise((res) => setImmediate(res));
  }
  await done;
}

describe('events.k8s.io/v1 broadcaster', () => {
  it('writes an events.k8s.io/v1 Event as client-go does', async () => {
    const { fake, b, r } = setup({ instance: 'ctl-node-a' });
    r.eventf(pod, node, 'Normal', 'Scheduled', 'Binding', 'Successfully assigned ns1/web-1 to n1');
    await b.flush();
    const [e, ...rest] = stored(fake);
    assert.equal(rest.length, 0);
    assert.equal(e?.metadata?.namespace, 'ns1');
    assert.equal(e?.metadata?.name, `web-1.${(BigInt(START) * 1_000_000n).toString(16)}`);
    assert.equal(e?.eventTime, '2026-01-01T10:00:00.250000Z');
    assert.deepEqual(e?.regarding, {
      kind: 'Pod',
      namespace: 'ns1',
      name: 'web-1',
      uid: 'u-1',
      apiVersion: 'v1',
      resourceVersion: '42',
    });
    assert.deepEqual(e?.related, { kind: 'Node', name: 'n1', uid: 'u-n', apiVersion: 'v1' });
    assert.equal(e?.reportingController, 'kubernetes.io/test-controller');
    assert.equal(e?.reportingInstance, 'ctl-node-a');
    assert.equal(e?.action, 'Binding');
    assert.equal(e?.reason, 'Scheduled');
    assert.equal(e?.note, 'Successfully assigned ns1/web-1 to n1');
    assert.equal(e?.type, 'Normal');
    assert.equal(e?.series, undefined);
    const create = fake.actions().find((a) => a.verb === 'create');
    assert.equal(create?.group, 'events.k8s.io');
    assert.equal(create?.version, 'v1');
  });

  it('defaults the reporting instance to controller-hostname and files cluster-scoped objects in default', async () => {
    const { fake, b, r } = setup();
    r.eventf(node, undefined, 'Warning', 'NodeNotReady', 'Check', 'Node is not ready');
    await b.flush();
    const [e] = stored(fake);
    assert.equal(e?.metadata?.namespace, 'default');
    assert.equal(e?.regarding?.namespace, undefined);
    assert.equal(e?.related, undefined);
    assert.equal(e?.reportingInstance, `kubernetes.io/test-controller-${hostname()}`);
  });

  it('turns the first repeat into a series and counts later ones until the series ends', async () => {
    const { clock, fake, b, r } = setup();
    r.eventf(pod, undefined, 'Warning', 'FailedCreate', 'Create', 'quota exceeded');
    await b.flush();
    const name = stored(fake)[0]?.metadata?.name;
    clock.advance(10_000);
    r.eventf(pod, undefined, 'Warning', 'FailedCreate', 'Create', 'quota exceeded again');
    await b.flush();
    const patch = fake.actions().find((a) => a.verb === 'patch');
    assert.equal(patch?.name, name);
    assert.equal(patch?.patchType, 'strategic');
    assert.deepEqual(patch?.patch, { series: { count: 2, lastObservedTime: '2026-01-01T10:00:10.250000Z' } });
    // Later repeats are counted in memory only.
    for (let i = 0; i < 3; i++) {
      clock.advance(MIN);
      r.eventf(pod, undefined, 'Warning', 'FailedCreate', 'Create', 'quota exceeded');
    }
    await b.flush();
    assert.deepEqual(writes(fake), ['create', 'patch']);
    let [e, ...rest] = stored(fake);
    assert.equal(rest.length, 0);
    assert.equal(e?.series?.count, 2);
    // The note is the first one's: the series only counts.
    assert.equal(e?.note, 'quota exceeded');
    // The first sweep that finds it quiet for 6 minutes (the one at 12:00; at 6:00 the last repeat
    // was at 3:10) writes the final count and forgets the series.
    await pass(clock, b, 9 * MIN);
    [e, ...rest] = stored(fake);
    assert.equal(rest.length, 0);
    assert.deepEqual(e?.series, { count: 5, lastObservedTime: '2026-01-01T10:03:10.250000Z' });
    assert.deepEqual(writes(fake), ['create', 'patch', 'patch']);
    assert.equal(clock.pending(), 0, 'an idle broadcaster holds no timers');
    // A repeat now starts afresh.
    r.eventf(pod, undefined, 'Warning', 'FailedCreate', 'Create', 'quota exceeded');
    await b.flush();
    assert.equal(stored(fake).length, 2);
    assert.deepEqual(writes(fake), ['create', 'patch', 'patch', 'create']);
  });

  it('keeps apart events that differ in type, action, reason, related or regarding object', async () => {
    const { fake, b, r } = setup();
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    r.eventf(pod, undefined, 'Warning', 'R', 'A', 'm');
    r.eventf(pod, undefined, 'Normal', 'R', 'B', 'm');
    r.eventf(pod, undefined, 'Normal', 'S', 'A', 'm');
    r.eventf(pod, node, 'Normal', 'R', 'A', 'm');
    r.eventf(
      { ...pod, metadata: { ...pod.metadata, resourceVersion: '43' } },
      undefined,
      'Normal',
      'R',
      'A',
      'm',
    );
    b.newRecorder({ controller: 'other', instance: 'other-1' }).eventf(
      pod,
      undefined,
      'Normal',
      'R',
      'A',
      'm',
    );
    // Only the note differs: the same series.
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'other note');
    await b.flush();
    assert.equal(stored(fake).length, 7);
    assert.deepEqual(
      stored(fake)
        .filter((e) => e.series !== undefined)
        .map((e) => [e.type, e.action, e.reason, e.series?.count]),
      [['Normal', 'A', 'R', 2]],
    );
    assert.deepEqual(new Set(stored(fake).map((e) => e.metadata?.name)).size, 7);
  });

  it('forgets series and singletons at the first sweep that finds them 6 minutes old', async () => {
    const { clock, fake, b, r } = setup();
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    await pass(clock, b, 5 * MIN);
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    r.eventf(node, undefined, 'Normal', 'R', 'A', 'm');
    // 11:00; the sweep at 6:00 kept everything (nothing was quiet for 6 minutes yet).
    await pass(clock, b, 6 * MIN);
    r.eventf(node, undefined, 'Normal', 'R', 'A', 'm');
    r.eventf(pod, undefined, 'Normal', 'Single', 'A', 'm');
    await b.flush();
    assert.deepEqual(
      stored(fake)
        .map((e) => `${e.regarding?.name} ${e.reason} ${e.series?.count ?? '-'}`)
        .sort(),
      ['n1 R 2', 'web-1 R 2', 'web-1 Single -'],
    );
    // Sweeps at 12:00 (ends the pod's series) and 18:00 (ends the node's, forgets the singleton).
    await pass(clock, b, 12 * MIN);
    assert.equal(clock.pending(), 0, 'an idle broadcaster holds no timers');
    assert.deepEqual(writes(fake), ['create', 'patch', 'create', 'patch', 'create', 'patch', 'patch']);
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    r.eventf(pod, undefined, 'Normal', 'Single', 'A', 'm');
    await b.flush();
    assert.equal(stored(fake).length, 5);
    assert.ok(stored(fake).every((e) => e.series === undefined || e.series.count === 2));
  });

  it('writes a live series every 30 minutes and stops once it ends', async () => {
    const { clock, fake, b, r } = setup();
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    await b.flush();
    assert.equal(clock.pending(), 2, 'sweep and heartbeat');
    // A repeat every 5 minutes keeps the series alive past the heartbeat.
    for (let t = 5; t <= 35; t += 5) {
      await pass(clock, b, 5 * MIN);
      r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    }
    await b.flush();
    const patches = fake.actions().filter((a) => a.verb === 'patch');
    assert.equal(patches.length, 2);
    // At 30 minutes: the repeats of minutes 5..25 counted, that of minute 30 not yet.
    assert.deepEqual(patches[1]?.patch, {
      series: { count: 7, lastObservedTime: '2026-01-01T10:25:00.250000Z' },
    });
    // The sweep at 42:00 finds it quiet since 35:00 and ends it; no timers remain.
    await pass(clock, b, 12 * MIN);
    assert.deepEqual(stored(fake)[0]?.series, { count: 9, lastObservedTime: '2026-01-01T10:35:00.250000Z' });
    assert.equal(clock.pending(), 0);
    await pass(clock, b, SERIES_REFRESH_MS);
    assert.equal(fake.actions().filter((a) => a.verb === 'patch').length, 3);
  });

  it('creates the event with its series when the event is gone', async () => {
    const { fake, b, r } = setup();
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    await b.flush();
    const first = stored(fake)[0];
    await fake.resource(EVENTS_V1).delete('ns1', first?.metadata?.name ?? '');
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    await b.flush();
    const [e, ...rest] = stored(fake);
    assert.equal(rest.length, 0);
    assert.equal(e?.metadata?.name, first?.metadata?.name);
    assert.equal(e?.series?.count, 2);
    assert.deepEqual(writes(fake), ['create', 'patch', 'create']);
  });

  it('retries a series create that lost to the event create, then patches', async () => {
    const { clock, fake, b, r } = setup();
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    await b.flush();
    let misses = 1;
    fake.prependReactor('patch', 'events', (a) => {
      if (misses-- > 0) throw notFound({ group: 'events.k8s.io', resource: 'events' }, a.name);
      return undefined;
    });
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    await runUntil(clock, b.flush());
    assert.deepEqual(writes(fake), ['create', 'patch', 'create', 'patch']);
    assert.equal(stored(fake)[0]?.series?.count, 2);
  });

  it('retries transport failures up to 12 attempts and drops rejections at once', async () => {
    const { clock, fake, b, r } = setup();
    fake.prependReactor('create', 'events', (a) => {
      const e = a.object as EventV1;
      if (e.reason === 'Denied') throw forbidden({ group: 'events.k8s.io', resource: 'events' }, '', 'no');
      if (e.reason === 'Down') throw new Error('connect ECONNREFUSED');
      return undefined;
    });
    r.eventf(pod, undefined, 'Normal', 'Denied', 'A', 'm');
    r.eventf(pod, undefined, 'Normal', 'Down', 'A', 'm');
    await runUntil(clock, b.flush());
    const reasons = fake
      .actions()
      .filter((a) => a.verb === 'create')
      .map((a) => (a.object as EventV1).reason);
    assert.equal(reasons.filter((x) => x === 'Denied').length, 1);
    assert.equal(reasons.filter((x) => x === 'Down').length, 12);
    assert.equal(stored(fake).length, 0);
  });

  it('records nothing, and says so once, when the server lacks events.k8s.io/v1', async () => {
    const clock = new ManualClock(START);
    const fake = new FakeClient({ clock });
    const legacy: Client = {
      userAgent: 'legacy',
      resource: (res) => fake.resource(res),
      discover: async () => (await fake.discover()).filter((gv) => gv.group !== 'events.k8s.io'),
    };
    const { b, r, lines } = setup({ client: legacy, clock });
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    r.eventf(node, undefined, 'Normal', 'R', 'A', 'm');
    await b.flush();
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    await b.flush();
    assert.deepEqual(writes(fake), []);
    assert.equal(lines.filter((l) => l.includes('does not serve events.k8s.io/v1')).length, 1);
    assert.ok(lines.every((l) => l.startsWith('W')));
    assert.equal(clock.pending(), 0);
  });

  it('asks discovery again after it failed', async () => {
    const clock = new ManualClock(START);
    const fake = new FakeClient({ clock });
    let failures = 1;
    const flaky: Client = {
      userAgent: 'flaky',
      resource: (res) => fake.resource(res),
      discover: async () => {
        if (failures-- > 0) throw new Error('connect ECONNREFUSED');
        return fake.discover();
      },
    };
    const { b, r } = setup({ client: flaky, clock });
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    await runUntil(clock, b.flush());
    assert.equal(stored(fake).length, 1);
    assert.equal(failures, -1);
  });

  it('never throws into the caller and stops on shutdown', async () => {
    const { clock, fake, b, r } = setup();
    const noKind: KubeObject = { metadata: { name: 'x', namespace: 'ns1' } };
    assert.doesNotThrow(() => r.eventf(noKind, undefined, 'Normal', 'R', 'A', 'm'));
    assert.doesNotThrow(() => r.eventf(pod, undefined, 'Bogus' as EventType, 'R', 'A', 'm'));
    // A related object without kind is left out, the event still recorded.
    r.eventf(pod, noKind, 'Normal', 'R', 'A', 'm');
    await b.flush();
    assert.equal(stored(fake).length, 1);
    assert.equal(stored(fake)[0]?.related, undefined);
    r.eventf(pod, undefined, 'Normal', 'R', 'A', 'm');
    await b.flush();
    assert.equal(clock.pending(), 2);
    b.shutdown();
    assert.equal(clock.pending(), 0);
    assert.doesNotThrow(() => r.eventf(pod, undefined, 'Normal', 'Later', 'A', 'm'));
    await b.flush();
    assert.equal(stored(fake).length, 1);
  });
});
