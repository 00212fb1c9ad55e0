// The REST client against a real `kite server`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import {
  isConflict,
  isForbidden,
  isNotFound,
  isResourceExpired,
  isUnauthorized,
  StatusError,
} from '../../src/apimachinery/errors/index.js';
import { clientFromKubeconfig, RestClient } from '../../src/client/rest/index.js';
import { CONFIG_MAPS, DEPLOYMENTS, NAMESPACES, NODES } from '../../src/client/resources.js';
import type { KubeObject, WatchEvent } from '../../src/client/types.js';
import { type KiteServer, startKiteServer } from '../support/kite-server.js';
import { tempDir } from '../support/temp-dir.js';

let server: KiteServer;
let client: RestClient;
const warnings: string[] = [];
const tmp = tempDir('rest-client');

before(async () => {
  server = await startKiteServer({ tokens: ['admin-token,token-admin,2001,"system:masters"'] });
  ({ client } = await clientFromKubeconfig(server.kubeconfig, {
    userAgent: 'rest-client-test/1.0',
    onWarning: (w) => warnings.push(w),
  }));
  await client.resource(NAMESPACES).create('', { metadata: { name: 'rc' } });
});

after(async () => {
  client?.close();
  await server?.stop();
  tmp.remove();
});

function cm(name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): ConfigMap {
  return { metadata: { name, labels }, data };
}

async function take<T>(it: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for await (const e of it) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}

const names = (events: WatchEvent<KubeObject>[]) =>
  events.map((e) => `${e.type} ${e.type === 'ERROR' ? e.object.code : e.object.metadata?.name}`);

describe('RestClient CRUD', () => {
  it('creates, reads, updates and deletes a ConfigMap', async () => {
    const cms = client.resource(CONFIG_MAPS);
    const made = await cms.create('rc', cm('crud', {}, { a: '1' }));
    assert.equal(made.metadata?.namespace, 'rc');
    assert.ok(made.metadata?.uid);
    const got = await cms.get('rc', 'crud');
    assert.deepEqual(got.data, { a: '1' });
    const updated = await cms.update({ ...got, data: { a: '2' } });
    assert.deepEqual(updated.data, { a: '2' });
    assert.notEqual(updated.metadata?.resourceVersion, got.metadata?.resourceVersion);
    await cms.delete('rc', 'crud');
    await assert.rejects(cms.get('rc', 'crud'), (e: unknown) => {
      assert.ok(e instanceof StatusError && isNotFound(e));
      assert.equal(e.message, 'configmaps "crud" not found');
      return true;
    });
  });

  it('answers a stale update with Conflict', async () => {
    const cms = client.resource(CONFIG_MAPS);
    const v1 = await cms.create('rc', cm('stale'));
    await cms.update({ ...v1, data: { x: '1' } });
    await assert.rejects(cms.update({ ...v1, data: { x: '2' } }), isConflict);
  });

  it('lists with a label selector and pages with limit/continue', async () => {
    const cms = client.resource(CONFIG_MAPS);
    for (const n of ['p1', 'p2', 'p3']) await cms.create('rc', cm(n, { page: 'yes' }));
    await cms.create('rc', cm('p4', { page: 'no' }));
    const first = await cms.list('rc', { labelSelector: 'page=yes', limit: 2 });
    assert.equal(first.items.length, 2);
    assert.ok(first.metadata.continue);
    const second = await cms.list('rc', {
      labelSelector: 'page=yes',
      limit: 2,
      continue: first.metadata.continue,
    });
    const all = [...first.items, ...second.items].map((o) => o.metadata?.name);
    assert.deepEqual(all, ['p1', 'p2', 'p3']);
    assert.equal(second.metadata.continue, undefined);
  });

  it('passes Warning headers to the callback', async () => {
    const before = warnings.length;
    await client.resource(CONFIG_MAPS).create('rc', { ...cm('warned'), bogus: 1 } as ConfigMap);
    assert.ok(
      warnings.slice(before).some((w) => w.includes('unknown field "bogus"')),
      warnings.join('; '),
    );
  });

  it('works with cluster-scoped resources', async () => {
    const list = await client.resource(NAMESPACES).list('');
    assert.ok(list.items.some((n) => n.metadata?.name === 'rc'));
    await assert.rejects(client.resource(NODES).get('', 'no-such-node'), isNotFound);
  });
});

