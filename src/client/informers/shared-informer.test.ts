import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { resourceExpired } from '../../apimachinery/errors/index.js';
import { PODS } from '../resources.js';
import { FakeClient } from '../testing/fake-client.js';
import { ManualClock } from '../testing/manual-clock.js';
import type { KubeObject, WatchEvent } from '../types.js';
import { InformerFactory } from './factory.js';
import type { DeletedFinalStateUnknown, ResourceEventHandler } from './types.js';

/** Lets queued promise callbacks and I/O turns run (bounded). */
async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

/** Waits (bounded) until `cond` holds, letting the event loop run. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`timed out waiting for ${what}`);
}

function pod(name: string, ns = 'default', labels: Record<string, string> = {}): Pod {
  return { metadata: { name, namespace: ns, labels }, spec: { containers: [{ name: 'c', image: 'i' }] } };
}

type Seen = string[];

/** The options a logged action carried. */
function optsOf(a: { options?: unknown } | undefined): Record<string, unknown> {
  return (a?.options ?? {}) as Record<string, unknown>;
}

function recorder(seen: Seen): ResourceEventHandler<Pod> {
  const name = (o: Pod | DeletedFinalStateUnknown<Pod>) =>
    'type' in o && o.type === 'tombstone' ? `tombstone:${o.key}` : (o as Pod).metadata?.name;
  return {
    onAdd: (o, initial) => seen.push(`add ${o.metadata?.name}${initial ? ' initial' : ''}`),
    onUpdate: (o, n) =>
      seen.push(`update ${o.metadata?.name} ${o.metadata?.resourceVersion}->${n.metadata?.resourceVersion}`),
    onDelete: (o) => seen.push(`delete ${name(o)}`),
  };
}

function setup() {
  const clock = new ManualClock();
  const client = new FakeClient({ clock });
  const factory = new InformerFactory(client, { clock, random: () => 0 });
  const ac = new AbortController();
  return { clock, client, factory, ac };
}

/** A watch stream that yields `events` then ends (a server-side close). */
async function* finite<T>(events: WatchEvent<T>[]): AsyncIterable<WatchEvent<T>> {
  for (const e of events) {
    await new Promise((r) => setImmediate(r));
    yield e;
  }
}

