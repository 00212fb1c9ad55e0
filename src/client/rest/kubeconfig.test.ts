import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { inClusterConfig, KubeconfigError, kubeconfigToConfig, loadKubeconfig } from './kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'kite-kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (s: string) => Buffer.from(s).toString('base64');

function doc(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'main',
    clusters: [
      { name: 'other', cluster: { server: 'https://other:1' } },
      {
        name: 'c',
        cluster: { server: 'https://127.0.0.1:6443/', 'certificate-authority-data': b64('CA PEM') },
      },
    ],
    users: [{ name: 'u', user: { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') } }],
    contexts: [{ name: 'main', context: { cluster: 'c', user: 'u', namespace: 'team' } }],
    ...over,
  };
}

describe('kubeconfigToConfig', () => {
  it('resolves the current context with inline data', () => {
    const got = kubeconfigToConfig(doc(), dir);
    assert.deepEqual(got.config, {
      server: 'https://127.0.0.1:6443',
      caPem: 'CA PEM',
      certPem: 'CERT',
      keyPem: 'KEY',
    });
    assert.equal(got.namespace, 'team');
    assert.equal(got.context, 'main');
  });

  it('reads files relative to the kubeconfig folder, token and TLS options', () => {
    writeFileSync(join(dir, 'ca.crt'), 'FILE CA');
    const d = doc({
      clusters: [
        {
          name: 'c',
          cluster: {
            server: 'https://h:1',
            'certificate-authority': 'ca.crt',
            'insecure-skip-tls-verify': true,
            'tls-server-name': 'kubernetes',
          },
        },
      ],
      users: [{ name: 'u', user: { tokenFile: 'token' } }],
      contexts: [{ name: 'main', context: { cluster: 'c', user: 'u' } }],
    });
    const got = kubeconfigToConfig(d, dir);
    assert.deepEqual(got.config, {
      server: 'https://h:1',
      caPem: 'FILE CA',
      insecureSkipTLSVerify: true,
      tlsServerName: 'kubernetes',
      tokenFile: join(dir, 'token'),
    });
    assert.equal(got.namespace, 'default');
  });

  it('uses a named context when given', () => {
    const d = doc({
      contexts: [
        { name: 'main', context: { cluster: 'c', user: 'u' } },
        { name: 'alt', context: { cluster: 'other' } },
      ],
    });
    assert.equal(kubeconfigToConfig(d, dir, { context: 'alt' }).config.server, 'https://other:1');
  });

  const errors: [string, Record<string, unknown>, RegExp][] = [
    ['no current context', { 'current-context': '' }, /no current-context/],
    ['unknown context', { 'current-context': 'nope' }, /context "nope" not found/],
    [
      'unknown cluster',
      { contexts: [{ name: 'main', context: { cluster: 'x', user: 'u' } }] },
      /cluster "x" not found/,
    ],
    [
      'unknown user',
      { contexts: [{ name: 'main', context: { cluster: 'c', user: 'x' } }] },
      /user "x" not found/,
    ],
    ['no server', { clusters: [{ name: 'c', cluster: {} }] }, /cluster "c" has no server/],
    [
      'certificate without key',
      { users: [{ name: 'u', user: { 'client-certificate-data': b64('CERT') } }] },
      /without a key/,
    ],
    [
      'missing CA file',
      { clusters: [{ name: 'c', cluster: { server: 'https://h', 'certificate-authority': 'missing.crt' } }] },
      /cannot read/,
    ],
  ];
  for (const [name, over, re] of errors) {
    it(`fails clearly: ${name}`, () => {
      assert.throws(
        () => kubeconfigToConfig(doc(over), dir),
        (e: unknown) => e instanceof KubeconfigError && re.test(e.message),
      );
    });
  }
});

describe('loadKubeconfig', () => {
  it('reads a YAML file', async () => {
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: main',
        'clusters:',
        '- name: c',
        '  cluster: {server: "https://127.0.0.1:1"}',
        'users:',
        '- name: u',
        '  user: {token: abc}',
        'contexts:',
        '- name: main',
        '  context: {cluster: c, user: u}',
      ].join('\n'),
    );
    const got = await loadKubeconfig(file);
    assert.deepEqual(got.config, { server: 'https://127.0.0.1:1', token: 'abc' });
  });

  it('names a missing file', async () => {
    await assert.rejects(loadKubeconfig(join(dir, 'absent')), /cannot read kubeconfig/);
  });
});

describe('inClusterConfig', () => {
  it('builds the service URL, token file and CA', () => {
    const sa = join(dir, 'sa');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), 'tok\n');
    writeFileSync(join(sa, 'ca.crt'), 'SA CA');
    const got = inClusterConfig({
      env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
      dir: sa,
    });
    assert.deepEqual(got, { server: 'https://[fd00::1]:443', tokenFile: join(sa, 'token'), caPem: 'SA CA' });
  });

  it('fails outside a cluster', () => {
    assert.throws(
      () => inClusterConfig({ env: {} }),
      /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined/,
    );
  });
});