describe('RestClient watch', () => {
  it('follows a resourceVersion with ADDED, MODIFIED and DELETED', async () => {
    const cms = client.resource(CONFIG_MAPS);
    const start = await cms.list('rc', { labelSelector: 'w=1' });
    const ac = new AbortController();
    const events = take(
      cms.watch(
        'rc',
        { resourceVersion: start.metadata.resourceVersion ?? '', labelSelector: 'w=1' },
        ac.signal,
      ),
      3,
    );
    const made = await cms.create('rc', cm('watched', { w: '1' }));
    await cms.update({ ...made, data: { k: 'v' } });
    await cms.delete('rc', 'watched');
    assert.deepEqual(names(await events), ['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
    ac.abort();
  });

  it('ends without error when the signal aborts', async () => {
    const ac = new AbortController();
    const it = client.resource(CONFIG_MAPS).watch('rc', { labelSelector: 'none=here' }, ac.signal);
    const done = take(it, 1);
    setImmediate(() => ac.abort());
    assert.deepEqual(await done, []);
  });

  it('ends when the server closes the watch (timeoutSeconds)', async () => {
    const it = client
      .resource(CONFIG_MAPS)
      .watch('rc', { labelSelector: 'none=here', timeoutSeconds: 1 }, new AbortController().signal);
    assert.deepEqual(await take(it, 1), []);
  });

  it('reports an expired resourceVersion as an ERROR event with 410 Expired', async () => {
    // The server, as upstream's watch cache does, accepts the request and sends one ERROR event.
    const it = client
      .resource(CONFIG_MAPS)
      .watch('rc', { resourceVersion: '1' }, new AbortController().signal);
    const events = await take(it, 2);
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.equal(e.type, 'ERROR');
    assert.ok(e.type === 'ERROR' && isResourceExpired(new StatusError(e.object)));
    assert.match(e.type === 'ERROR' ? (e.object.message ?? '') : '', /^too old resource version: 1 \(\d+\)$/);
  });

  it('throws a StatusError when the watch request fails', async () => {
    const it = client
      .resource(CONFIG_MAPS)
      .watch('rc', { labelSelector: 'a in (' }, new AbortController().signal);
    await assert.rejects(take(it, 1), (e: unknown) => e instanceof StatusError && e.code === 400);
  });
});

describe('RestClient patch', () => {
  it('applies json, merge, strategic and apply patches', async () => {
    const cms = client.resource(CONFIG_MAPS);
    await cms.create('rc', cm('patched', { a: '1' }, { k: 'v' }));
    let got = await cms.patch('rc', 'patched', 'merge', { data: { m: '1' } });
    assert.deepEqual(got.data, { k: 'v', m: '1' });
    got = await cms.patch('rc', 'patched', 'strategic', { metadata: { labels: { s: '1' } } });
    assert.deepEqual(got.metadata?.labels, { a: '1', s: '1' });
    got = await cms.patch('rc', 'patched', 'json', [{ op: 'remove', path: '/data/k' }]);
    assert.deepEqual(got.data, { m: '1' });
    got = await cms.patch(
      'rc',
      'applied',
      'apply',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { x: 'y' } },
      { fieldManager: 'rest-test', force: true },
    );
    assert.deepEqual(got.data, { x: 'y' });
    assert.ok(got.metadata?.managedFields?.some((f) => f.manager === 'rest-test' && f.operation === 'Apply'));
    // Without a field manager the client names itself after its user agent.
    got = await cms.patch('rc', 'applied', 'apply', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied' },
      data: { z: '1' },
    });
    assert.ok(got.metadata?.managedFields?.some((f) => f.manager === 'rest-client-test'));
  });

  it('turns an invalid JSON patch into a StatusError', async () => {
    await client.resource(CONFIG_MAPS).create('rc', cm('badpatch'));
    await assert.rejects(
      client
        .resource(CONFIG_MAPS)
        .patch('rc', 'badpatch', 'json', [{ op: 'test', path: '/data/nope', value: 'x' }]),
      (e: unknown) => e instanceof StatusError && e.code >= 400,
    );
  });
});

