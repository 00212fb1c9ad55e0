// Informers, event recording and leader election against a real `kite server`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, Event } from 'kubernetes-types/core/v1.js';
import { newEventBroadcaster } from '../../src/client/events/index.js';
import { InformerFactory } from '../../src/client/informers/index.js';
import { LeaderElector } from '../../src/client/leaderelection/index.js';
import { CONFIG_MAPS, EVENTS, LEASES, NAMESPACES } from '../../src/client/resources.js';
import { clientFromKubeconfig, type RestClient } from '../../src/client/rest/index.js';
import { type KiteServer, startKiteServer } from '../support/kite-server.js';

let server: KiteServer;
let client: RestClient;
const NS = 'machinery';

/** Polls `cond` every 20 ms, failing after `ms` (a bound, not a timing assertion). */
async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 20) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

before(async () => {
  server = await startKiteServer();
  ({ client } = await clientFromKubeconfig(server.kubeconfig, { userAgent: 'machinery-test/1.0' }));
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  client?.close();
  await server?.stop();
});

describe('informer over the REST client', () => {
  it('syncs, then follows creates, updates and deletes in order', async () => {
    const cms = client.resource(CONFIG_MAPS);
    await cms.create(NS, { metadata: { name: 'before' }, data: { a: '1' } });
    const factory = new InformerFactory(client);
    const inf = factory.informerFor(CONFIG_MAPS);
    const seen: string[] = [];
    // The controllers in the server publish kube-root-ca.crt in the namespace meanwhile.
    const ours = (o: ConfigMap) => o.metadata?.namespace === NS && o.metadata?.name !== 'kube-root-ca.crt';
    inf.addEventHandler({
      onAdd: (o) => {
        if (ours(o)) seen.push(`add ${o.metadata?.name}`);
      },
      onUpdate: (_o, n) => {
        if (ours(n)) seen.push(`update ${n.metadata?.name} ${n.data?.a}`);
      },
      onDelete: (o) => {
        const obj = 'type' in o && o.type === 'tombstone' ? o.obj : (o as ConfigMap);
        if (ours(obj)) seen.push(`delete ${obj.metadata?.name}`);
      },
    });
    const ac = new AbortController();
    factory.start(ac.signal);
    try {
      assert.equal(await factory.waitForCacheSync(ac.signal), true);
      assert.deepEqual(seen, ['add before']);
      assert.equal(inf.lister.get(NS, 'before')?.kind, 'ConfigMap');
      const c = await cms.create(NS, { metadata: { name: 'after' }, data: { a: '1' } });
      await cms.update({ ...c, data: { a: '2' } });
      await cms.delete(NS, 'before');
      await until(() => seen.length === 4, 'three events');
      assert.deepEqual(seen, ['add before', 'add after', 'update after 2', 'delete before']);
      assert.deepEqual(
        inf.lister
          .listNamespace(NS)
          .filter(ours)
          .map((o) => o.metadata?.name)
          .sort(),
        ['after'],
      );
      assert.notEqual(inf.lastSyncResourceVersion(), '');
    } finally {
      ac.abort();
    }
  });
});

describe('event broadcaster over the REST client', () => {
  it('creates an event, then counts a repeat with a strategic merge patch', async () => {
    const cm = await client.resource(CONFIG_MAPS).create(NS, { metadata: { name: 'evented' } });
    const b = newEventBroadcaster({ client });
    const r = b.newRecorder('machinery-test');
    const obj = { ...cm, kind: 'ConfigMap', apiVersion: 'v1' };
    r.event(obj, 'Normal', 'Tested', 'it works');
    await b.flush();
    r.event(obj, 'Normal', 'Tested', 'it works');
    await b.flush();
    const list = await client.resource(EVENTS).list(NS);
    const mine = list.items.filter((e: Event) => e.reason === 'Tested');
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.count, 2);
    assert.equal(mine[0]?.involvedObject.uid, cm.metadata?.uid);
    assert.equal(mine[0]?.source?.component, 'machinery-test');
    assert.equal(mine[0]?.reportingComponent, 'machinery-test');
    b.shutdown();
  });
});

describe('leader election over the REST client', () => {
  it('elects one candidate and hands over on release', async () => {
    const leading = new Set<string>();
    const make = (identity: string) => {
      const ac = new AbortController();
      const elector = new LeaderElector({
        client,
        namespace: NS,
        name: 'machinery-lock',
        identity,
        leaseDurationMs: 3000,
        renewDeadlineMs: 2000,
        retryPeriodMs: 500,
        releaseOnCancel: true,
        callbacks: {
          onStartedLeading: (s) => {
            leading.add(identity);
            s.addEventListener('abort', () => leading.delete(identity));
          },
          onStoppedLeading: () => leading.delete(identity),
        },
      });
      return { ac, done: elector.run(ac.signal) };
    };
    const a = make('a');
    await until(() => leading.has('a'), 'a to lead');
    const b = make('b');
    await new Promise((r) => setTimeout(r, 1200));
    assert.deepEqual([...leading], ['a']);
    const held = await client.resource(LEASES).get(NS, 'machinery-lock');
    assert.equal(held.spec?.holderIdentity, 'a');
    assert.equal(held.spec?.leaseDurationSeconds, 3);
    assert.match(held.spec?.renewTime ?? '', /\.\d{6}Z$/);
    a.ac.abort();
    await a.done;
    await until(() => leading.has('b'), 'b to lead');
    const taken = await client.resource(LEASES).get(NS, 'machinery-lock');
    assert.equal(taken.spec?.holderIdentity, 'b');
    assert.equal(taken.spec?.leaseTransitions, 1);
    b.ac.abort();
    await b.done;
  });
});
