import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isResourceExpired, isTooManyRequests, StatusError } from '../../apimachinery/errors/index.js';
import { CONFIG_MAPS, DEPLOYMENTS } from '../resources.js';
import type { WatchEvent } from '../types.js';
import { RestClient } from './rest-client.js';

// A loopback HTTP server whose answer each test decides.
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end();
let server: Server;
let url: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function json(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function last() {
  const s = seen[seen.length - 1];
  assert.ok(s);
  return s;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('RestClient requests', () => {
  it('sends paths, queries, bodies, user agent and token', async () => {
    const c = new RestClient({ server: `${url}/prefix/`, token: 'tok', userAgent: 'me/1.0' });
    handler = (_req, body, res) => json(res, 201, JSON.parse(body));
    const made = await c
      .resource(CONFIG_MAPS)
      .create('ns', { metadata: { name: 'a', namespace: 'x' } }, { dryRun: true });
    const s = last();
    assert.equal(s.method, 'POST');
    assert.equal(s.url, '/prefix/api/v1/namespaces/ns/configmaps?dryRun=All');
    assert.equal(s.headers['user-agent'], 'me/1.0');
    assert.equal(s.headers.authorization, 'Bearer tok');
    assert.equal(s.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(s.body), {
      metadata: { name: 'a', namespace: 'ns' },
      apiVersion: 'v1',
      kind: 'ConfigMap',
    });
    assert.equal(made.metadata?.namespace, 'ns');
    c.close();
  });

  it('uses the content type of each patch format and apply options', async () => {
    const c = new RestClient({ server: url, userAgent: 'agent-x/2 (linux/amd64)' });
    handler = (_req, _body, res) => json(res, 200, {});
    const deps = c.resource(DEPLOYMENTS);
    const want: [Parameters<typeof deps.patch>[2], string][] = [
      ['json', 'application/json-patch+json'],
      ['merge', 'application/merge-patch+json'],
      ['strategic', 'application/strategic-merge-patch+json'],
      ['apply', 'application/apply-patch+yaml'],
    ];
    for (const [type, ct] of want) {
      await deps.patch('ns', 'web', type, type === 'json' ? [] : {}, type === 'apply' ? { force: true } : {});
      assert.equal(last().headers['content-type'], ct);
    }
    assert.equal(last().url, '/apis/apps/v1/namespaces/ns/deployments/web?fieldManager=agent-x&force=true');
    await deps.patch('ns', 'web', 'merge', {}, { subresource: 'scale' });
    assert.equal(last().url, '/apis/apps/v1/namespaces/ns/deployments/web/scale');
    c.close();
  });

  it('rebuilds errors with Retry-After and reports warnings', async () => {
    const warnings: string[] = [];
    const c = new RestClient({ server: url, onWarning: (w) => warnings.push(w) });
    handler = (_req, _body, res) => {
      res.setHeader('Warning', ['299 - "first"', '299 - "second, with comma"']);
      res.writeHead(429, { 'Retry-After': '4' });
      res.end('slow down');
    };
    await assert.rejects(c.resource(CONFIG_MAPS).get('ns', 'a'), (e: unknown) => {
      assert.ok(e instanceof StatusError && isTooManyRequests(e));
      assert.equal(e.status.details?.retryAfterSeconds, 4);
      assert.equal(e.status.details?.name, 'a');
      return true;
    });
    assert.deepEqual(warnings, ['first', 'second, with comma']);
    c.close();
  });

  it('times out slow requests', async () => {
    const c = new RestClient({ server: url, timeoutMs: 50 });
    handler = () => {};
    await assert.rejects(c.resource(CONFIG_MAPS).list('ns'), /request timed out after 50 ms/);
    c.close();
  });
});

describe('RestClient watch', () => {
  it('decodes events split anywhere and ends when the server closes', async () => {
    const c = new RestClient({ server: url });
    const lines = [
      JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } }),
      JSON.stringify({
        type: 'MODIFIED',
        object: { metadata: { name: 'a' }, data: { big: 'x'.repeat(100_000) } },
      }),
      JSON.stringify({
        type: 'ERROR',
        object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 },
      }),
    ];
    const text = `${lines.join('\n')}\n`;
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // Odd-sized pieces so that lines break in the middle.
      for (let i = 0; i < text.length; i += 777) res.write(text.slice(i, i + 777));
      res.end();
    };
    const events = await collect(
      c.resource(CONFIG_MAPS).watch('ns', { resourceVersion: '7' }, new AbortController().signal),
    );
    assert.equal(last().url, '/api/v1/namespaces/ns/configmaps?watch=true&resourceVersion=7');
    assert.deepEqual(
      events.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'ERROR'],
    );
    const err = events[2] as Extract<WatchEvent<never>, { type: 'ERROR' }>;
    assert.ok(isResourceExpired(new StatusError(err.object)));
    c.close();
  });

  it('ends without error when aborted mid-stream', async () => {
    const c = new RestClient({ server: url });
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n`);
    };
    const ac = new AbortController();
    const got: string[] = [];
    for await (const e of c.resource(CONFIG_MAPS).watch('', {}, ac.signal)) {
      got.push(e.type);
      ac.abort();
    }
    assert.deepEqual(got, ['ADDED']);
    c.close();
  });

  it('throws the StatusError of a failed watch request', async () => {
    const c = new RestClient({ server: url });
    handler = (_req, _body, res) =>
      json(res, 410, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'too old resource version: 1 (5)',
        reason: 'Expired',
        code: 410,
      });
    await assert.rejects(
      collect(c.resource(CONFIG_MAPS).watch('', { resourceVersion: '1' }, new AbortController().signal)),
      (e: unknown) => isResourceExpired(e) && (e as Error).message === 'too old resource version: 1 (5)',
    );
    c.close();
  });

  it('throws for an undecodable event', async () => {
    const c = new RestClient({ server: url });
    handler = (_req, _body, res) => {
      res.writeHead(200);
      res.end('{"type":"ADDED","object":{}}\nnot json\n');
    };
    await assert.rejects(
      collect(c.resource(CONFIG_MAPS).watch('', {}, new AbortController().signal)),
      /unable to decode watch event/,
    );
    c.close();
  });
});

describe('RestClient discover', () => {
  it('reads /api, /apis and each group-version', async () => {
    const c = new RestClient({ server: url });
    const docs: Record<string, unknown> = {
      '/api': { versions: ['v1'] },
      '/apis': {
        groups: [
          {
            name: 'apps',
            versions: [
              { groupVersion: 'apps/v1', version: 'v1' },
              { groupVersion: 'apps/v1beta1', version: 'v1beta1' },
            ],
            preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
          },
        ],
      },
      '/api/v1': { resources: [{ name: 'pods', kind: 'Pod', namespaced: true, verbs: ['get'] }] },
      '/apis/apps/v1': {
        resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['list'] }],
      },
      '/apis/apps/v1beta1': { resources: [] },
    };
    handler = (req, _body, res) => {
      const doc = docs[req.url ?? ''];
      if (doc === undefined) json(res, 404, {});
      else json(res, 200, doc);
    };
    const gvs = await c.discover();
    assert.deepEqual(
      gvs.map((g) => [g.group, g.version, g.preferred, g.resources.map((r) => r.name)]),
      [
        ['', 'v1', true, ['pods']],
        ['apps', 'v1', true, ['deployments']],
        ['apps', 'v1beta1', false, []],
      ],
    );
    c.close();
  });
});