describe('RestClient subresources', () => {
  it('reads and writes deployments/scale', async () => {
    const deps = client.resource(DEPLOYMENTS);
    const d: Deployment = {
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    };
    await deps.create('rc', d);
    const scale = await deps.getSubresource<{ spec: { replicas: number }; status: { selector?: string } }>(
      'rc',
      'web',
      'scale',
    );
    assert.equal(scale.spec.replicas, 1);
    assert.equal(scale.status.selector, 'app=web');
    const updated = await deps.updateSubresource<{ spec: { replicas: number } }>('rc', 'web', 'scale', {
      ...scale,
      spec: { replicas: 3 },
    });
    assert.equal(updated.spec.replicas, 3);
    assert.equal((await deps.get('rc', 'web')).spec?.replicas, 3);
    const patched = await deps.patch(
      'rc',
      'web',
      'merge',
      { spec: { replicas: 2 } },
      { subresource: 'scale' },
    );
    assert.equal((patched as unknown as { spec: { replicas: number } }).spec.replicas, 2);
    const st = await deps.updateStatus({
      ...(await deps.get('rc', 'web')),
      status: { observedGeneration: 1 },
    });
    assert.equal(st.status?.observedGeneration, 1);
  });
});

describe('RestClient discovery and identity', () => {
  it('discovers apps/v1 deployments and the core group', async () => {
    const gvs = await client.discover();
    const apps = gvs.find((g) => g.group === 'apps' && g.version === 'v1');
    assert.ok(apps?.preferred);
    const deps = apps.resources.find((r) => r.name === 'deployments');
    assert.equal(deps?.kind, 'Deployment');
    assert.ok(deps?.namespaced);
    assert.ok(apps.resources.some((r) => r.name === 'deployments/scale'));
    const core = gvs.find((g) => g.group === '' && g.version === 'v1');
    assert.ok(core?.resources.some((r) => r.name === 'pods' && r.verbs.includes('watch')));
  });

  it('authenticates with a token file', async () => {
    const file = join(tmp.path, 'token');
    writeFileSync(file, 'admin-token\n');
    const ca = server.admin.ca.toString();
    const byToken = new RestClient({ server: server.url, caPem: ca, tokenFile: file });
    try {
      const list = await byToken.resource(NAMESPACES).list('');
      assert.ok(list.items.length > 0);
    } finally {
      byToken.close();
    }
    const wrong = new RestClient({ server: server.url, caPem: ca, token: 'nope' });
    try {
      await assert.rejects(wrong.resource(NAMESPACES).list(''), isUnauthorized);
    } finally {
      wrong.close();
    }
    const anonymous = new RestClient({ server: server.url, caPem: ca });
    try {
      await assert.rejects(
        anonymous.resource(NAMESPACES).list(''),
        (e) => isForbidden(e) || isUnauthorized(e),
      );
    } finally {
      anonymous.close();
    }
  });

  it('sends its user agent and rate-limits when asked', async () => {
    const limited = new RestClient({
      server: server.url,
      caPem: server.admin.ca.toString(),
      certPem: server.admin.cert.toString(),
      keyPem: server.admin.key.toString(),
      qps: 50,
      burst: 2,
    });
    try {
      assert.match(limited.userAgent, /^kite\/\d+\.\d+\.\d+ \(\w+\/\w+\)$/);
      const results = await Promise.all([1, 2, 3, 4].map(() => limited.resource(NAMESPACES).get('', 'rc')));
      assert.equal(results.length, 4);
    } finally {
      limited.close();
    }
  });
});
