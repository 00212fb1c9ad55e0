// Bad input never breaks the API server: a bounded, seeded fuzz run of malformed requests against
// a real `kite server`, each answered with a 4xx metav1.Status, and the server still consistent after.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { type KiteServer, type RawResponse, rawRequest, startKiteServer } from '../support/kite-server.js';
import { badRequests, type Case, CM, json, protobuf, SEEDS, yaml } from './bad-input-cases.js';

const SEED = 20261123;
const MiB = 1024 * 1024;

/**
 * Answers upstream itself gives with a 5xx for these inputs (kube-apiserver's own behaviour, kept
 * on purpose): errors its handlers leave unclassified (storage, strategic merge patch) and the
 * wait for a resourceVersion the store has not reached.
 */
const upstream5xx: readonly RegExp[] = [
  /^resourceVersion should not be set on objects to be created$/,
  // Strategic merge patch errors upstream's handler does not classify.
  /^unknown patch type: /,
  /^expected a .+, but received a /,
  /does not contain declared merge key: /,
  /^Timeout: Too large resource version: \d+, current: \d+$/,
];

let server: KiteServer;
const created = new Set<string>();
const seedVersions = new Map<string, string>();

function send(c: Case): Promise<RawResponse> {
  // Node's client frames a DELETE body with neither length nor chunking; say how long it is.
  const headers =
    c.body === undefined
      ? (c.headers ?? {})
      : { ...c.headers, 'Content-Length': String(Buffer.byteLength(c.body)) };
  if (c.verbatim !== true) {
    return rawRequest(server, c.method, c.path, {
      headers,
      ...(c.body === undefined ? {} : { body: c.body }),
    });
  }
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: c.path,
        method: c.method,
        headers,
        ca: server.admin.ca,
        cert: server.admin.cert,
        key: server.admin.key,
        agent: false,
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () =>
          resolve({
            code: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${c.method} ${c.path}: no answer in time`)));
    req.on('error', reject);
    if (c.body !== undefined) req.write(c.body);
    req.end();
  });
}

interface StatusBody {
  kind?: unknown;
  apiVersion?: unknown;
  metadata?: unknown;
  status?: unknown;
  message?: unknown;
  reason?: unknown;
  code?: unknown;
}

/** Asserts the answer is a failure Status as upstream writes one; returns it. */
function assertFailureStatus(c: Case, r: RawResponse): StatusBody {
  const where = `${c.what}: ${c.method} ${c.path.slice(0, 120)} → ${r.code} ${r.body.slice(0, 300)}`;
  let s: StatusBody;
  try {
    s = JSON.parse(r.body) as StatusBody;
  } catch {
    assert.fail(`not a JSON Status: ${where}`);
  }
  assert.equal(s.kind, 'Status', where);
  assert.equal(s.apiVersion, 'v1', where);
  assert.deepEqual(s.metadata, {}, where);
  assert.equal(s.status, 'Failure', where);
  assert.equal(s.code, r.code, where);
  assert.equal(typeof s.message, 'string', where);
  assert.match(String(r.headers['content-type']), /^application\/json/, where);
  if (r.code >= 500) {
    assert.ok(
      upstream5xx.some((re) => re.test(String(s.message))),
      `a 5xx upstream does not give: ${where}`,
    );
  } else {
    assert.ok(r.code >= 400 && r.code < 500, `not a 4xx: ${where}`);
    assert.equal(typeof s.reason, 'string', where);
    assert.notEqual(s.reason, '', where);
  }
  return s;
}

async function check(c: Case): Promise<StatusBody> {
  let r: RawResponse;
  try {
    r = await send(c);
  } catch (e) {
    const alive = server.process.exitCode === null && server.process.signalCode === null;
    const where = `${c.what}: ${c.method} ${c.path.slice(0, 120)}`;
    assert.fail(
      `no answer (${String(e)}) to ${where}; server ${alive ? 'alive' : 'dead'}: ${server.output().slice(-2000)}`,
    );
  }
  if (r.code === 201) {
    const name = (JSON.parse(r.body) as { metadata?: { name?: string } }).metadata?.name;
    if (name !== undefined) created.add(name);
  }
  return assertFailureStatus(c, r);
}

// ---- the run ---------------------------------------------------------------------------------

before(async () => {
  server = await startKiteServer();
  for (const name of SEEDS) {
    const r = await rawRequest(server, 'POST', CM, {
      headers: json,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } }),
    });
    assert.equal(r.code, 201, r.body);
    seedVersions.set(
      name,
      (JSON.parse(r.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
    );
  }
});

after(async () => {
  await server?.stop();
});

describe('bad input never breaks the API server', { timeout: 300_000 }, () => {
  test('seeded fuzz: every malformed request gets a 4xx Status', async () => {
    await fc.assert(
      fc.asyncProperty(badRequests, async (c) => {
        await check(c);
      }),
      { seed: SEED, numRuns: 300, endOnFailure: true, includeErrorInReport: true },
    );
  });

  test('bodies over 3 MiB are refused with 413', async () => {
    for (const [m, p, headers] of [
      ['POST', CM, json],
      ['PUT', `${CM}/${SEEDS[0]}`, yaml],
      ['PATCH', `${CM}/${SEEDS[0]}`, { 'Content-Type': 'application/merge-patch+json' }],
      ['DELETE', `${CM}/${SEEDS[1]}`, json],
      ['POST', CM, protobuf],
    ] as const) {
      const body = Buffer.alloc(3 * MiB + 1 + (m === 'POST' ? MiB : 0), 0x20);
      const s = await check({ what: 'oversized body', method: m, path: p, headers, body });
      assert.equal(s.code, 413);
      assert.equal(s.reason, 'RequestEntityTooLarge');
      assert.equal(s.message, 'Request entity too large: limit is 3145728');
    }
  });

  test('bodies nested just under the depth limit are still served', async () => {
    const n = 490;
    const bodies: [Record<string, string>, string][] = [
      [
        json,
        `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-json"},"x":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`,
      ],
      [
        yaml,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep-yaml\nx: ${'['.repeat(n)}${']'.repeat(n)}\n`,
      ],
    ];
    for (const [headers, body] of bodies) {
      const r = await send({ what: 'deep but allowed', method: 'POST', path: CM, headers, body });
      assert.equal(r.code, 201, r.body.slice(0, 300));
      created.add((JSON.parse(r.body) as { metadata: { name: string } }).metadata.name);
    }
  });

  // Texts read from kube-apiserver's handlers and apimachinery.
  test('answers carry upstream messages', async () => {
    const typeMeta =
      'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
    const cases: [Case, number, string, string][] = [
      [
        { what: 'create syntax', method: 'POST', path: CM, headers: json, body: '{' },
        400,
        'BadRequest',
        'the object provided is unrecognized (must be of type ConfigMap): ' +
          "couldn't get version/kind; json parse error: unexpected end of JSON input ({)",
      ],
      [
        { what: 'create array', method: 'POST', path: CM, headers: json, body: '[]' },
        400,
        'BadRequest',
        'the object provided is unrecognized (must be of type ConfigMap): ' +
          `couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type ${typeMeta} (5b5d)`,
      ],
      [
        { what: 'create protobuf', method: 'POST', path: CM, headers: protobuf, body: Buffer.from('k8s\0') },
        400,
        'BadRequest',
        'the object provided is unrecognized (must be of type ConfigMap): empty body (6b387300)',
      ],
      [
        { what: 'create null', method: 'POST', path: CM, headers: json, body: 'null' },
        422,
        'Invalid',
        'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
      ],
      [
        {
          what: 'create content type',
          method: 'POST',
          path: CM,
          headers: { 'Content-Type': 'text/plain' },
          body: '{}',
        },
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: ' +
          'application/json, application/yaml, application/vnd.kubernetes.protobuf',
      ],
      [
        { what: 'name ..', method: 'GET', path: `${CM}/..`, verbatim: true },
        400,
        'BadRequest',
        `Name parameter invalid: "..": may not be '..'`,
      ],
      [
        { what: 'name with %2F', method: 'GET', path: `${CM}/a%2Fb`, verbatim: true },
        404,
        'NotFound',
        'the server could not find the requested resource',
      ],
      [
        { what: 'unknown subresource', method: 'GET', path: `${CM}/${SEEDS[0]}/nope` },
        404,
        'NotFound',
        'the server could not find the requested resource',
      ],
      [
        { what: 'status of a kind without one', method: 'GET', path: `${CM}/${SEEDS[0]}/status` },
        404,
        'NotFound',
        'the server could not find the requested resource',
      ],
      [
        { what: 'OPTIONS', method: 'OPTIONS', path: CM },
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      ],
      [
        { what: 'unknown method', method: 'FOO', path: `${CM}/${SEEDS[0]}`, verbatim: true },
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      ],
      [
        { what: 'limit', method: 'GET', path: `${CM}?limit=x` },
        400,
        'BadRequest',
        'strconv.ParseInt: parsing "x": invalid syntax',
      ],
      [
        {
          what: 'patch type',
          method: 'PATCH',
          path: `${CM}/${SEEDS[0]}`,
          headers: { 'Content-Type': 'text/plain' },
          body: '{}',
        },
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: ' +
          'application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, ' +
          'application/apply-patch+yaml',
      ],
      [
        {
          what: 'json patch that does not apply',
          method: 'PATCH',
          path: `${CM}/${SEEDS[0]}`,
          headers: { 'Content-Type': 'application/json-patch+json' },
          body: '[{"op":"remove","path":"/nothing"}]',
        },
        422,
        'Invalid',
        'the server rejected our request due to an error in our request',
      ],
      [
        {
          what: 'json patch syntax',
          method: 'PATCH',
          path: `${CM}/${SEEDS[0]}`,
          headers: { 'Content-Type': 'application/json-patch+json' },
          body: '[{"op":"add",}]',
        },
        400,
        'BadRequest',
        "error decoding patch: invalid character '}' looking for beginning of object key string",
      ],
      [
        {
          what: 'merge patch syntax',
          method: 'PATCH',
          path: `${CM}/${SEEDS[0]}`,
          headers: { 'Content-Type': 'application/merge-patch+json' },
          body: '{',
        },
        400,
        'BadRequest',
        'error decoding patch: unexpected end of JSON input',
      ],
      [
        {
          what: 'strategic merge patch syntax',
          method: 'PATCH',
          path: `${CM}/${SEEDS[0]}`,
          headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
          body: '{"a":tru}',
        },
        400,
        'BadRequest',
        "invalid character '}' in literal true (expecting 'e')",
      ],
      [
        {
          what: 'delete body',
          method: 'DELETE',
          path: `${CM}/${SEEDS[1]}`,
          headers: json,
          body: '{"gracePeriodSeconds":"x"}',
        },
        400,
        'BadRequest',
        'json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
      ],
    ];
    for (const [c, code, reason, message] of cases) {
      const s = await check(c);
      assert.deepEqual([s.code, s.reason, s.message], [code, reason, message], c.what);
    }
  });

  test('afterwards the server is ready and holds exactly what it accepted', async () => {
    const ready = await rawRequest(server, 'GET', '/readyz');
    assert.equal(ready.code, 200, ready.body);
    assert.equal(ready.body, 'ok');
    const list = await rawRequest(server, 'GET', CM);
    assert.equal(list.code, 200, list.body);
    const items = (
      JSON.parse(list.body) as { items: { metadata: { name: string; resourceVersion: string } }[] }
    ).items;
    const names = items.map((i) => i.metadata.name).filter((n) => n !== 'kube-root-ca.crt');
    assert.deepEqual(names.sort(), [...SEEDS, ...created].sort());
    for (const name of [...SEEDS, ...created]) {
      const r = await rawRequest(server, 'GET', `${CM}/${name}`);
      assert.equal(r.code, 200, `${name}: ${r.body}`);
    }
    // Nothing the fuzzer sent changed the seed objects.
    for (const i of items) {
      const want = seedVersions.get(i.metadata.name);
      if (want !== undefined) assert.equal(i.metadata.resourceVersion, want, i.metadata.name);
    }
    assert.equal(server.process.exitCode, null, server.output());
  });
});
