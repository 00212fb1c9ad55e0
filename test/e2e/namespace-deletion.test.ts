// The real kubectl deleting namespaces on `kite server`: `kubectl delete namespace` (waiting, as
// by default) returns once the namespace controller has removed every object in it and released
// the namespace.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type KiteServer, rawRequest, startKiteServer } from '../support/kite-server.js';
import { kubectlPath } from '../support/kubectl.js';
import { type Kubectl, kubectlFor } from '../support/kubectl-run.js';

const bin = kubectlPath();

let server: KiteServer;
let k: Kubectl;

before(async () => {
  if (bin === undefined) return;
  server = await startKiteServer();
  k = kubectlFor(bin, server.kubeconfig);
});

after(async () => {
  await server?.stop();
});

const POD = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'lonely' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('namespace deletion', { skip: bin === undefined, timeout: 180_000 }, () => {
  test('kubectl delete namespace waits until its content and the namespace are gone', async () => {
    await k.ok(['create', 'namespace', 'x']);
    await k.ok(['-n', 'x', 'create', 'configmap', 'settings', '--from-literal=a=b']);
    await k.ok(['-n', 'x', 'create', 'secret', 'generic', 'token', '--from-literal=t=s']);
    await k.ok(['-n', 'x', 'create', 'deployment', 'web', '--image=nginx:1']);
    await k.ok(['-n', 'x', 'create', 'service', 'clusterip', 'web', '--tcp=80:80']);
    await k.ok(['-n', 'x', 'create', 'role', 'reader', '--verb=get', '--resource=pods']);
    // A pod no scheduler has placed: deleted at once, whatever its grace period.
    await k.ok(['-n', 'x', 'create', '-f', '-'], { input: POD });
    await k.ok(['create', 'namespace', 'bystander']);
    await k.ok(['-n', 'bystander', 'create', 'configmap', 'kept']);

    const del = await k(['delete', 'namespace', 'x', '--timeout=90s'], { timeoutMs: 120_000 });
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.stdout, 'namespace "x" deleted\n');

    const gone = await k(['get', 'namespace', 'x']);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /namespaces "x" not found/);
    for (const path of [
      '/api/v1/namespaces/x/configmaps',
      '/api/v1/namespaces/x/secrets',
      '/api/v1/namespaces/x/pods',
      '/api/v1/namespaces/x/services',
      '/apis/apps/v1/namespaces/x/deployments',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/x/roles',
    ]) {
      const r = await rawRequest(server, 'GET', path);
      assert.equal(r.code, 200, r.body);
      assert.deepEqual(JSON.parse(r.body).items, [], path);
    }
    // Other namespaces keep their content.
    assert.equal(
      await k.ok(['-n', 'bystander', 'get', 'configmap', 'kept', '-o', 'name']),
      'configmap/kept\n',
    );
  });

  test('an object with a finalizer holds the namespace, with upstream conditions, until released', async () => {
    await k.ok(['create', 'namespace', 'held']);
    await k.ok(['-n', 'held', 'create', 'configmap', 'pinned']);
    await k.ok([
      '-n',
      'held',
      'patch',
      'configmap',
      'pinned',
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":["example.com/f"]}}',
    ]);
    await k.ok(['delete', 'namespace', 'held', '--wait=false']);
    // Bounded wait for the controller's first pass (it starts 5 s after the deletion).
    let conditions: { type: string; status: string; reason: string; message: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const ns = JSON.parse(await k.ok(['get', 'namespace', 'held', '-o', 'json']));
      conditions = ns.status.conditions ?? [];
      if (conditions.length > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const byType = new Map(conditions.map((c) => [c.type, c]));
    assert.deepEqual(
      [...byType.keys()],
      [
        'NamespaceDeletionDiscoveryFailure',
        'NamespaceDeletionGroupVersionParsingFailure',
        'NamespaceDeletionContentFailure',
        'NamespaceContentRemaining',
        'NamespaceFinalizersRemaining',
      ],
    );
    assert.deepEqual(
      { ...byType.get('NamespaceContentRemaining'), lastTransitionTime: undefined },
      {
        type: 'NamespaceContentRemaining',
        status: 'True',
        reason: 'SomeResourcesRemain',
        message: 'Some resources are remaining: configmaps. has 1 resource instances',
        lastTransitionTime: undefined,
      },
    );
    assert.equal(
      byType.get('NamespaceFinalizersRemaining')?.message,
      'Some content in the namespace has finalizers remaining: example.com/f in 1 resource instances',
    );
    assert.equal(byType.get('NamespaceDeletionContentFailure')?.status, 'False');
    // Releasing the finalizer lets the namespace go (the controller comes back within ~8 s).
    await k.ok([
      '-n',
      'held',
      'patch',
      'configmap',
      'pinned',
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    ]);
    const wait = await k(['wait', '--for=delete', 'namespace/held', '--timeout=60s'], { timeoutMs: 90_000 });
    assert.equal(wait.code, 0, wait.stderr);
  });
});
