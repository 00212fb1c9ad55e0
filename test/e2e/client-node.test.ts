// The official JavaScript client (@kubernetes/client-node) against a real `kite server`: typed
// CRUD, optimistic concurrency, patch types, collections, the Watch class and an informer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  type V1ConfigMap,
  type V1Deployment,
  type V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { type KiteServer, startKiteServer } from '../support/kite-server.js';

let server: KiteServer;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;

before(async () => {
  server = await startKiteServer();
  kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
});

after(async () => {
  await server?.stop();
});

async function namespace(name: string): Promise<string> {
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

function pod(name: string, labels: Record<string, string> = {}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
  };
}

function configMap(
  name: string,
  data: Record<string, string>,
  labels: Record<string, string> = {},
): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

function deployment(name: string): V1Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.27' },
            { name: 'side', image: 'busybox:1.36' },
          ],
        },
      },
    },
  };
}

/** The ApiException a call rejects with, and its body parsed as a metav1.Status. */
async function failure(p: Promise<unknown>): Promise<{ code: number; status: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ApiException, `expected an ApiException, got ${String(err)}`);
    const e = err as ApiException<unknown>;
    return { code: e.code, status: JSON.parse(String(e.body)) as Record<string, unknown> };
  }
  assert.fail('the call succeeded');
}

/** Resolves once `pred` holds, polling every 20 ms for at most `ms`. */
async function eventually(what: string, pred: () => boolean, ms = 10_000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 20) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// Names other than the kube-root-ca.crt ConfigMap the controllers publish in every namespace.
function ours(names: (string | undefined)[]): (string | undefined)[] {
  return names.filter((n) => n !== 'kube-root-ca.crt');
}

