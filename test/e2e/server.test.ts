// `kite server` as a user runs it: a real process, real TLS, and the real kubectl against it.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function get(path: string, headers: Record<string, string> = {}): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers, rejectUnauthorized: false }, (res) => {
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
});
