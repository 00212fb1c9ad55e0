import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../storage/index.js';
import { openSqliteStore } from '../../storage/sqlite/index.js';
import { staticTokenAuthenticator } from '../authn/index.js';
import { interimAuthorizer } from '../authz/index.js';
import { ensurePKI, type PKI } from '../pki/index.js';
import { APIServer, type OperationsOptions } from './api-server.js';

// A store whose reads of ConfigMaps wait at a gate, so a test can hold a GET in flight.
function gatedStore(inner: Store) {
  let open: () => void = () => undefined;
  let gate = Promise.resolve();
  let entered: () => void = () => undefined;
  let reached = Promise.resolve();
  const store: Store = {
    currentRevision: () => inner.currentRevision(),
    compactedRevision: () => inner.compactedRevision(),
    get: async (key, revision) => {
      if (key.startsWith('/registry/configmaps/')) {
        entered();
        await gate;
      }
      return inner.get(key, revision);
    },
    create: (k, v, o) => inner.create(k, v, o),
    update: (k, v, r, o) => inner.update(k, v, r, o),
    delete: (k, r) => inner.delete(k, r),
    list: (p, o) => inner.list(p, o),
    count: (p) => inner.count(p),
    watch: (o) => inner.watch(o),
    compact: (r) => inner.compact(r),
    close: () => inner.close(),
  };
  return {
    store,
    /** Closes the gate; resolves once a ConfigMap read waits at it. */
    close(): Promise<void> {
      gate = new Promise((r) => {
        open = r;
      });
      reached = new Promise((r) => {
        entered = r;
      });
      return reached;
    },
    open: () => open(),
  };
}

interface Reply {
  readonly code: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

describe('APIServer operations in process', () => {
  let root = '';
  let pki: PKI;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kite-apiserver-ops-'));
    pki = await ensurePKI({ dir: join(root, 'pki'), hosts: [] });
  });
  after(() => rm(root, { recursive: true, force: true }));

  async function serve(name: string, operations: OperationsOptions) {
    const inner = await openSqliteStore({ dir: join(root, name) });
    const gated = gatedStore(inner);
    const server = new APIServer({
      bindAddress: '127.0.0.1',
      securePort: 0,
      serving: pki.server,
      clientCA: pki.ca.certPEM,
      authn: {
        tokenAuthenticators: [
          staticTokenAuthenticator(
            new Map([['viewer-token', { name: 'viewer', groups: ['system:authenticated'] }]]),
          ),
        ],
      },
      authorizer: interimAuthorizer(),
      store: gated.store,
      advertiseAddress: '127.0.0.1:0',
      operations,
    });
    const stop = new AbortController();
    const done = server.start(stop.signal).finally(() => inner.close());
    const { port } = await server.ready;
    const call = (method: string, path: string, as: 'admin' | 'viewer' = 'admin', body?: string) =>
      new Promise<Reply>((resolve, reject) => {
        const tls = as === 'admin' ? { cert: pki.admin.certPEM, key: pki.admin.keyPEM } : {};
        const headers: Record<string, string> =
          as === 'viewer' ? { Authorization: 'Bearer viewer-token' } : {};
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        const req = request(
          { host: '127.0.0.1', port, path, method, headers, ca: pki.ca.certPEM, agent: false, ...tls },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => {
              text += c.toString();
            });
            res.on('end', () => resolve({ code: res.statusCode ?? 0, body: text, headers: res.headers }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    return { server, gated, stop, done, call };
  }

  it('limits read-only requests, exempting system:masters, and keeps metrics per server', async () => {
    const a = await serve('a', { maxRequestsInFlight: 1 });
    const b = await serve('b', {});
    try {
      const cm = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
      const ns = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
      assert.equal((await a.call('POST', '/api/v1/namespaces', 'admin', ns)).code, 201);
      assert.equal((await a.call('POST', '/api/v1/namespaces/default/configmaps', 'admin', cm)).code, 201);

      const reached = a.gated.close();
      const held = a.call('GET', '/api/v1/namespaces/default/configmaps/c');
      await reached;
      const refused = await a.call('GET', '/version', 'viewer');
      assert.equal(refused.code, 429);
      assert.equal(refused.headers['retry-after'], '1');
      assert.equal(refused.body, 'Too many requests, please try again later.\n');
      assert.equal((await a.call('GET', '/version')).code, 200, 'system:masters is exempt');
      // The mutating limit is separate.
      assert.equal((await a.call('POST', '/api/v1/namespaces/default/configmaps', 'viewer', cm)).code, 403);
      a.gated.open();
      assert.equal((await held).code, 200);
      assert.equal((await a.call('GET', '/version', 'viewer')).code, 200);

      const metricsA = (await a.call('GET', '/metrics')).body;
      assert.match(metricsA, /apiserver_request_terminations_total\{code="429",[^}]*subresource="\/version"/);
      assert.match(metricsA, /apiserver_request_total\{code="201",[^}]*resource="configmaps"/);
      assert.match(metricsA, /apiserver_storage_objects\{resource="configmaps"\} 1/);
      // Server b saw none of it; its own scrape is counted once the response has closed.
      await b.call('GET', '/metrics');
      const metricsB = (await b.call('GET', '/metrics')).body;
      assert.doesNotMatch(metricsB, /apiserver_request_total\{[^}]*resource="configmaps"/);
      assert.match(metricsB, /apiserver_storage_objects\{resource="configmaps"\} 0/);
      assert.match(metricsB, /apiserver_request_total\{code="200",[^}]*subresource="\/metrics"/);
    } finally {
      a.gated.open();
      a.stop.abort();
      b.stop.abort();
      await Promise.all([a.done, b.done]);
    }
  });

  it('stops listening at once and cuts requests that outlast the shutdown timeout', async () => {
    const s = await serve('c', { shutdownTimeoutMs: 300 });
    const ns = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    assert.equal((await s.call('POST', '/api/v1/namespaces', 'admin', ns)).code, 201);
    const reached = s.gated.close();
    const held = s.call('GET', '/api/v1/namespaces/default/configmaps/x').then(
      (r) => `answered ${r.code}`,
      (e: Error) => e.message,
    );
    await reached;
    assert.equal((await s.call('GET', '/readyz')).code, 200);
    s.stop.abort();
    // The listener is closed at once; the held request keeps the server running until the timeout.
    await assert.rejects(s.call('GET', '/readyz'), /ECONNREFUSED/);
    await s.done;
    assert.match(await held, /socket hang up|ECONNRESET/);
    s.gated.open();
  });
});