describe('@kubernetes/client-node against kite', { timeout: 120_000 }, () => {
  test('create, read, list with selectors and pages, across namespaces', async () => {
    const ns = await namespace('cn-list');
    const other = await namespace('cn-list-other');
    for (let i = 0; i < 5; i++) {
      await core.createNamespacedPod({
        namespace: ns,
        body: pod(`p${i}`, { tier: i % 2 === 0 ? 'even' : 'odd' }),
      });
    }
    await core.createNamespacedPod({ namespace: other, body: pod('elsewhere', { tier: 'even' }) });

    const read = await core.readNamespacedPod({ name: 'p0', namespace: ns });
    assert.equal(read.metadata?.name, 'p0');
    assert.equal(read.metadata?.namespace, ns);
    assert.match(read.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(read.metadata?.creationTimestamp instanceof Date, 'creationTimestamp is parsed as a Date');
    assert.equal(read.spec?.containers[0]?.imagePullPolicy, 'IfNotPresent');
    assert.equal(read.spec?.restartPolicy, 'Always');

    const all = await core.listNamespacedPod({ namespace: ns });
    assert.equal(all.kind, 'PodList');
    assert.deepEqual(
      all.items.map((p) => p.metadata?.name),
      ['p0', 'p1', 'p2', 'p3', 'p4'],
    );
    assert.match(all.metadata?.resourceVersion ?? '', /^[1-9][0-9]*$/);

    const even = await core.listNamespacedPod({ namespace: ns, labelSelector: 'tier=even' });
    assert.deepEqual(
      even.items.map((p) => p.metadata?.name),
      ['p0', 'p2', 'p4'],
    );
    const notEven = await core.listNamespacedPod({ namespace: ns, labelSelector: 'tier notin (even)' });
    assert.deepEqual(
      notEven.items.map((p) => p.metadata?.name),
      ['p1', 'p3'],
    );

    const everywhere = await core.listPodForAllNamespaces({ labelSelector: 'tier=even' });
    const names = everywhere.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
    assert.deepEqual(names.sort(), [`${other}/elsewhere`, `${ns}/p0`, `${ns}/p2`, `${ns}/p4`]);

    const seen: string[] = [];
    let page = await core.listNamespacedPod({ namespace: ns, limit: 2 });
    assert.equal(page.metadata?.remainingItemCount, 3);
    const firstRV = page.metadata?.resourceVersion;
    for (let i = 0; i < 10; i++) {
      seen.push(...page.items.map((p) => p.metadata?.name ?? ''));
      const token = page.metadata?._continue;
      if (token === undefined || token === '') break;
      page = await core.listNamespacedPod({ namespace: ns, limit: 2, _continue: token });
      assert.equal(page.metadata?.resourceVersion, firstRV, 'every page is read at the first page revision');
    }
    assert.deepEqual(seen, ['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  test('generateName and dryRun', async () => {
    const ns = await namespace('cn-create');
    const made = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { generateName: 'gen-' }, data: { a: '1' } },
    });
    assert.match(made.metadata?.name ?? '', /^gen-[a-z0-9]{5}$/);
    assert.equal(made.metadata?.generateName, 'gen-');

    const dry = await core.createNamespacedConfigMap({
      namespace: ns,
      body: configMap('dry', { a: '1' }),
      dryRun: 'All',
    });
    assert.equal(dry.metadata?.name, 'dry');
    assert.match(dry.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    const missing = await failure(core.readNamespacedConfigMap({ name: 'dry', namespace: ns }));
    assert.equal(missing.code, 404);

    const dup = await failure(
      core.createNamespacedConfigMap({ namespace: ns, body: configMap(made.metadata!.name!, {}) }),
    );
    assert.equal(dup.code, 409);
    assert.equal(dup.status['reason'], 'AlreadyExists');
    assert.equal(dup.status['message'], `configmaps "${made.metadata!.name}" already exists`);
  });

  test('replace with a stale resourceVersion is a 409 Conflict Status', async () => {
    const ns = await namespace('cn-replace');
    const v1 = await core.createNamespacedConfigMap({ namespace: ns, body: configMap('cm', { k: 'v1' }) });
    const v2 = await core.replaceNamespacedConfigMap({
      name: 'cm',
      namespace: ns,
      body: { ...v1, data: { k: 'v2' } },
    });
    assert.equal(v2.data?.['k'], 'v2');
    assert.notEqual(v2.metadata?.resourceVersion, v1.metadata?.resourceVersion);

    const stale = await failure(
      core.replaceNamespacedConfigMap({ name: 'cm', namespace: ns, body: { ...v1, data: { k: 'v3' } } }),
    );
    assert.equal(stale.code, 409);
    assert.deepEqual(stale.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'cm', kind: 'configmaps' },
      code: 409,
    });
    const now = await core.readNamespacedConfigMap({ name: 'cm', namespace: ns });
    assert.equal(now.data?.['k'], 'v2');
  });

  test('patch: JSON patch by default, merge and strategic merge through header options', async () => {
    const ns = await namespace('cn-patch');
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web') });

    // The generated client sends application/json-patch+json unless told otherwise.
    const jp = await apps.patchNamespacedDeployment({
      name: 'web',
      namespace: ns,
      body: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
    });
    assert.equal(jp.spec?.replicas, 2);

    // Strategic merge: containers merge by name, so the sidecar stays.
    const smp = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: ns,
        body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    assert.deepEqual(
      smp.spec?.template.spec?.containers.map((c) => `${c.name}=${c.image}`),
      ['web=nginx:1.28', 'side=busybox:1.36'],
    );

    // Merge patch: lists are replaced whole.
    const mp = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: ns,
        body: {
          metadata: { labels: { patched: 'yes' } },
          spec: { template: { spec: { containers: [{ name: 'only', image: 'nginx:1.29' }] } } },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.equal(mp.metadata?.labels?.['patched'], 'yes');
    assert.deepEqual(
      mp.spec?.template.spec?.containers.map((c) => c.name),
      ['only'],
    );

    // A merge patch on a pod's labels.
    await core.createNamespacedPod({ namespace: ns, body: pod('p', { a: '1' }) });
    const labelled = await core.patchNamespacedPod(
      { name: 'p', namespace: ns, body: { metadata: { labels: { a: null, b: '2' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.deepEqual(labelled.metadata?.labels, { b: '2' });

    const gone = await failure(
      core.patchNamespacedPod(
        { name: 'nope', namespace: ns, body: { metadata: { labels: { b: '2' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    assert.equal(gone.code, 404);
    assert.equal(gone.status['reason'], 'NotFound');
  });

  test('an invalid object is a 422 Invalid Status with causes', async () => {
    const ns = await namespace('cn-invalid');
    const bad = await failure(
      core.createNamespacedConfigMap({ namespace: ns, body: configMap('Bad_Name', {}) }),
    );
    assert.equal(bad.code, 422);
    assert.equal(bad.status['reason'], 'Invalid');
    assert.match(
      String(bad.status['message']),
      /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": /,
    );
    const details = bad.status['details'] as { name: string; kind: string; causes: Record<string, string>[] };
    assert.equal(details.name, 'Bad_Name');
    assert.equal(details.kind, 'ConfigMap');
    assert.equal(details.causes[0]?.['reason'], 'FieldValueInvalid');
    assert.equal(details.causes[0]?.['field'], 'metadata.name');
  });

  test('delete, deleteCollection and the 404 Status', async () => {
    const ns = await namespace('cn-delete');
    for (const n of ['a', 'b', 'c', 'd']) {
      await core.createNamespacedConfigMap({
        namespace: ns,
        body: configMap(n, {}, { group: n === 'd' ? 'keep' : 'drop' }),
      });
    }
    const deleted = await core.deleteNamespacedConfigMap({ name: 'a', namespace: ns });
    assert.equal((deleted as { kind?: string }).kind, 'Status');
    assert.equal((deleted as { status?: string }).status, 'Success');

    const notFound = await failure(core.readNamespacedConfigMap({ name: 'a', namespace: ns }));
    assert.deepEqual(notFound, {
      code: 404,
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'configmaps "a" not found',
        reason: 'NotFound',
        details: { name: 'a', kind: 'configmaps' },
        code: 404,
      },
    });
    const again = await failure(core.deleteNamespacedConfigMap({ name: 'a', namespace: ns }));
    assert.equal(again.code, 404);

    const dep = await failure(apps.readNamespacedDeployment({ name: 'x', namespace: ns }));
    assert.equal(dep.status['message'], 'deployments.apps "x" not found');
    assert.deepEqual(dep.status['details'], { name: 'x', group: 'apps', kind: 'deployments' });

    await core.deleteCollectionNamespacedConfigMap({ namespace: ns, labelSelector: 'group=drop' });
    const left = await core.listNamespacedConfigMap({ namespace: ns });
    assert.deepEqual(ours(left.items.map((c) => c.metadata?.name)), ['d']);
  });

  test('the Watch class sees ADDED, MODIFIED and DELETED while another call writes', {
    timeout: 30_000,
  }, async () => {
    const ns = await namespace('cn-watch');
    const start = await core.listNamespacedConfigMap({ namespace: ns });
    const events: string[] = [];
    let ended: unknown = 'running';
    const w = new Watch(kc);
    const ctl = await w.watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      { resourceVersion: start.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type, obj: V1ConfigMap) => {
        if (type !== 'BOOKMARK') events.push(`${type} ${obj.metadata?.name} ${obj.data?.['k'] ?? ''}`);
      },
      (err) => {
        ended = err;
      },
    );
    try {
      const made = await core.createNamespacedConfigMap({ namespace: ns, body: configMap('w', { k: '1' }) });
      await core.replaceNamespacedConfigMap({
        name: 'w',
        namespace: ns,
        body: { ...made, data: { k: '2' } },
      });
      await core.deleteNamespacedConfigMap({ name: 'w', namespace: ns });
      await eventually('three watch events', () => events.length >= 3);
      assert.deepEqual(events, ['ADDED w 1', 'MODIFIED w 2', 'DELETED w 2']);
      assert.equal(ended, 'running');
    } finally {
      ctl.abort();
    }
  });

  test('the Watch class receives BOOKMARKs when allowed', { timeout: 30_000 }, async () => {
    const ns = await namespace('cn-bookmark');
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('b', { k: '1' }) });
    const types: string[] = [];
    const bookmarks: Record<string, unknown>[] = [];
    let done = false;
    let doneErr: unknown;
    const w = new Watch(kc);
    // The initial-events-end bookmark of a streaming list, then the one sent two seconds before
    // the timeout so that a client can resume from a recent revision.
    const ctl = await w.watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      {
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: true,
        timeoutSeconds: 3,
      },
      (type, obj: Record<string, unknown>) => {
        types.push(type);
        if (type === 'BOOKMARK') bookmarks.push(obj);
      },
      (err) => {
        done = true;
        doneErr = err;
      },
    );
    try {
      await eventually('the initial-events-end bookmark', () => bookmarks.length >= 1);
      // Every object first (b, and the kube-root-ca.crt the controllers publish), then the bookmark.
      const firstBookmark = types.indexOf('BOOKMARK');
      assert.ok(
        firstBookmark >= 1 && types.slice(0, firstBookmark).every((t) => t === 'ADDED'),
        types.join(),
      );
      const first = bookmarks[0] as { kind: string; apiVersion: string; metadata: Record<string, unknown> };
      assert.equal(first.kind, 'ConfigMap');
      assert.equal(first.apiVersion, 'v1');
      assert.deepEqual(first.metadata['annotations'], { 'k8s.io/initial-events-end': 'true' });
      // Move the cache's revision on so that the pre-timeout bookmark has something to report.
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { generateName: 'bm-' } },
      });
      await eventually('the pre-timeout bookmark', () => bookmarks.length >= 2);
      await eventually('the watch to end at its timeout', () => done);
      assert.equal(doneErr, null);
    } finally {
      ctl.abort();
    }
  });

  test('an informer sees adds and deletes', { timeout: 30_000 }, async () => {
    const ns = await namespace('cn-informer');
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('before', {}) });
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const informer = makeInformer(kc, path, () => core.listNamespacedConfigMap({ namespace: ns }));
    const added: string[] = [];
    const removed: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => added.push(o.metadata?.name ?? ''));
    informer.on('delete', (o) => removed.push(o.metadata?.name ?? ''));
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      await eventually('the listed object', () => added.includes('before'));
      await core.createNamespacedConfigMap({ namespace: ns, body: configMap('after', {}) });
      await eventually('the added object', () => added.includes('after'));
      await core.deleteNamespacedConfigMap({ name: 'before', namespace: ns });
      await eventually('the deleted object', () => removed.includes('before'));
      assert.deepEqual(ours(informer.list(ns).map((o) => o.metadata?.name)).sort(), ['after']);
      assert.equal(informer.get('after', ns)?.metadata?.namespace, ns);
      assert.deepEqual(errors, []);
    } finally {
      await informer.stop();
    }
  });
});
