import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { internalError } from '../../apimachinery/errors/index.js';
import type { JsonObject, NamespaceEvent } from './client.js';
import { NamespaceController, namespaceRateLimiter } from './controller.js';
import { FakeCluster, ManualClock, settle } from './testing.js';

const CM = { group: '', version: 'v1', resource: 'configmaps' };

// An event source fed by the test; ends when the signal aborts.
function feed() {
  const queued: NamespaceEvent[] = [];
  let wake: (() => void) | undefined;
  return {
    push(ev: NamespaceEvent) {
      queued.push(ev);
      wake?.();
    },
    source: {
      async *events(signal: AbortSignal) {
        while (!signal.aborted) {
          const ev = queued.shift();
          if (ev !== undefined) {
            yield ev;
            continue;
          }
          await new Promise<void>((r) => {
            wake = r;
            signal.addEventListener('abort', () => r(), { once: true });
          });
        }
      },
    },
  };
}

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 10));
  const cluster = new FakeCluster([CM]);
  const events = feed();
  const ac = new AbortController();
  const c = new NamespaceController({ client: cluster, events: events.source, clock, workers: 2 });
  const stopped = c.start(ac.signal);
  const nsOf = (name: string) => structuredClone(cluster.namespaces.get(name)!) as JsonObject;
  return { clock, cluster, events, ac, c, stopped, nsOf };
}

describe('NamespaceController', () => {
  it('is idle while nothing is terminating, and processes a deletion after the 5 s grace', async () => {
    const { clock, cluster, events, ac, c, stopped, nsOf } = setup();
    cluster.addNamespace('live', false);
    events.push({ type: 'replace', namespaces: [nsOf('live')] });
    await c.ready;
    await settle();
    assert.equal(clock.pending(), 0, 'no timers while nothing is terminating');
    assert.deepEqual(cluster.calls, []);

    cluster.addNamespace('x', true);
    cluster.addObject(CM, 'x', { metadata: { name: 'a' } });
    events.push({ type: 'upsert', namespace: nsOf('x') });
    await settle();
    assert.deepEqual(cluster.calls, [], 'nothing before the grace period');
    clock.advance(4999);
    await settle();
    assert.deepEqual(cluster.calls, []);
    clock.advance(1);
    await settle();
    assert.equal(cluster.namespaces.has('x'), false);
    assert.equal(cluster.objectsIn(CM, 'x').length, 0);
    events.push({ type: 'delete', name: 'x' });
    await settle();
    assert.equal(clock.pending(), 0, 'idle again once the namespace is gone');
    ac.abort();
    await stopped;
  });

  it('requeues after estimate/2+1 s while content remains', async () => {
    const { clock, cluster, events, ac, stopped, nsOf } = setup();
    cluster.addNamespace('x', true);
    cluster.addObject(CM, 'x', { metadata: { name: 'pinned', finalizers: ['example.com/f'] } });
    events.push({ type: 'replace', namespaces: [nsOf('x')] });
    await settle();
    clock.advance(5000);
    await settle();
    const passes = () => cluster.calls.filter((x) => x === 'discover').length;
    assert.equal(passes(), 1);
    clock.advance(7999); // 15/2+1 = 8 s
    await settle();
    assert.equal(passes(), 1);
    (cluster.objectsIn(CM, 'x')[0]!['metadata'] as JsonObject)['finalizers'] = [];
    clock.advance(1);
    await settle();
    assert.equal(passes(), 2);
    assert.equal(cluster.namespaces.has('x'), false);
    ac.abort();
    await stopped;
  });

  it('retries failures with exponential backoff and resets it after a success', async () => {
    const { clock, cluster, events, ac, stopped, nsOf } = setup();
    cluster.addNamespace('x', true);
    cluster.failures.set('discover', internalError('down'));
    events.push({ type: 'replace', namespaces: [nsOf('x')] });
    await settle();
    clock.advance(5000);
    await settle();
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const next = clock.nextAt()!;
      gaps.push(next - clock.now());
      clock.advance(next - clock.now());
      await settle();
    }
    assert.deepEqual(gaps, [5, 10, 20, 40, 80, 160]);
    cluster.failures.delete('discover');
    clock.advance(clock.nextAt()! - clock.now());
    await settle();
    assert.equal(cluster.namespaces.has('x'), false);
    ac.abort();
    await stopped;
  });

  it('resyncs terminating namespaces every 5 minutes only', async () => {
    const { clock, cluster, events, ac, stopped, nsOf } = setup();
    cluster.addNamespace('x', true);
    cluster.addObject(CM, 'x', { metadata: { name: 'stuck' }, keep: true });
    // A kept object without finalizers is an error: retried with backoff; make it rare.
    events.push({ type: 'replace', namespaces: [nsOf('x')] });
    await settle();
    assert.equal(clock.pending(), 2, 'the grace timer and the resync timer');
    events.push({ type: 'replace', namespaces: [] });
    await settle();
    clock.advance(5000);
    await settle();
    clock.advance(5 * 60_000);
    await settle();
    ac.abort();
    await stopped;
    assert.equal(clock.pending(), 0, 'stopping cancels every timer');
  });
});

describe('namespaceRateLimiter', () => {
  it('backs off per namespace up to 60 s', () => {
    const n = namespaceRateLimiter(() => 0);
    let last = 0;
    for (let i = 0; i < 40; i++) last = n.when('a');
    assert.equal(last, 60_000);
  });
});
