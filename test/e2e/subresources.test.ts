// Subresources, review resources, impersonation and namespace deletion against a real `kite
// server`, driven by the real kubectl where kubectl has a command for it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { type KiteServer, rawRequest, startKiteServer } from '../support/kite-server.js';
import { kubectlPath } from '../support/kubectl.js';

const run = promisify(execFile);
const kubectl = kubectlPath();

let server: KiteServer;

before(async () => {
  // The API server alone: these requests write pods that a scheduler or controllers would race.
  server = await startKiteServer({
    tokens: ['viewer-token,viewer,1001,"team-a"'],
    args: ['--disable-controller-manager', '--disable-scheduler'],
  });
});
after(async () => {
  await server?.stop();
});

async function k(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(kubectl!, ['--kubeconfig', server.kubeconfig, ...args], { timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : 1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
    };
  }
}

function json(body: unknown): { headers: Record<string, string>; body: string } {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

describe('kubectl', { skip: kubectl === undefined ? 'no kubectl' : false }, () => {
  test('auth whoami shows the caller, --as the impersonated user', async () => {
    const me = await k('auth', 'whoami', '-o', 'json');
    assert.equal(me.code, 0, me.stderr);
    const review = JSON.parse(me.stdout);
    assert.equal(review.kind, 'SelfSubjectReview');
    assert.equal(review.status.userInfo.username, 'kite-admin');
    assert.ok(review.status.userInfo.groups.includes('system:masters'));
    const bob = await k('auth', 'whoami', '--as', 'bob', '--as-group', 'devs', '-o', 'json');
    assert.equal(bob.code, 0, bob.stderr);
    assert.deepEqual(JSON.parse(bob.stdout).status.userInfo, {
      username: 'bob',
      groups: ['devs', 'system:authenticated'],
    });
  });

  test('auth can-i answers from the authorizer, for the caller and for --as', async () => {
    const yes = await k('auth', 'can-i', 'create', 'pods');
    assert.equal(yes.code, 0);
    assert.equal(yes.stdout.trim(), 'yes');
    const no = await k('auth', 'can-i', 'create', 'pods', '--as', 'alice');
    assert.equal(no.code, 1);
    assert.equal(no.stdout.trim(), 'no');
    const list = await k('auth', 'can-i', '--list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
  });

  test('impersonation is refused for a caller without the impersonate verb', async () => {
    // The kubeconfig carries the admin certificate, which would win over a token: ask directly.
    const raw = await rawRequest(server, 'GET', '/api/v1/namespaces/default/pods', {
      as: 'anonymous',
      headers: { authorization: 'Bearer viewer-token', 'impersonate-user': 'bob' },
    });
    assert.equal(raw.code, 403);
    assert.equal(
      JSON.parse(raw.body).message,
      'users "bob" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  test('create token issues a JWT that authenticates as the service account', async () => {
    assert.equal((await k('create', 'serviceaccount', 'robot')).code, 0);
    const t = await k('create', 'token', 'robot', '--duration', '20m');
    assert.equal(t.code, 0, t.stderr);
    const token = t.stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    assert.equal(claims.sub, 'system:serviceaccount:default:robot');
    assert.equal(claims.exp - claims.iat, 1200);
    const who = await rawRequest(server, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      as: 'anonymous',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}',
    });
    assert.equal(who.code, 201, who.body);
    const info = JSON.parse(who.body).status.userInfo;
    assert.equal(info.username, 'system:serviceaccount:default:robot');
    assert.deepEqual(info.groups, [
      'system:serviceaccounts',
      'system:serviceaccounts:default',
      'system:authenticated',
    ]);
    const review = await rawRequest(
      server,
      'POST',
      '/apis/authentication.k8s.io/v1/tokenreviews',
      json({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } }),
    );
    assert.equal(review.code, 201);
    assert.equal(JSON.parse(review.body).status.authenticated, true);
  });

  test('logs and exec of a pod that is not on a node', async () => {
    assert.equal((await k('run', 'lonely', '--image', 'busybox')).code, 0);
    const logs = await k('logs', 'lonely');
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, '');
    const two = await rawRequest(
      server,
      'POST',
      '/api/v1/namespaces/default/pods',
      json({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'duo' },
        spec: {
          containers: [
            { name: 'a', image: 'busybox' },
            { name: 'b', image: 'busybox' },
          ],
        },
      }),
    );
    assert.equal(two.code, 201);
    // kubectl picks the first container itself; the server names the choices.
    const which = await rawRequest(server, 'GET', '/api/v1/namespaces/default/pods/duo/log');
    assert.equal(which.code, 400);
    assert.equal(
      JSON.parse(which.body).message,
      'a container name must be specified for pod duo, choose one of: [a b]',
    );
    const exec = await rawRequest(
      server,
      'POST',
      '/api/v1/namespaces/default/pods/lonely/exec?command=ls&stdout=true',
    );
    assert.equal(exec.code, 400);
    assert.equal(JSON.parse(exec.body).message, 'pod lonely does not have a host assigned');
  });

  test('delete namespace leaves it Terminating until it is finalized', async () => {
    // A finalizer of its own keeps the namespace Terminating even after the namespace
    // controller has removed `kubernetes`.
    const made = await rawRequest(
      server,
      'POST',
      '/api/v1/namespaces',
      json({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'doomed' },
        spec: { finalizers: ['kubernetes', 'example.com/hold'] },
      }),
    );
    assert.equal(made.code, 201, made.body);
    const del = await k('delete', 'namespace', 'doomed', '--wait=false');
    assert.equal(del.code, 0, del.stderr);
    const phase = await k('get', 'namespace', 'doomed', '-o', 'jsonpath={.status.phase}');
    assert.equal(phase.stdout, 'Terminating');
    const cm = await k('-n', 'doomed', 'create', 'configmap', 'late');
    assert.notEqual(cm.code, 0);
    assert.match(
      cm.stderr,
      /unable to create new content in namespace doomed because it is being terminated/,
    );
    const ns = JSON.parse((await rawRequest(server, 'GET', '/api/v1/namespaces/doomed')).body);
    ns.spec.finalizers = [];
    const fin = await rawRequest(server, 'PUT', '/api/v1/namespaces/doomed/finalize', json(ns));
    assert.equal(fin.code, 200, fin.body);
    assert.equal((await rawRequest(server, 'GET', '/api/v1/namespaces/doomed')).code, 404);
  });
});

