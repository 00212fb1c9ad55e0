// The namespace controller over a real SQLite store and the API server's registries: deleting a
// namespace (two-phase, as the API does it) ends with its content and the namespace gone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resourceFor } from '../../src/api/index.js';
import { isNotFound } from '../../src/apimachinery/errors/index.js';
import type { RequestContext } from '../../src/apiserver/registry/index.js';
import { startNamespaceController } from '../../src/apiserver/server/namespace-controller.js';
import { ResourceHandler } from '../../src/apiserver/server/resource-handler.js';
import { openSqliteStore } from '../../src/storage/sqlite/index.js';
import type { Store } from '../../src/storage/index.js';
import { tempDir } from '../support/temp-dir.js';

const tmp = tempDir('nsctl');
const ac = new AbortController();
let store: Store;
let handler: ResourceHandler;
let stopped: Promise<void>;

const ctx = (namespace: string): RequestContext => ({ namespace, user: 'admin', now: () => new Date() });
const reg = (group: string, version: string, resource: string) =>
  handler.registryFor(resourceFor({ group, version, resource })!);

before(async () => {
  store = await openSqliteStore({ dir: tmp.path });
  handler = new ResourceHandler(store, ac.signal);
  // No grace delay, so that the test does not wait 5 s per pass.
  stopped = startNamespaceController(handler, store, ac.signal, undefined, { deletionGracePeriodMs: 0 });
});

after(async () => {
  ac.abort();
  await stopped;
  await store.close();
  tmp.remove();
});

async function gone(name: string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    try {
      await reg('', 'v1', 'namespaces').get(ctx(''), name);
    } catch (e) {
      if (isNotFound(e)) return true;
      throw e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('namespace controller over SQLite and the registries', () => {
  test('empties a deleted namespace and releases it', async () => {
    await reg('', 'v1', 'namespaces').create(ctx(''), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'x' },
    });
    await reg('', 'v1', 'namespaces').create(ctx(''), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'y' },
    });
    for (const ns of ['x', 'y']) {
      await reg('', 'v1', 'configmaps').create(ctx(ns), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: ns },
      });
    }
    // Unscheduled, with the default 30 s grace period: deleted at once all the same.
    await reg('', 'v1', 'pods').create(ctx('x'), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'x' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    await reg('apps', 'v1', 'deployments').create(ctx('x'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'x' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    });
    const r = await handler.subresources.deleteNamespace(ctx(''), 'x', {});
    assert.equal(r.deleted, false);
    assert.equal(await gone('x'), true);
    for (const [g, v, res] of [
      ['', 'v1', 'configmaps'],
      ['', 'v1', 'pods'],
      ['apps', 'v1', 'deployments'],
    ] as const) {
      assert.deepEqual((await reg(g, v, res).list(ctx('x'))).items, [], res);
    }
    assert.equal((await reg('', 'v1', 'configmaps').list(ctx('y'))).items.length, 1);
  });

  test('waits on a finalizer, with conditions, and finishes once it is released', async () => {
    const cms = reg('', 'v1', 'configmaps');
    await reg('', 'v1', 'namespaces').create(ctx(''), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'z' },
    });
    await cms.create(ctx('z'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pinned', namespace: 'z', finalizers: ['example.com/f'] },
    });
    await handler.subresources.deleteNamespace(ctx(''), 'z', {});
    let conditions: { type: string; message: string }[] = [];
    for (let i = 0; i < 200 && conditions.length === 0; i++) {
      await new Promise((res) => setTimeout(res, 25));
      const ns = await reg('', 'v1', 'namespaces').get(ctx(''), 'z');
      conditions = (ns['status'] as { conditions?: typeof conditions }).conditions ?? [];
    }
    assert.equal(
      conditions.find((c) => c.type === 'NamespaceFinalizersRemaining')?.message,
      'Some content in the namespace has finalizers remaining: example.com/f in 1 resource instances',
    );
    const pinned = await cms.get(ctx('z'), 'pinned');
    (pinned['metadata'] as { finalizers?: string[] }).finalizers = [];
    await cms.update(ctx('z'), 'pinned', pinned);
    // The controller comes back after 15/2+1 = 8 s.
    let done = false;
    for (let i = 0; i < 4 && !done; i++) done = await gone('z');
    assert.equal(done, true);
  });
});
