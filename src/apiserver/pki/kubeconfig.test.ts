import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { parse } from 'yaml';
import { KubeconfigError } from './errors.js';
import { createCA, issueClientCert } from './issue.js';
import {
  formatKubeconfig,
  type KubeconfigOptions,
  parseKubeconfig,
  readKubeconfig,
  writeKubeconfig,
} from './kubeconfig.js';
import { type Kubeconfig, resolveKubeconfigContext } from './kubeconfig-parse.js';

const kubectl = '/usr/bin/kubectl';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('kubeconfig', () => {
  let root = '';
  let opts: KubeconfigOptions;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kite-kubeconfig-'));
    const ca = await createCA();
    const admin = await issueClientCert(
      { ca },
      { commonName: 'kite-admin', organizations: ['system:masters'] },
    );
    opts = {
      server: 'https://127.0.0.1:6443',
      caPEM: ca.certPEM,
      certPEM: admin.certPEM,
      keyPEM: admin.keyPEM,
    };
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('has exactly the structure kubectl writes', () => {
    assert.deepEqual(parse(formatKubeconfig(opts)), {
      apiVersion: 'v1',
      clusters: [
        {
          cluster: { 'certificate-authority-data': b64(opts.caPEM), server: 'https://127.0.0.1:6443' },
          name: 'kite',
        },
      ],
      contexts: [{ context: { cluster: 'kite', user: 'kite-admin' }, name: 'kite' }],
      'current-context': 'kite',
      kind: 'Config',
      preferences: {},
      users: [
        {
          name: 'kite-admin',
          user: { 'client-certificate-data': b64(opts.certPEM), 'client-key-data': b64(opts.keyPEM) },
        },
      ],
    });
  });

  it('keeps kubectl key order and never folds the base64 lines', () => {
    const text = formatKubeconfig(opts);
    const top = text
      .split('\n')
      .filter((l) => /^[A-Za-z-]+:/.test(l))
      .map((l) => l.split(':')[0]);
    assert.deepEqual(top, [
      'apiVersion',
      'clusters',
      'contexts',
      'current-context',
      'kind',
      'preferences',
      'users',
    ]);
    assert.ok(text.includes(`certificate-authority-data: ${b64(opts.caPEM)}\n`));
  });

  it('honours custom names', () => {
    const cfg = parseKubeconfig(formatKubeconfig({ ...opts, cluster: 'c', user: 'u', context: 'x' }));
    assert.equal(cfg.currentContext, 'x');
    assert.deepEqual(cfg.contexts, [{ name: 'x', cluster: 'c', user: 'u' }]);
  });

  it('writes atomically with mode 0600 and round-trips', async () => {
    const path = join(root, 'kubeconfig.yaml');
    await writeKubeconfig(path, opts);
    await writeKubeconfig(path, opts);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(root), ['kubeconfig.yaml'], 'no temporary file left');
    const cfg = await readKubeconfig(path);
    const ctx = resolveKubeconfigContext(cfg);
    assert.equal(ctx.cluster.server, opts.server);
    assert.equal(ctx.cluster.certificateAuthorityData, opts.caPEM);
    assert.equal(ctx.user.clientCertificateData, opts.certPEM);
    assert.equal(ctx.user.clientKeyData, opts.keyPEM);
  });

  it('kubectl reads the file as written', {
    skip: !existsSync(kubectl) && 'kubectl not installed',
  }, async () => {
    const path = join(root, 'for-kubectl.yaml');
    await writeKubeconfig(path, opts);
    const { stdout } = await promisify(execFile)(kubectl, [
      'config',
      'view',
      '--kubeconfig',
      path,
      '--raw',
      '-o',
      'json',
    ]);
    const view = JSON.parse(stdout);
    assert.equal(view['current-context'], 'kite');
    assert.equal(view.clusters[0].cluster.server, opts.server);
    assert.equal(view.clusters[0].cluster['certificate-authority-data'], b64(opts.caPEM));
    assert.equal(view.users[0].name, 'kite-admin');
    assert.equal(view.users[0].user['client-certificate-data'], b64(opts.certPEM));
    assert.equal(view.users[0].user['client-key-data'], b64(opts.keyPEM));
    assert.deepEqual(view.contexts, [{ name: 'kite', context: { cluster: 'kite', user: 'kite-admin' } }]);
  });

  const badOptions: { name: string; change: Partial<KubeconfigOptions>; message: RegExp }[] = [
    {
      name: 'server not a URL',
      change: { server: '127.0.0.1:6443' },
      message: /is not a URL|must be an http or https URL/,
    },
    {
      name: 'server with another scheme',
      change: { server: 'tcp://127.0.0.1:6443' },
      message: /must be an http or https URL/,
    },
    { name: 'CA without PEM', change: { caPEM: 'x' }, message: /caPEM: no PEM data found/ },
    { name: 'key without PEM', change: { keyPEM: '' }, message: /keyPEM: no PEM data found/ },
    { name: 'empty cluster name', change: { cluster: '' }, message: /cluster name must not be empty/ },
  ];
  for (const c of badOptions) {
    it(`refuses to write: ${c.name}`, () => {
      assert.throws(
        () => formatKubeconfig({ ...opts, ...c.change }),
        (e: unknown) => e instanceof KubeconfigError && c.message.test(e.message),
      );
    });
  }
});