describe('raw requests', () => {
  test('pods/binding binds once; the legacy bindings resource too', async () => {
    const mk = (name: string) =>
      rawRequest(
        server,
        'POST',
        '/api/v1/namespaces/default/pods',
        json({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name },
          spec: { containers: [{ name: 'c', image: 'i' }] },
        }),
      );
    assert.equal((await mk('b1')).code, 201);
    assert.equal((await mk('b2')).code, 201);
    const bind = (path: string, name: string, node: string) =>
      rawRequest(
        server,
        'POST',
        path,
        json({ apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: node } }),
      );
    const ok = await bind('/api/v1/namespaces/default/pods/b1/binding', 'b1', 'n1');
    assert.equal(ok.code, 201, ok.body);
    assert.equal(JSON.parse(ok.body).status, 'Success');
    const again = await bind('/api/v1/namespaces/default/pods/b1/binding', 'b1', 'n2');
    assert.equal(again.code, 409);
    assert.equal(
      JSON.parse(again.body).message,
      'Operation cannot be fulfilled on pods/binding "b1": pod b1 is already assigned to node "n1"',
    );
    const legacy = await bind('/api/v1/namespaces/default/bindings', 'b2', 'n1');
    assert.equal(legacy.code, 201, legacy.body);
    const pod = JSON.parse((await rawRequest(server, 'GET', '/api/v1/namespaces/default/pods/b2')).body);
    assert.equal(pod.spec.nodeName, 'n1');
    assert.equal(pod.status.conditions[0].type, 'PodScheduled');
  });

  test('pods/eviction deletes, or refuses with 429 under a spent budget', async () => {
    const pod = (name: string) =>
      json({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { app: 'guarded' } },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      });
    assert.equal((await rawRequest(server, 'POST', '/api/v1/namespaces/default/pods', pod('ev1'))).code, 201);
    const evict = (name: string, apiVersion = 'policy/v1') =>
      rawRequest(
        server,
        'POST',
        `/api/v1/namespaces/default/pods/${name}/eviction`,
        json({ apiVersion, kind: 'Eviction', metadata: { name } }),
      );
    const r = await evict('ev1', 'policy/v1beta1');
    assert.equal(r.code, 201, r.body);
    assert.equal((await rawRequest(server, 'GET', '/api/v1/namespaces/default/pods/ev1')).code, 404);
    // A running pod under a budget without disruptions left.
    assert.equal((await rawRequest(server, 'POST', '/api/v1/namespaces/default/pods', pod('ev2'))).code, 201);
    const cur = JSON.parse((await rawRequest(server, 'GET', '/api/v1/namespaces/default/pods/ev2')).body);
    cur.status.phase = 'Running';
    const st = await rawRequest(server, 'PUT', '/api/v1/namespaces/default/pods/ev2/status', json(cur));
    assert.equal(st.code, 200, st.body);
    const pdb = await rawRequest(
      server,
      'POST',
      '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
      json({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'guard' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
      }),
    );
    assert.equal(pdb.code, 201, pdb.body);
    const refused = await evict('ev2');
    assert.equal(refused.code, 429, refused.body);
    const status = JSON.parse(refused.body);
    assert.equal(status.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.equal(status.details.causes[0].reason, 'DisruptionBudget');
  });

  test('review resources are answered, never stored', async () => {
    const r = await rawRequest(
      server,
      'POST',
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      json({
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: { user: 'viewer', groups: ['team-a'], resourceAttributes: { verb: 'get', resource: 'pods' } },
      }),
    );
    assert.equal(r.code, 201, r.body);
    assert.equal(JSON.parse(r.body).status.allowed, false);
    const list = await rawRequest(server, 'GET', '/apis/authorization.k8s.io/v1/subjectaccessreviews');
    assert.equal(list.code, 405);
  });
});