describe('SharedIndexInformer', () => {
  it('syncs the initial list, then delivers watch events in order', async () => {
    const { client, factory, ac } = setup();
    client.seed(PODS, [pod('a'), pod('b', 'other')]);
    const seen: Seen = [];
    const inf = factory.informerFor(PODS);
    const reg = inf.addEventHandler(recorder(seen));
    assert.equal(inf.hasSynced(), false);
    assert.equal(inf.lastSyncResourceVersion(), '');
    factory.start(ac.signal);
    assert.equal(await factory.waitForCacheSync(ac.signal), true);
    assert.equal(inf.hasSynced(), true);
    assert.equal(reg.hasSynced(), true);
    assert.deepEqual(seen.sort(), ['add a initial', 'add b initial']);
    assert.equal(inf.lastSyncResourceVersion(), client.revision);
    // Cached objects carry kind and apiVersion even when list items do not.
    assert.equal(inf.lister.get('default', 'a')?.kind, 'Pod');
    assert.equal(inf.lister.get('default', 'a')?.apiVersion, 'v1');
    seen.length = 0;

    const rc = client.resource(PODS);
    const c = await rc.create('default', pod('c'));
    const updated = await rc.update({ ...c, metadata: { ...c.metadata, labels: { x: 'y' } } });
    await rc.delete('other', 'b');
    await until(() => seen.length === 3, 'three events');
    assert.deepEqual(seen, [
      'add c',
      `update c ${c.metadata?.resourceVersion}->${updated.metadata?.resourceVersion}`,
      'delete b',
    ]);
    assert.deepEqual(inf.indexer.listKeys().sort(), ['default/a', 'default/c']);
    assert.equal(inf.lastSyncResourceVersion(), client.revision);
    ac.abort();
    await until(() => client.openWatches === 0, 'the watch to close');
  });

  it('lists in pages of 500 and watches from the list resourceVersion with bookmarks', async () => {
    const { client, factory, ac } = setup();
    client.seed(
      PODS,
      Array.from({ length: 1001 }, (_, i) => pod(`p${String(i).padStart(4, '0')}`)),
    );
    const inf = factory.informerFor(PODS);
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    await until(() => client.actions().some((a) => a.verb === 'watch'), 'the watch');
    assert.equal(inf.indexer.list().length, 1001);
    const lists = client.actions().filter((a) => a.verb === 'list');
    assert.equal(lists.length, 3);
    for (const l of lists) assert.equal(optsOf(l).limit, 500);
    assert.equal(optsOf(lists[0]).continue, undefined);
    assert.ok(optsOf(lists[1]).continue);
    const watch = client.actions().find((a) => a.verb === 'watch');
    const wopts = watch?.options as {
      resourceVersion?: string;
      allowWatchBookmarks?: boolean;
      timeoutSeconds?: number;
    };
    assert.equal(wopts.resourceVersion, client.revision);
    assert.equal(wopts.allowWatchBookmarks, true);
    assert.equal(wopts.timeoutSeconds, 300);
    ac.abort();
  });

  it('rewatches from the last seen resourceVersion after a clean end', async () => {
    const { client, factory, ac } = setup();
    client.seed(PODS, [pod('a')]);
    const rc = client.resource(PODS);
    let watches = 0;
    client.prependReactor('watch', 'pods', () => {
      watches++;
      if (watches > 1) return undefined;
      const obj = { ...pod('x'), metadata: { ...pod('x').metadata, resourceVersion: '77' } };
      return finite<Pod>([
        { type: 'ADDED', object: obj },
        { type: 'BOOKMARK', object: { metadata: { resourceVersion: '80' } } },
      ]);
    });
    const seen: Seen = [];
    const inf = factory.informerFor(PODS);
    inf.addEventHandler(recorder(seen));
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    await until(() => watches === 2, 'the second watch');
    const ws = client.actions().filter((a) => a.verb === 'watch');
    assert.equal(optsOf(ws[1]).resourceVersion, '80');
    assert.equal(client.actions().filter((a) => a.verb === 'list').length, 1);
    assert.deepEqual(seen, ['add a initial', 'add x']);
    void rc;
    ac.abort();
  });

  it('relists after 410 Expired, delivering missed deletions as tombstones', async () => {
    const { clock, client, factory, ac } = setup();
    client.seed(PODS, [pod('keep'), pod('gone'), pod('same')]);
    const rc = client.resource(PODS);
    let watches = 0;
    client.prependReactor('watch', 'pods', () => {
      watches++;
      if (watches > 1) return undefined;
      // The first watch misses everything and ends with a 410, as after a compaction.
      return finite<Pod>([
        { type: 'ERROR', object: resourceExpired('too old resource version: 1 (5)').toJSON() },
      ]);
    });
    const seen: Seen = [];
    const inf = factory.informerFor(PODS);
    inf.addEventHandler(recorder(seen));
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    const keep = inf.lister.get('default', 'keep');
    await rc.delete('default', 'gone');
    const kept = await rc.update({ ...(keep as Pod), metadata: { ...keep?.metadata, labels: { v: '2' } } });
    await rc.create('default', pod('new'));
    await until(() => watches === 1, 'the first watch');
    await settle();
    seen.length = 0;
    // The relist waits for the backoff (800 ms with no jitter).
    assert.equal(client.actions().filter((a) => a.verb === 'list').length, 1);
    clock.advance(800);
    await until(() => watches === 2, 'the watch after the relist');
    assert.equal(client.actions().filter((a) => a.verb === 'list').length, 2);
    assert.deepEqual(seen, [
      `update keep ${keep?.metadata?.resourceVersion}->${kept.metadata?.resourceVersion}`,
      'add new initial',
      'delete tombstone:default/gone',
    ]);
    assert.deepEqual(inf.indexer.listKeys().sort(), ['default/keep', 'default/new', 'default/same']);
    ac.abort();
  });

  it('rewatches after a failed watch request, relists after a 410 answer', async () => {
    const { clock, client, factory, ac } = setup();
    let watches = 0;
    client.prependReactor('watch', 'pods', () => {
      watches++;
      if (watches === 1) throw new Error('connect ECONNREFUSED');
      if (watches === 2) throw resourceExpired('too old resource version: 1 (5)');
      return undefined;
    });
    factory.informerFor(PODS);
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    await until(() => watches === 1, 'the first watch');
    await settle();
    clock.advance(800);
    await until(() => watches === 2, 'the second watch');
    await settle();
    const verbs = () => client.actions().map((a) => a.verb);
    assert.deepEqual(verbs(), ['list', 'watch', 'watch']);
    clock.advance(1600);
    await until(() => watches === 3, 'the third watch');
    assert.deepEqual(verbs(), ['list', 'watch', 'watch', 'list', 'watch']);
    ac.abort();
  });

  it('lists everything at once when a continue token expires', async () => {
    const { client, factory, ac } = setup();
    client.seed(
      PODS,
      Array.from({ length: 600 }, (_, i) => pod(`p${String(i).padStart(4, '0')}`)),
    );
    client.prependReactor('list', 'pods', (a) => {
      if (optsOf(a).continue !== undefined)
        throw resourceExpired('The provided continue parameter is too old');
      return undefined;
    });
    const inf = factory.informerFor(PODS);
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    assert.equal(inf.indexer.list().length, 600);
    const lists = client
      .actions()
      .filter((a) => a.verb === 'list')
      .map(optsOf);
    assert.equal(lists.length, 3);
    assert.equal(lists[2]?.limit, undefined);
    assert.equal(lists[2]?.continue, undefined);
    ac.abort();
  });

  it('treats a watch that closes at once without events as a failure', async () => {
    const { clock, client, factory, ac } = setup();
    let watches = 0;
    client.prependReactor('watch', 'pods', () => {
      watches++;
      return watches === 1 ? finite<Pod>([]) : undefined;
    });
    factory.informerFor(PODS);
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    await until(() => watches === 1, 'the first watch');
    await settle();
    clock.advance(800);
    await until(() => watches === 2, 'the second watch');
    assert.deepEqual(
      client.actions().map((a) => a.verb),
      ['list', 'watch', 'list', 'watch'],
    );
    ac.abort();
  });

  it('backs off and retries when the list fails', async () => {
    const { clock, client, factory, ac } = setup();
    client.seed(PODS, [pod('a')]);
    let lists = 0;
    client.prependReactor('list', 'pods', () => {
      lists++;
      if (lists <= 2) throw new Error('connection refused');
      return undefined;
    });
    const inf = factory.informerFor(PODS);
    factory.start(ac.signal);
    await until(() => lists === 1, 'the first list');
    await settle();
    clock.advance(799);
    await settle();
    assert.equal(lists, 1);
    clock.advance(1);
    await until(() => lists === 2, 'the second list');
    await settle();
    // The second delay doubles.
    clock.advance(1599);
    await settle();
    assert.equal(lists, 2);
    clock.advance(1);
    await until(() => inf.hasSynced(), 'the sync');
    assert.equal(inf.indexer.list().length, 1);
    ac.abort();
  });

  it('gives a late handler the cached objects as initial adds', async () => {
    const { client, factory, ac } = setup();
    client.seed(PODS, [pod('a'), pod('b')]);
    const inf = factory.informerFor(PODS);
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    const seen: Seen = [];
    const reg = inf.addEventHandler(recorder(seen));
    assert.equal(reg.hasSynced(), true);
    assert.deepEqual(seen.sort(), ['add a initial', 'add b initial']);
    reg.remove();
    await client.resource(PODS).create('default', pod('c'));
    await settle();
    assert.equal(seen.length, 2);
    ac.abort();
  });

  it('keeps calling other handlers when one throws, and skips unchanged updates', async () => {
    const { client, factory, ac } = setup();
    const inf = factory.informerFor(PODS);
    inf.addEventHandler({
      onAdd: () => {
        throw new Error('boom');
      },
    });
    const seen: Seen = [];
    inf.addEventHandler(recorder(seen));
    factory.start(ac.signal);
    await factory.waitForCacheSync(ac.signal);
    const p = await client.resource(PODS).create('default', pod('a'));
    await until(() => seen.length === 1, 'the add');
    // A MODIFIED carrying the cached resourceVersion (as a relist of an unchanged object) is no update.
    const sink = inf as unknown as { modified(o: KubeObject): void };
    sink.modified(structuredClone(p));
    assert.deepEqual(seen, ['add a']);
    ac.abort();
  });

  it('waitForCacheSync ignores unstarted informers and answers false on abort', async () => {
    const { client, factory } = setup();
    factory.informerFor(PODS);
    assert.equal(await factory.waitForCacheSync(new AbortController().signal), true);
    client.prependReactor('list', 'pods', () => new Promise(() => {}));
    const ac = new AbortController();
    factory.start(ac.signal);
    const waiting = factory.waitForCacheSync(ac.signal);
    ac.abort();
    assert.equal(await waiting, false);
  });

  it('returns one informer per resource and starts late ones at once', async () => {
    const { client, factory, ac } = setup();
    factory.start(ac.signal);
    const a = factory.informerFor(PODS);
    assert.equal(factory.informerFor(PODS), a);
    assert.equal(await factory.waitForCacheSync(ac.signal), true);
    assert.equal(a.hasSynced(), true);
    assert.equal(client.actions().filter((x) => x.verb === 'list').length, 1);
    ac.abort();
  });
});
