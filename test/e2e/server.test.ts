// `kite server` as a user runs it: a real process, real TLS, and the real kubectl against it.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { kubectlPath } from '../support/kubectl.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

let dir: string;
let child: ChildProcess | undefined;
let url: string;
let kubeconfig: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kite-server-'));
  const tokens = join(dir, 'tokens.csv');
  writeFileSync(tokens, 'viewer-token,viewer,1001,"team-a"\n');
  child = spawn(
    process.execPath,
    [
      main,
      'server',
      '--data-dir',
      join(dir, 'data'),
      '--bind-address',
      '127.0.0.1',
      '--secure-port',
      '0',
      '--token-auth-file',
      tokens,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server not ready in 30 s: ${out}`)), 30_000);
    child!.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = out.match(/kite server ready at (\S+) \(kubeconfig: (\S+)\)/);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child!.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  url = ready[1]!;
  kubeconfig = ready[2]!;
});

after(async () => {
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string> = {},
  tls: { cert?: Buffer; key?: Buffer } = {},
): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers, rejectUnauthorized: false, ...tls }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('kite server', { timeout: 120_000 }, () => {
  test('anonymous clients may read /version and health, nothing else', async () => {
    const version = await get('/version');
    assert.equal(version.code, 200);
    assert.match(JSON.parse(version.body).gitVersion, /^v1\.36\.0\+kite\./);
    assert.equal((await get('/livez')).body, 'ok');
    const api = await get('/api');
    assert.equal(api.code, 401);
    assert.deepEqual(JSON.parse(api.body), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  test('a token user may read discovery but not other paths', async () => {
    const auth = { Authorization: 'Bearer viewer-token' };
    assert.equal((await get('/apis', auth)).code, 200);
    const metrics = await get('/metrics', auth);
    assert.equal(metrics.code, 403);
    assert.equal(JSON.parse(metrics.body).message, 'forbidden: User "viewer" cannot get path "/metrics"');
    assert.equal((await get('/api', { Authorization: 'Bearer wrong' })).code, 401);
  });

  const kubectl = kubectlPath();
  test('kubectl reads version, api-versions and api-resources', { skip: kubectl === undefined }, async () => {
    const k = (...args: string[]) => run(kubectl!, ['--kubeconfig', kubeconfig, ...args]);
    const version = JSON.parse((await k('version', '-o', 'json')).stdout);
    assert.match(version.serverVersion.gitVersion, /^v1\.36\.0\+kite\./);
    const versions = (await k('api-versions')).stdout.split('\n');
    for (const gv of ['v1', 'apps/v1', 'autoscaling/v2', 'batch/v1', 'rbac.authorization.k8s.io/v1']) {
      assert.ok(versions.includes(gv), `api-versions lists ${gv}`);
    }
    const resources = (await k('api-resources', '--no-headers')).stdout;
    assert.match(resources, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(resources, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(resources, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    const ready = (await k('get', '--raw', '/readyz?verbose')).stdout;
    assert.match(ready, /\[\+\]etcd ok/);
    assert.match(ready, /readyz check passed/);
  });

  test('kubectl applies, lists, patches and deletes objects', { skip: kubectl === undefined }, async () => {
    const k = (...args: string[]) => run(kubectl!, ['--kubeconfig', kubeconfig, ...args]);
    const ns = (await k('get', 'namespaces', '--no-headers')).stdout;
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      assert.match(ns, new RegExp(`^${name}\\s+Active\\s`, 'm'));
    }
    const manifest = fileURLToPath(
      new URL('../../../test/fixtures/manifests/valid/nginx-deployment.yaml', import.meta.url),
    );
    assert.match((await k('apply', '-f', manifest)).stdout, /deployment.apps\/nginx created/);
    assert.match((await k('apply', '-f', manifest)).stdout, /deployment.apps\/nginx unchanged/);
    const table = (await k('get', 'deployments')).stdout;
    assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    assert.match(table, /^nginx\s+0\/3\s+[03]\s+0\s+\d+s$/m);
    // The controllers inside kite server roll the Deployment out: a ReplicaSet and its 3 pods
    // (Pending: no node runs them).
    let pods = '';
    for (let i = 0; i < 200 && pods.trim().split('\n').length !== 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      pods = (await k('get', 'pods', '-l', 'app=nginx', '--no-headers')).stdout;
    }
    assert.equal(pods.trim().split('\n').length, 3, pods);
    assert.match(pods, /^nginx-[0-9a-z]+-[0-9a-z]{5}\s+0\/1\s+Pending\s+0\s+\d+s$/m);
    const svc = (await k('get', 'service', 'nginx-nodeport', '--no-headers')).stdout;
    assert.match(svc, /^nginx-nodeport\s+NodePort\s+.*80:30080\/TCP/);
    const dep = JSON.parse((await k('get', 'deployment', 'nginx', '-o', 'json')).stdout);
    assert.equal(dep.spec.strategy.rollingUpdate.maxSurge, '25%');
    assert.equal(dep.spec.template.spec.containers[0].terminationMessagePath, '/dev/termination-log');
    assert.equal(dep.metadata.generation, 1);
    await k('label', 'deployment', 'nginx', 'tier=web');
    await k('patch', 'deployment', 'nginx', '-p', '{"spec":{"replicas":2}}');
    const patched = JSON.parse((await k('get', 'deployment', 'nginx', '-o', 'json')).stdout);
    assert.equal(patched.metadata.labels.tier, 'web');
    assert.equal(patched.spec.replicas, 2);
    assert.equal(patched.metadata.generation, 2);
    assert.match((await k('delete', '-f', manifest)).stdout, /deployment.apps "nginx" deleted/);
    await assert.rejects(k('get', 'deployment', 'nginx'), /deployments.apps "nginx" not found/);
  });

  test('kubectl create and run speak protobuf', { skip: kubectl === undefined }, async () => {
    const k = (...args: string[]) => run(kubectl!, ['--kubeconfig', kubeconfig, ...args]);
    assert.match(
      (await k('create', 'configmap', 'pb', '--from-literal=a=b')).stdout,
      /configmap\/pb created/,
    );
    assert.equal((await k('get', 'configmap', 'pb', '-o', 'jsonpath={.data.a}')).stdout, 'b');
    assert.match((await k('run', 'web', '--image=nginx:1.27', '--port=80')).stdout, /pod\/web created/);
    assert.match((await k('get', 'pods', '--no-headers')).stdout, /^web\s+0\/1\s+Pending\s+0\s+\d+s$/m);
    assert.match((await k('create', 'namespace', 'team-a')).stdout, /namespace\/team-a created/);
    assert.match((await k('delete', 'configmap', 'pb')).stdout, /configmap "pb" deleted/);
    assert.match((await k('delete', 'pod', 'web', '--wait=false')).stdout, /pod "web" deleted/);
  });

  test('kubectl scale goes through the scale subresource', { skip: kubectl === undefined }, async () => {
    const k = (...args: string[]) => run(kubectl!, ['--kubeconfig', kubeconfig, ...args]);
    await k('create', 'deployment', 'scaled', '--image=nginx', '--replicas=2');
    assert.match(
      (await k('scale', 'deployment', 'scaled', '--replicas=5')).stdout,
      /deployment.apps\/scaled scaled/,
    );
    assert.equal((await k('get', 'deployment', 'scaled', '-o', 'jsonpath={.spec.replicas}')).stdout, '5');
    const scale = JSON.parse(
      (await k('get', '--raw', '/apis/apps/v1/namespaces/default/deployments/scaled/scale')).stdout,
    );
    assert.deepEqual(
      [scale.kind, scale.apiVersion, scale.spec, scale.status.selector],
      ['Scale', 'autoscaling/v1', { replicas: 5 }, 'app=scaled'],
    );
    const bad = join(dir, 'scale.json');
    writeFileSync(bad, JSON.stringify({ ...scale, spec: { replicas: -1 } }));
    await assert.rejects(
      k('replace', '--raw', '/apis/apps/v1/namespaces/default/deployments/scaled/scale', '-f', bad),
      /The Scale "scaled" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0/,
    );
    await k('delete', 'deployment', 'scaled');
  });

  test('invalid objects get the 422 kube-apiserver answers', { skip: kubectl === undefined }, async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n    - name: app\n',
    );
    await assert.rejects(
      run(kubectl!, ['--kubeconfig', kubeconfig, 'apply', '-f', bad]),
      /The Pod "bad" is invalid: spec.containers\[0\].image: Required value/,
    );
  });

  test('a watch streams changes from a resourceVersion', async () => {
    const pki = join(dir, 'data', 'pki');
    const tls = { cert: readFileSync(join(pki, 'admin.crt')), key: readFileSync(join(pki, 'admin.key')) };
    const body = (o: unknown) => JSON.stringify(o);
    const post = (path: string, obj: unknown) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          `${url}${path}`,
          {
            method: 'POST',
            rejectUnauthorized: false,
            headers: { 'Content-Type': 'application/json' },
            ...tls,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body(obj));
      });
    const list = JSON.parse((await get('/api/v1/namespaces/default/configmaps', {}, tls)).body);
    const rv = list.metadata.resourceVersion as string;
    const events: Array<{ type: string; object: { metadata: { name: string } } }> = [];
    const watched = new Promise<void>((resolve, reject) => {
      const req = request(
        `${url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=10`,
        { rejectUnauthorized: false, ...tls },
        (res) => {
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString();
            let i = buf.indexOf('\n');
            while (i >= 0) {
              events.push(JSON.parse(buf.slice(0, i)));
              buf = buf.slice(i + 1);
              i = buf.indexOf('\n');
            }
            if (events.length >= 2) {
              req.destroy();
              resolve();
            }
          });
          // The server ends the stream at timeoutSeconds; ending early means events went missing.
          res.on('end', () =>
            events.length >= 2 ? resolve() : reject(new Error(`watch ended after ${events.length} events`)),
          );
        },
      );
      req.on('error', (e) => (events.length >= 2 ? resolve() : reject(e)));
      req.end();
    });
    assert.equal(
      await post('/api/v1/namespaces/default/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'w1' },
      }),
      201,
    );
    assert.equal(
      await post('/api/v1/namespaces/default/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'w2' },
      }),
      201,
    );
    await watched;
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED w1', 'ADDED w2'],
    );
  });
});