describe('parseKubeconfig', () => {
  const ok: { name: string; text: string; check: (c: Kubeconfig) => void }[] = [
    {
      name: 'empty file is an empty config',
      text: '',
      check: (c) => assert.deepEqual(c, { currentContext: '', clusters: [], users: [], contexts: [] }),
    },
    {
      name: 'null lists',
      text: 'clusters: null\nusers:\ncontexts: []\n',
      check: (c) => assert.equal(c.clusters.length, 0),
    },
    {
      name: 'no apiVersion or kind',
      text: 'current-context: a\n',
      check: (c) => assert.equal(c.currentContext, 'a'),
    },
    {
      name: 'unknown fields are ignored',
      text: 'foo: 1\nclusters:\n- name: a\n  extra: true\n  cluster: {server: "https://x", proxy-url: "http://p"}\n',
      check: (c) =>
        assert.deepEqual(c.clusters, [{ name: 'a', server: 'https://x', insecureSkipTLSVerify: false }]),
    },
    {
      name: 'JSON is YAML',
      text: '{"contexts":[{"name":"a","context":{"cluster":"c","user":"u","namespace":"ns"}}]}',
      check: (c) => assert.equal(c.contexts[0]?.namespace, 'ns'),
    },
    {
      name: 'file references and tokens',
      text: 'users:\n- name: u\n  user: {client-certificate: /a.crt, client-key: /a.key, token: t}\n',
      check: (c) =>
        assert.deepEqual(c.users[0], {
          name: 'u',
          clientCertificate: '/a.crt',
          clientKey: '/a.key',
          token: 't',
        }),
    },
    {
      name: 'base64 with line breaks',
      text: `users:\n- name: u\n  user:\n    client-key-data: "${b64('hello world!')}\\n"\n`,
      check: (c) => assert.equal(c.users[0]?.clientKeyData, 'hello world!'),
    },
  ];
  for (const c of ok) {
    it(c.name, () => c.check(parseKubeconfig(c.text)));
  }

  const bad: { name: string; text: string; message: string }[] = [
    { name: 'invalid YAML', text: 'clusters: [\n', message: 'yaml: ' },
    { name: 'top level is a list', text: '- a\n', message: 'config: expected object, got array' },
    { name: 'top level is a string', text: 'hello', message: 'config: expected object, got string' },
    { name: 'wrong kind', text: 'kind: Pod\n', message: 'kind: expected "Config", got "Pod"' },
    { name: 'wrong apiVersion', text: 'apiVersion: v2\n', message: 'apiVersion: expected "v1", got "v2"' },
    {
      name: 'clusters not a list',
      text: 'clusters: {a: 1}\n',
      message: 'clusters: expected array, got object',
    },
    { name: 'entry not an object', text: 'users: [1]\n', message: 'users[0]: expected object, got number' },
    {
      name: 'missing name',
      text: 'contexts: [{context: {}}]\n',
      message: 'contexts[0].name: must not be empty',
    },
    {
      name: 'duplicate names',
      text: 'clusters: [{name: a}, {name: a}]\n',
      message: 'duplicate name "a" in clusters',
    },
    {
      name: 'server not a string',
      text: 'clusters: [{name: a, cluster: {server: 6443}}]\n',
      message: 'clusters[0].cluster.server: expected string, got number',
    },
    {
      name: 'insecure flag not a boolean',
      text: 'clusters: [{name: a, cluster: {insecure-skip-tls-verify: "yes"}}]\n',
      message: 'clusters[0].cluster.insecure-skip-tls-verify: expected boolean, got string',
    },
    {
      name: 'bad base64',
      text: 'users: [{name: u, user: {client-key-data: "@@@"}}]\n',
      message: 'users[0].user.client-key-data: illegal base64 data',
    },
    {
      name: 'base64 missing padding',
      text: 'users: [{name: u, user: {client-key-data: "aGk"}}]\n',
      message: 'illegal base64 data',
    },
    {
      name: 'current-context not a string',
      text: 'current-context: [a]\n',
      message: 'current-context: expected string, got array',
    },
    { name: 'two documents', text: 'a: 1\n---\nb: 2\n', message: 'yaml: ' },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, () => {
      assert.throws(
        () => parseKubeconfig(c.text, '/tmp/k.yaml'),
        (e: unknown) =>
          e instanceof KubeconfigError &&
          e.message.startsWith('error loading config file "/tmp/k.yaml": ') &&
          e.message.includes(c.message),
      );
    });
  }

  it('readKubeconfig names the missing file', async () => {
    await assert.rejects(readKubeconfig('/nonexistent/kubeconfig'), (e: unknown) => {
      return (
        e instanceof KubeconfigError &&
        e.message.startsWith('error loading config file "/nonexistent/kubeconfig": ENOENT')
      );
    });
  });

  it('never crashes on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parseKubeconfig(s);
        } catch (e) {
          assert.ok(e instanceof KubeconfigError, String(e));
        }
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });

  it('never crashes on random JSON shaped like a kubeconfig', () => {
    const anyValue = fc.jsonValue({ maxDepth: 3 });
    const entry = fc.record(
      {
        name: fc.oneof(fc.string({ maxLength: 3 }), anyValue),
        cluster: anyValue,
        user: anyValue,
        context: anyValue,
      },
      { requiredKeys: [] },
    );
    const doc = fc.oneof(
      anyValue,
      fc.record(
        {
          apiVersion: fc.constantFrom('v1', 'v2', 1),
          kind: fc.constantFrom('Config', 'x'),
          clusters: fc.oneof(anyValue, fc.array(entry)),
          users: fc.oneof(anyValue, fc.array(entry)),
          contexts: fc.oneof(anyValue, fc.array(entry)),
          'current-context': anyValue,
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(doc, (d) => {
        try {
          const cfg = parseKubeconfig(JSON.stringify(d) ?? '');
          try {
            resolveKubeconfigContext(cfg);
          } catch (e) {
            assert.ok(e instanceof KubeconfigError, String(e));
          }
        } catch (e) {
          assert.ok(e instanceof KubeconfigError, String(e));
        }
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });
});

describe('resolveKubeconfigContext', () => {
  const cfg = parseKubeconfig(
    [
      'current-context: a',
      'clusters: [{name: c, cluster: {server: "https://s"}}, {name: noserver, cluster: {}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: a, context: {cluster: c, user: u, namespace: ns}}, {name: b, context: {cluster: gone, user: u}},',
      '  {name: d, context: {cluster: c, user: gone}}, {name: e, context: {cluster: noserver, user: u}}]',
    ].join('\n'),
  );
  it('resolves the current context', () => {
    const r = resolveKubeconfigContext(cfg);
    assert.equal(r.context, 'a');
    assert.equal(r.cluster.server, 'https://s');
    assert.equal(r.user.token, 't');
    assert.equal(r.namespace, 'ns');
  });
  const bad: { name: string; context?: string; cfg?: Kubeconfig; message: string }[] = [
    { name: 'unknown context', context: 'zzz', message: 'context was not found for specified context: zzz' },
    { name: 'missing cluster', context: 'b', message: 'cluster "gone" of context "b" not found' },
    { name: 'missing user', context: 'd', message: 'user "gone" of context "d" not found' },
    { name: 'cluster without server', context: 'e', message: 'no server found for cluster "noserver"' },
    {
      name: 'no current context',
      cfg: { ...cfg, currentContext: '' },
      message: 'current-context is not set',
    },
  ];
  for (const c of bad) {
    it(`fails on ${c.name}`, () => {
      assert.throws(() => resolveKubeconfigContext(c.cfg ?? cfg, c.context), new KubeconfigError(c.message));
    });
  }
});
