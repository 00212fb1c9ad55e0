// The API server's operational surface against a real `kite server` process: /metrics, the
// in-flight limits, request logs at -v 3, and graceful shutdown on SIGTERM.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import { describe, test } from 'node:test';
import { type KiteServer, rawRequest, startKiteServer } from '../support/kite-server.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const VIEWER = { Authorization: 'Bearer viewer-token' };

function configMap(name: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });
}

// PodTemplates: a resource no other part of the server touches, so their counts are exact.
function podTemplate(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'PodTemplate',
    metadata: { name },
    template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Polls `probe` until it returns a value (at most `tries` times, `everyMs` apart).
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, tries = 100, everyMs = 100) {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(everyMs);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A watch stream as admin: the lines so far, and how the stream ended. */
interface OpenWatch {
  readonly lines: string[];
  /** Resolves when the response closes: complete is true for a clean end of the chunked body. */
  readonly closed: Promise<{ complete: boolean; error?: Error }>;
  abort(): void;
}

function openWatch(server: KiteServer, path: string): Promise<OpenWatch> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const req = request(
      `${server.url}${path}`,
      { ca: server.admin.ca, cert: server.admin.cert, key: server.admin.key, timeout: 60_000 },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch answered ${res.statusCode}`));
          res.resume();
          return;
        }
        let buf = '';
        let error: Error | undefined;
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          const parts = buf.split('\n');
          buf = parts.pop()!;
          lines.push(...parts);
        });
        res.on('error', (e) => {
          error = e;
        });
        const closed = new Promise<{ complete: boolean; error?: Error }>((done) =>
          res.on('close', () => done({ complete: res.complete, ...(error ? { error } : {}) })),
        );
        resolve({ lines, closed, abort: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * A POST whose body is sent in two steps over a raw TLS connection, so the request stays in
 * flight in between. `finish` sends the rest (and optionally more requests, pipelined) and
 * resolves with everything the server wrote until it closed the connection; `closeAfter` asks
 * the server to close it right after the answer (with pipelined requests the server decides).
 */
async function heldPost(
  server: KiteServer,
  path: string,
  body: string,
  closeAfter = false,
): Promise<{ finish(pipelined?: string): Promise<string>; socket: TLSSocket }> {
  const url = new URL(server.url);
  const socket = connect({
    host: url.hostname,
    port: Number(url.port),
    ca: server.admin.ca,
    cert: server.admin.cert,
    key: server.admin.key,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', () => resolve());
    socket.once('error', reject);
  });
  let received = '';
  socket.on('data', (c: Buffer) => {
    received += c.toString();
  });
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
      (closeAfter ? 'Connection: close\r\n' : '') +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
  );
  return {
    socket,
    finish: async (pipelined = '') => {
      socket.write(`${body.slice(half)}${pipelined}`);
      await Promise.race([ended, sleep(20_000)]);
      socket.destroy();
      return received;
    },
  };
}

async function metricsText(server: KiteServer): Promise<string> {
  const r = await rawRequest(server, 'GET', '/metrics');
  assert.equal(r.code, 200);
  return r.body;
}

describe('kite server operations', { timeout: 180_000 }, () => {
  test('/metrics reports requests, storage and in-flight use; -v 3 logs one line per request', async () => {
    const server = await startKiteServer({ args: ['--v', '3'], tokens: ['viewer-token,viewer,1001'] });
    try {
      const created = await rawRequest(server, 'POST', '/api/v1/namespaces/default/podtemplates', {
        headers: { ...JSON_HEADERS, 'User-Agent': 'ops-test/1.0' },
        body: podTemplate('m1'),
      });
      assert.equal(created.code, 201, created.body);
      assert.equal((await rawRequest(server, 'GET', '/api/v1/namespaces/default/podtemplates/m1')).code, 200);
      assert.equal((await rawRequest(server, 'GET', '/api/v1/namespaces/default/podtemplates')).code, 200);
      assert.equal(
        (await rawRequest(server, 'GET', '/api/v1/namespaces/default/podtemplates/nope')).code,
        404,
      );
      const dry = await rawRequest(server, 'POST', '/api/v1/namespaces/default/podtemplates?dryRun=All', {
        headers: JSON_HEADERS,
        body: podTemplate('m2'),
      });
      assert.equal(dry.code, 201);
      assert.equal((await rawRequest(server, 'GET', '/readyz')).code, 200);

      const r = await rawRequest(server, 'GET', '/metrics');
      assert.equal(r.code, 200);
      assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4; charset=utf-8/);
      const text = r.body;
      // Labels come in name order, as kube-apiserver writes them.
      const cm = (scope: string, verb: string) =>
        `group="",resource="podtemplates",scope="${scope}",subresource="",verb="${verb}",version="v1"`;
      for (const want of [
        `apiserver_request_total{code="201",component="apiserver",dry_run="",${cm('resource', 'POST')}} 1`,
        `apiserver_request_total{code="201",component="apiserver",dry_run="All",${cm('resource', 'POST')}} 1`,
        `apiserver_request_total{code="200",component="apiserver",dry_run="",${cm('resource', 'GET')}} 1`,
        `apiserver_request_total{code="404",component="apiserver",dry_run="",${cm('resource', 'GET')}} 1`,
        `apiserver_request_total{code="200",component="apiserver",dry_run="",${cm('namespace', 'LIST')}} 1`,
        'apiserver_request_total{code="200",component="",dry_run="",group="",resource="",scope="",subresource="/readyz",verb="GET",version=""} 1',
        `apiserver_request_duration_seconds_count{component="apiserver",dry_run="",${cm('namespace', 'LIST')}} 1`,
        'apiserver_storage_objects{resource="podtemplates"} 1',
        'apiserver_storage_objects{resource="namespaces"} 4',
      ]) {
        assert.ok(text.includes(want), `metrics include ${want}`);
      }
      assert.match(text, /^apiserver_request_duration_seconds_bucket\{le="0\.005",component="apiserver",/m);
      assert.match(
        text,
        /^etcd_request_duration_seconds_count\{operation="create",type="podtemplates"\} 1$/m,
      );
      assert.match(text, /^apiserver_current_inflight_requests\{request_kind="readOnly"\} \d+$/m);
      assert.match(text, /^apiserver_current_inflight_requests\{request_kind="mutating"\} \d+$/m);
      assert.match(text, /^process_start_time_seconds \d/m);
      // Made-up paths are not counted.
      assert.equal((await rawRequest(server, 'GET', '/no/such/path')).code, 404);
      assert.ok(!(await metricsText(server)).includes('/no/such/path'));

      // Only system:masters (and roles granting it) may read /metrics.
      const denied = await rawRequest(server, 'GET', '/metrics', { headers: VIEWER, as: 'anonymous' });
      assert.equal(denied.code, 403);

      // -v 3: upstream's httplog line for each request, on stderr.
      const log = await eventually(
        'the request log line',
        async () =>
          server
            .output()
            .match(
              /^I\d{4} [\d:.]+ +\d+ httplog\] "HTTP" verb="POST" URI="\/api\/v1\/namespaces\/default\/podtemplates" .*$/m,
            ) ?? undefined,
      );
      assert.match(
        log[0],
        / latency="[\d.]+(ns|µs|ms|s)" userAgent="ops-test\/1\.0" srcIP="127\.0\.0\.1:\d+" resp=201$/,
      );
      assert.match(
        server.output(),
        /"HTTP" verb="LIST" URI="\/api\/v1\/namespaces\/default\/podtemplates" .* resp=200$/m,
      );
      // The line is written when the response closes, which may come just after the client has it.
      await eventually('the 403 log line', async () =>
        /"HTTP" verb="GET" URI="\/metrics" .* resp=403$/m.test(server.output()) ? true : undefined,
      );
      // -v 1 lines come too.
      assert.match(server.output(), /\] "Serving securely" address="127\.0\.0\.1:\d+"$/m);
    } finally {
      await server.stop();
    }
  });

  test('over the in-flight limit: 429 with Retry-After, masters and watches exempt', async () => {
    const server = await startKiteServer({
      args: ['--max-requests-inflight', '1', '--max-mutating-requests-inflight', '1'],
      tokens: ['viewer-token,viewer,1001'],
    });
    try {
      // A watch is long-running: it holds no seat, so a read by someone else still goes through.
      const watch = await openWatch(server, '/api/v1/namespaces/default/configmaps?watch=1');
      const version = await rawRequest(server, 'GET', '/version', { headers: VIEWER, as: 'anonymous' });
      assert.equal(version.code, 200);

      // The admin's slow upload holds the only mutating seat.
      const held = await heldPost(server, '/api/v1/namespaces/default/configmaps', configMap('held'), true);
      const refused = await eventually('a 429 for the viewer', async () => {
        const r = await rawRequest(server, 'POST', '/api/v1/namespaces/default/configmaps', {
          headers: { ...JSON_HEADERS, ...VIEWER },
          body: configMap('v'),
          as: 'anonymous',
        });
        // Until the held request reaches the server, the viewer passes the limit and is forbidden.
        if (r.code === 403) return undefined;
        return r;
      });
      assert.equal(refused.code, 429);
      assert.equal(refused.headers['retry-after'], '1');
      assert.equal(refused.body, 'Too many requests, please try again later.\n');

      // A member of system:masters is served over the limit.
      const admin = await rawRequest(server, 'POST', '/api/v1/namespaces/default/configmaps', {
        headers: JSON_HEADERS,
        body: configMap('admin'),
      });
      assert.equal(admin.code, 201, admin.body);

      const answer = await held.finish();
      assert.match(answer, /^HTTP\/1\.1 201 Created\r\n/);
      // The seat is free again: the viewer now reaches authorization.
      const after = await rawRequest(server, 'POST', '/api/v1/namespaces/default/configmaps', {
        headers: { ...JSON_HEADERS, ...VIEWER },
        body: configMap('v'),
        as: 'anonymous',
      });
      assert.equal(after.code, 403);
      assert.match(
        await metricsText(server),
        /^apiserver_request_terminations_total\{code="429",component="apiserver",dry_run="",group="",resource="configmaps",scope="resource",subresource="",verb="POST",version="v1"\} [1-9]/m,
      );
      watch.abort();
    } finally {
      await server.stop();
    }
  });

  test('SIGTERM: readyz fails, in-flight requests finish, watches end cleanly, exit 0', async () => {
    const server = await startKiteServer({ args: ['-v', '1'] });
    try {
      const created = await rawRequest(server, 'POST', '/api/v1/namespaces/default/configmaps', {
        headers: JSON_HEADERS,
        body: configMap('before'),
      });
      assert.equal(created.code, 201);
      const watch = await openWatch(server, '/api/v1/namespaces/default/configmaps?watch=1');
      await eventually('the initial ADDED event', async () => (watch.lines.length > 0 ? true : undefined));
      assert.match(watch.lines[0]!, /^\{"type":"ADDED","object":\{"apiVersion":"v1","kind":"ConfigMap"/);

      const held = await heldPost(server, '/api/v1/namespaces/default/configmaps', configMap('during'));
      await eventually('the held request in flight', async () =>
        /apiserver_current_inflight_requests\{request_kind="mutating"\} [1-9]/.test(await metricsText(server))
          ? true
          : undefined,
      );
      const exited = new Promise<number | null>((r) => server.process.once('exit', (code) => r(code)));
      server.process.kill('SIGTERM');
      await eventually('shutdown to begin', async () =>
        server.output().includes('"Shutting down: no longer accepting new connections"') ? true : undefined,
      );
      // No new connections; the watch stays open while the held request is still in flight.
      await assert.rejects(
        rawRequest(server, 'GET', '/version', { timeoutMs: 5_000 }),
        /ECONNREFUSED|ECONNRESET/,
      );

      // The held request completes; a request pipelined behind it sees /readyz failing.
      const answer = await held.finish(
        `GET /readyz?verbose HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\n\r\n`,
      );
      assert.match(answer, /^HTTP\/1\.1 201 Created\r\n/);
      assert.match(answer, /HTTP\/1\.1 500 Internal Server Error\r\n/);
      assert.match(answer, /\[\+\]etcd ok\n\[-\]shutdown failed: reason withheld\nreadyz check failed\n/);

      // Then watches end with a complete chunked body, not a reset, and the process exits 0.
      const end = await watch.closed;
      assert.deepEqual(end, { complete: true });
      assert.equal(await exited, 0);
      assert.match(server.output(), /"Stopped serving"/);
    } finally {
      await server.stop();
    }
  });
});
