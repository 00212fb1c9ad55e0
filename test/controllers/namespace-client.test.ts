// The namespace controller over the client library against a real API server: a namespace holding
// 1,000 objects of several kinds is emptied and removed by the controller running in the test
// process (over HTTPS, with a namespaces informer).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isNotFound } from '../../src/apimachinery/errors/index.js';
import { SYSTEM_CLOCK } from '../../src/client/clock.js';
import { InformerFactory } from '../../src/client/informers/factory.js';
import { CONFIG_MAPS, NAMESPACES, PODS, SECRETS, SERVICES } from '../../src/client/resources.js';
import { clientFromKubeconfig, type RestClient } from '../../src/client/rest/index.js';
import type { Client, KubeObject, Resource, ResourceClient } from '../../src/client/types.js';
import {
  clientNamespaceDeletionClient,
  informerNamespaceEvents,
  NamespaceController,
} from '../../src/controllers/namespace/index.js';
import { type KiteServer, startKiteServer } from '../support/kite-server.js';

const NS = 'ns-client-test';
let server: KiteServer;
let admin: RestClient;
let controllerClient: RestClient;
const stop = new AbortController();
let stopped: Promise<void> | undefined;
/** Successful calls the controller made, as `verb resource`. */
const calls: string[] = [];

const VERBS = new Set([
  'get',
  'list',
  'create',
  'update',
  'updateStatus',
  'patch',
  'delete',
  'deleteCollection',
  'updateSubresource',
]);

// Records the controller's successful calls, so the test can tell its work from the server's
// own in-process namespace controller (which waits 5 s before acting; this one does not).
function recording(c: Client): Client {
  return {
    userAgent: c.userAgent,
    discover: () => c.discover(),
    resource<T extends KubeObject>(r: Resource<T>): ResourceClient<T> {
      const rc = c.resource(r);
      return new Proxy(rc, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (typeof v !== 'function' || typeof prop !== 'string' || !VERBS.has(prop)) return v;
          return async (...args: unknown[]) => {
            const out = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            calls.push(`${String(prop)} ${r.resource}`);
            return out;
          };
        },
      });
    },
  };
}

before(async () => {
  server = await startKiteServer({ args: ['--disable-controller-manager'] });
  ({ client: admin } = await clientFromKubeconfig(server.kubeconfig));
  ({ client: controllerClient } = await clientFromKubeconfig(server.kubeconfig, {
    userAgent: 'namespace-controller',
  }));
  const client = recording(controllerClient);
  const informers = new InformerFactory(client, { clock: SYSTEM_CLOCK });
  const controller = new NamespaceController({
    client: clientNamespaceDeletionClient(client),
    events: informerNamespaceEvents(informers),
    deletionGracePeriodMs: 0,
  });
  informers.start(stop.signal);
  stopped = controller.start(stop.signal);
});

after(async () => {
  stop.abort();
  await stopped;
  controllerClient?.close();
  admin?.close();
  await server?.stop();
});

async function createAll(total: number, make: (i: number) => Promise<unknown>, parallel = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < total) await make(next++);
    }),
  );
}

describe('namespace controller over the client', () => {
  test('deletes a namespace holding 1,000 objects completely', async () => {
    await admin.resource(NAMESPACES).create('', { metadata: { name: NS } });
    const kinds: [number, (i: number) => Promise<unknown>][] = [
      [
        400,
        (i) =>
          admin.resource(CONFIG_MAPS).create(NS, { metadata: { name: `cm-${i}` }, data: { i: String(i) } }),
      ],
      [
        300,
        (i) =>
          admin.resource(SECRETS).create(NS, { metadata: { name: `s-${i}` }, stringData: { i: String(i) } }),
      ],
      [
        200,
        (i) =>
          admin.resource(PODS).create(NS, {
            metadata: { name: `p-${i}` },
            spec: { containers: [{ name: 'c', image: 'busybox' }] },
          }),
      ],
      [
        100,
        (i) =>
          admin
            .resource(SERVICES)
            .create(NS, { metadata: { name: `svc-${i}` }, spec: { ports: [{ port: 80 }] } }),
      ],
    ];
    for (const [n, make] of kinds) await createAll(n, make);
    const counts = await Promise.all(
      [CONFIG_MAPS, SECRETS, PODS, SERVICES].map(
        async (r) => (await admin.resource(r as Resource).list(NS)).items.length,
      ),
    );
    // The API server may add its own objects (a kube-root-ca.crt ConfigMap) besides ours.
    assert.ok((counts[0] ?? 0) >= 400);
    assert.deepEqual(counts.slice(1), [300, 200, 100]);

    await admin.resource(NAMESPACES).delete('', NS);
    let gone = false;
    for (let i = 0; i < 600 && !gone; i++) {
      try {
        await admin.resource(NAMESPACES).get('', NS);
        await new Promise((r) => setTimeout(r, 100));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        gone = true;
      }
    }
    assert.ok(gone, 'namespace still present');
    for (const r of [CONFIG_MAPS, SECRETS, PODS, SERVICES] as Resource[])
      assert.equal((await admin.resource(r).list(NS)).items.length, 0, r.resource);
    // The content was deleted by this controller. Releasing the finalizer may fall to the server's
    // own in-process controller when this pass outlasts its 5 s delay (the unit tests cover the
    // finalize call).
    for (const r of ['configmaps', 'secrets', 'pods', 'services'])
      assert.ok(calls.includes(`deleteCollection ${r}`), `${r}: ${calls.join(', ')}`);
  });
});
