import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1.js';
import { forbidden } from '../../apimachinery/errors/index.js';
import { EVENTS } from '../resources.js';
import { FakeClient } from '../testing/fake-client.js';
import { ManualClock } from '../testing/manual-clock.js';
import type { KubeObject } from '../types.js';
import { newEventBroadcaster } from './broadcaster.js';
import type { EventType } from './types.js';

const START = Date.UTC(2026, 0, 1, 10, 0, 0, 250);

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'ns1', name: 'web-1', uid: 'u-1', resourceVersion: '42' },
};

function setup(host?: string) {
  const clock = new ManualClock(START);
  const client = new FakeClient({ clock });
  const b = newEventBroadcaster({ client, clock, random: () => 0, ...(host !== undefined ? { host } : {}) });
  return { clock, client, b };
}

function events(client: FakeClient, ns = ''): Event[] {
  return client.objects(EVENTS, ns);
}

describe('EventBroadcaster', () => {
  it('records an event as client-go does', async () => {
    const { client, b } = setup('node-a');
    b.newRecorder('replicaset-controller').event(pod, 'Normal', 'SuccessfulCreate', 'Created pod: web-1');
    await b.flush();
    const [e, ...rest] = events(client);
    assert.equal(rest.length, 0);
    assert.equal(e?.metadata?.namespace, 'ns1');
    assert.equal(e?.metadata?.name, `web-1.${(BigInt(START) * 1_000_000n).toString(16)}`);
    assert.deepEqual(e?.involvedObject, {
      kind: 'Pod',
      namespace: 'ns1',
      name: 'web-1',
      uid: 'u-1',
      apiVersion: 'v1',
      resourceVersion: '42',
    });
    assert.equal(e?.reason, 'SuccessfulCreate');
    assert.equal(e?.message, 'Created pod: web-1');
    assert.equal(e?.type, 'Normal');
    assert.equal(e?.count, 1);
    assert.deepEqual(e?.source, { component: 'replicaset-controller', host: 'node-a' });
    assert.equal(e?.reportingComponent, 'replicaset-controller');
    assert.equal(e?.reportingInstance, 'node-a');
    assert.equal(e?.firstTimestamp, '2026-01-01T10:00:00Z');
    assert.equal(e?.lastTimestamp, '2026-01-01T10:00:00Z');
  });

  it('files events about cluster-scoped objects in default', async () => {
    const { client, b } = setup();
    const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u-n' } };
    b.newRecorder('node-controller').event(node, 'Warning', 'NodeNotReady', 'Node is not ready');
    await b.flush();
    const [e] = events(client);
    assert.equal(e?.metadata?.namespace, 'default');
    assert.equal(e?.involvedObject.namespace, undefined);
    assert.deepEqual(e?.source, { component: 'node-controller' });
    assert.equal(e?.reportingInstance, '');
  });

  it('counts repeats by patching the first event', async () => {
    const { clock, client, b } = setup();
    const r = b.newRecorder('c');
    r.event(pod, 'Warning', 'FailedCreate', 'quota exceeded');
    await b.flush();
    const first = events(client)[0];
    clock.advance(61_000);
    r.event(pod, 'Warning', 'FailedCreate', 'quota exceeded');
    await b.flush();
    const all = events(client);
    assert.equal(all.length, 1);
    assert.equal(all[0]?.count, 2);
    assert.equal(all[0]?.metadata?.name, first?.metadata?.name);
    assert.equal(all[0]?.firstTimestamp, '2026-01-01T10:00:00Z');
    assert.equal(all[0]?.lastTimestamp, '2026-01-01T10:01:01Z');
    const patch = client.actions().find((a) => a.verb === 'patch');
    assert.equal(patch?.patchType, 'strategic');
    assert.deepEqual(patch?.patch, {
      count: 2,
      lastTimestamp: '2026-01-01T10:01:01Z',
      message: 'quota exceeded',
    });
  });

  it('creates the event anew when the counted one is gone', async () => {
    const { client, b } = setup();
    const r = b.newRecorder('c');
    r.event(pod, 'Normal', 'R', 'm');
    await b.flush();
    const first = events(client)[0];
    await client.resource(EVENTS).delete('ns1', first?.metadata?.name ?? '');
    r.event(pod, 'Normal', 'R', 'm');
    await b.flush();
    const all = events(client);
    assert.equal(all.length, 1);
    assert.equal(all[0]?.count, 2);
  });

  it('combines the 10th similar event and counts later ones on the combined event', async () => {
    const { client, b } = setup();
    const r = b.newRecorder('c');
    for (let i = 1; i <= 11; i++) r.event(pod, 'Warning', 'BackOff', `attempt ${i}`);
    await b.flush();
    const all = events(client);
    assert.equal(all.length, 10);
    const combined = all.filter((e) => e.message?.startsWith('(combined from similar events): '));
    assert.equal(combined.length, 1);
    assert.equal(combined[0]?.message, '(combined from similar events): attempt 11');
    assert.equal(combined[0]?.count, 2);
    assert.equal(combined[0]?.reportingComponent, '');
    assert.deepEqual(combined[0]?.source, { component: 'c' });
  });

  it('starts aggregation over after 10 minutes without a similar event', async () => {
    const { clock, client, b } = setup();
    const r = b.newRecorder('c');
    for (let i = 1; i <= 9; i++) r.event(pod, 'Warning', 'BackOff', `attempt ${i}`);
    await b.flush();
    clock.advance(600_001);
    r.event(pod, 'Warning', 'BackOff', 'attempt 10');
    await b.flush();
    const all = events(client);
    assert.equal(all.length, 10);
    assert.ok(all.every((e) => !e.message?.startsWith('(combined')));
  });

  it('drops a source+object past 25 events until its bucket refills', async () => {
    const { clock, client, b } = setup();
    const r = b.newRecorder('c');
    for (let i = 0; i < 30; i++) r.event(pod, 'Normal', `Reason${i}`, 'm');
    await b.flush();
    assert.equal(events(client).length, 25);
    // Another object has its own bucket.
    r.event({ ...pod, metadata: { ...pod.metadata, name: 'web-2', uid: 'u-2' } }, 'Normal', 'X', 'm');
    await b.flush();
    assert.equal(events(client).length, 26);
    clock.advance(300_000);
    r.event(pod, 'Normal', 'Refilled', 'm');
    r.event(pod, 'Normal', 'StillEmpty', 'm');
    await b.flush();
    const reasons = events(client).map((e) => e.reason);
    assert.ok(reasons.includes('Refilled'));
    assert.ok(!reasons.includes('StillEmpty'));
  });

  it('retries transport failures in the background and gives up on rejections', async () => {
    const { clock, client, b } = setup();
    let failures = 2;
    client.prependReactor('create', 'events', (a) => {
      const e = a.object as Event;
      if (e.reason === 'Denied') throw forbidden({ group: '', resource: 'events' }, '', 'no');
      if (failures > 0) {
        failures--;
        throw new Error('connect ECONNREFUSED');
      }
      return undefined;
    });
    const r = b.newRecorder('c');
    r.event(pod, 'Normal', 'Denied', 'm');
    r.event(pod, 'Normal', 'Retried', 'm');
    let flushed = false;
    const f = b.flush().then(() => {
      flushed = true;
    });
    for (let i = 0; i < 50 && !flushed; i++) {
      clock.advance(1_000);
      await new Promise((res) => setImmediate(res));
    }
    await f;
    const creates = client.actions().filter((a) => a.verb === 'create');
    assert.deepEqual(
      creates.map((a) => (a.object as Event).reason),
      ['Denied', 'Retried', 'Retried', 'Retried'],
    );
    assert.deepEqual(
      events(client).map((e) => e.reason),
      ['Retried'],
    );
  });

  it('stops after 12 attempts', async () => {
    const { clock, client, b } = setup();
    client.prependReactor('create', 'events', () => {
      throw new Error('connect ECONNREFUSED');
    });
    b.newRecorder('c').event(pod, 'Normal', 'R', 'm');
    let flushed = false;
    const f = b.flush().then(() => {
      flushed = true;
    });
    for (let i = 0; i < 400 && !flushed; i++) {
      clock.advance(1_000);
      await new Promise((res) => setImmediate(res));
    }
    await f;
    assert.equal(client.actions().filter((a) => a.verb === 'create').length, 12);
  });

  it('never throws into the caller', async () => {
    const { client, b } = setup();
    const r = b.newRecorder('c');
    const noKind: KubeObject = { metadata: { name: 'x', namespace: 'ns1' } };
    assert.doesNotThrow(() => r.event(noKind, 'Normal', 'R', 'm'));
    assert.doesNotThrow(() => r.event(pod, 'Bogus' as EventType, 'R', 'm'));
    await b.flush();
    assert.equal(events(client).length, 0);
    b.shutdown();
    assert.doesNotThrow(() => r.event(pod, 'Normal', 'R', 'm'));
    await b.flush();
    assert.equal(events(client).length, 0);
  });
});
