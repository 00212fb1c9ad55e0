import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import {
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isNotFound,
  notFound,
  StatusError,
} from '../../apimachinery/errors/index.js';
import { CONFIG_MAPS, DEPLOYMENTS, NAMESPACES, NODES, PODS, REPLICA_SETS } from '../resources.js';
import type { KubeObject, WatchEvent } from '../types.js';
import { FakeClient } from './fake-client.js';
import { ManualClock } from './manual-clock.js';

function cm(name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap {
  return { metadata: { name, ...(labels === undefined ? {} : { labels }) }, data };
}

function pod(name: string, extra: Partial<Pod> = {}): Pod {
  return { metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, ...extra };
}

function deployment(name: string, replicas: number): Deployment {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    },
  };
}

async function take<T>(it: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  if (n === 0) return out;
  for await (const e of it) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}

function summary(events: WatchEvent<KubeObject>[]): string[] {
  return events.map((e) => `${e.type} ${e.type === 'ERROR' ? e.object.code : e.object.metadata?.name}`);
}

describe('FakeClient create and get', () => {
  it('fills uid, resourceVersion, creationTimestamp, generation and apiVersion/kind', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    const c = new FakeClient({ clock });
    const made = await c.resource(CONFIG_MAPS).create('ns', cm('a', { k: 'v' }));
    assert.equal(made.apiVersion, 'v1');
    assert.equal(made.kind, 'ConfigMap');
    assert.equal(made.metadata?.namespace, 'ns');
    assert.match(made.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(made.metadata?.resourceVersion, '1');
    assert.equal(made.metadata?.creationTimestamp, '2026-01-02T03:04:05Z');
    assert.equal(made.metadata?.generation, 1);
    const got = await c.resource(CONFIG_MAPS).get('ns', 'a');
    assert.deepEqual(got, made);
  });

  it('uses one revision counter across resources', async () => {
    const c = new FakeClient();
    const a = await c.resource(CONFIG_MAPS).create('ns', cm('a'));
    const n = await c.resource(NODES).create('', { metadata: { name: 'n1' } });
    assert.equal(a.metadata?.resourceVersion, '1');
    assert.equal(n.metadata?.resourceVersion, '2');
    assert.equal(n.metadata?.namespace, undefined);
    assert.equal(c.revision, '2');
  });

  it('generates names from generateName', async () => {
    const c = new FakeClient({ random: () => 0 });
    const made = await c.resource(PODS).create('ns', { metadata: { generateName: 'web-' } });
    assert.equal(made.metadata?.name, 'web-bbbbb');
    await assert.rejects(
      c.resource(PODS).create('ns', { metadata: { generateName: 'web-' } }),
      isAlreadyExists,
    );
  });

  it('answers AlreadyExists and NotFound with upstream messages', async () => {
    const c = new FakeClient();
    await c.resource(CONFIG_MAPS).create('ns', cm('a'));
    await assert.rejects(c.resource(CONFIG_MAPS).create('ns', cm('a')), (e: unknown) => {
      assert.ok(e instanceof StatusError && isAlreadyExists(e));
      assert.equal(e.message, 'configmaps "a" already exists');
      return true;
    });
    await assert.rejects(c.resource(REPLICA_SETS).get('ns', 'x'), (e: unknown) => {
      assert.ok(e instanceof StatusError && isNotFound(e));
      assert.equal(e.message, 'replicasets.apps "x" not found');
      return true;
    });
  });

  it('requires a name or generateName', async () => {
    const c = new FakeClient();
    await assert.rejects(c.resource(CONFIG_MAPS).create('ns', { metadata: {} }), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 422);
      assert.match(e.message, /name or generateName is required/);
      return true;
    });
  });

  it('refuses a create that carries a resourceVersion, as the server does', async () => {
    const c = new FakeClient();
    const made = await c.resource(CONFIG_MAPS).create('ns', cm('a'));
    await assert.rejects(c.resource(CONFIG_MAPS).create('other', made), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 500);
      assert.equal(e.message, 'resourceVersion should not be set on objects to be created');
      return true;
    });
  });

  it('returns copies: changing a result does not change the store', async () => {
    const c = new FakeClient();
    const made = await c.resource(CONFIG_MAPS).create('ns', cm('a', { k: 'v' }));
    made.data = { k: 'changed' };
    assert.deepEqual((await c.resource(CONFIG_MAPS).get('ns', 'a')).data, { k: 'v' });
  });
});

describe('FakeClient list', () => {
  it('filters by namespace, labels and fields and pages with limit/continue', async () => {
    const c = new FakeClient();
    const cms = c.resource(CONFIG_MAPS);
    await cms.create('a', cm('x', {}, { app: 'web' }));
    await cms.create('a', cm('y', {}, { app: 'db' }));
    await cms.create('b', cm('z', {}, { app: 'web' }));
    assert.deepEqual(
      (await cms.list('a')).items.map((o) => o.metadata?.name),
      ['x', 'y'],
    );
    assert.deepEqual(
      (await cms.list('', { labelSelector: 'app=web' })).items.map((o) => o.metadata?.name),
      ['x', 'z'],
    );
    assert.deepEqual(
      (await cms.list('', { fieldSelector: 'metadata.namespace=b' })).items.map((o) => o.metadata?.name),
      ['z'],
    );
    const page1 = await cms.list('', { limit: 2 });
    assert.equal(page1.items.length, 2);
    assert.equal(page1.metadata.remainingItemCount, 1);
    assert.equal(page1.metadata.resourceVersion, '3');
    const page2 = await cms.list('', { limit: 2, continue: page1.metadata.continue ?? '' });
    assert.deepEqual(
      page2.items.map((o) => o.metadata?.name),
      ['z'],
    );
    assert.equal(page2.metadata.continue, undefined);
  });

  it('selects pods by spec.nodeName and status.phase', async () => {
    const c = new FakeClient();
    c.seed(PODS, [
      {
        metadata: { name: 'p1', namespace: 'ns' },
        spec: { nodeName: 'n1', containers: [] },
        status: { phase: 'Running' },
      },
      {
        metadata: { name: 'p2', namespace: 'ns' },
        spec: { nodeName: 'n2', containers: [] },
        status: { phase: 'Pending' },
      },
    ]);
    const names = async (fieldSelector: string) =>
      (await c.resource(PODS).list('', { fieldSelector })).items.map((p) => p.metadata?.name);
    assert.deepEqual(await names('spec.nodeName=n1'), ['p1']);
    assert.deepEqual(await names('status.phase!=Running'), ['p2']);
  });

  it('rejects bad selectors with BadRequest', async () => {
    const c = new FakeClient();
    await assert.rejects(c.resource(CONFIG_MAPS).list('', { labelSelector: 'a in (' }), isBadRequest);
    await assert.rejects(c.resource(CONFIG_MAPS).list('', { fieldSelector: 'data.x=1' }), isBadRequest);
  });
});

describe('FakeClient update', () => {
  it('conflicts on a stale resourceVersion and bumps generation only for spec changes', async () => {
    const c = new FakeClient();
    const deps = c.resource(DEPLOYMENTS);
    const d1 = await deps.create('ns', deployment('web', 1));
    const labelled = await deps.update({ ...d1, metadata: { ...d1.metadata, labels: { a: 'b' } } });
    assert.equal(labelled.metadata?.generation, 1);
    assert.notEqual(labelled.metadata?.resourceVersion, d1.metadata?.resourceVersion);
    await assert.rejects(deps.update({ ...d1, spec: { ...d1.spec!, replicas: 3 } }), (e: unknown) => {
      assert.ok(isConflict(e));
      assert.equal(
        (e as Error).message,
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
      );
      return true;
    });
    const scaled = await deps.update({ ...labelled, spec: { ...labelled.spec!, replicas: 3 } });
    assert.equal(scaled.metadata?.generation, 2);
  });

  it('keeps the revision for a write that changes nothing', async () => {
    const c = new FakeClient();
    const made = await c.resource(CONFIG_MAPS).create('ns', cm('a', { k: 'v' }));
    const same = await c.resource(CONFIG_MAPS).update(made);
    assert.equal(same.metadata?.resourceVersion, made.metadata?.resourceVersion);
  });

  it('update keeps status; updateStatus keeps spec', async () => {
    const c = new FakeClient();
    const deps = c.resource(DEPLOYMENTS);
    const d = await deps.create('ns', deployment('web', 1));
    const u1 = await deps.update({ ...d, status: { replicas: 5 } });
    assert.equal(u1.status, undefined);
    const u2 = await deps.updateStatus({
      ...u1,
      spec: { ...u1.spec!, replicas: 9 },
      status: { replicas: 5 },
    });
    assert.equal(u2.spec?.replicas, 1);
    assert.equal(u2.status?.replicas, 5);
    assert.equal(u2.metadata?.generation, 1);
  });

  it('answers NotFound for a missing object', async () => {
    const c = new FakeClient();
    await assert.rejects(
      c.resource(CONFIG_MAPS).update({ metadata: { name: 'x', namespace: 'ns' } }),
      isNotFound,
    );
  });
});

describe('FakeClient patch', () => {
  it('applies merge, strategic, json and apply patches', async () => {
    const c = new FakeClient();
    const pods = c.resource(PODS);
    await pods.create('ns', pod('p', { metadata: { name: 'p', labels: { a: '1' } } }));
    let p = await pods.patch('ns', 'p', 'merge', { metadata: { labels: { b: '2' } } });
    assert.deepEqual(p.metadata?.labels, { a: '1', b: '2' });
    // Strategic merge merges containers by name instead of replacing the list.
    p = await pods.patch('ns', 'p', 'strategic', {
      spec: { containers: [{ name: 'side', image: 'busybox' }] },
    });
    assert.deepEqual(
      p.spec?.containers.map((x) => x.name),
      ['side', 'c'],
    );
    p = await pods.patch('ns', 'p', 'json', [{ op: 'remove', path: '/metadata/labels/a' }]);
    assert.deepEqual(p.metadata?.labels, { b: '2' });
    await assert.rejects(pods.patch('ns', 'p', 'json', [{ op: 'test', path: '/metadata/name', value: 'q' }]));
    const applied = await c
      .resource(CONFIG_MAPS)
      .patch('ns', 'made', 'apply', { apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v' } });
    assert.equal(applied.metadata?.name, 'made');
    assert.deepEqual(applied.data, { k: 'v' });
  });

  it('patches status and scale subresources', async () => {
    const c = new FakeClient();
    const deps = c.resource(DEPLOYMENTS);
    await deps.create('ns', deployment('web', 1));
    const d = await deps.patch('ns', 'web', 'merge', { status: { replicas: 2 } }, { subresource: 'status' });
    assert.equal(d.status?.replicas, 2);
    const scale = await deps.patch('ns', 'web', 'merge', { spec: { replicas: 4 } }, { subresource: 'scale' });
    assert.deepEqual((scale as unknown as { spec: unknown }).spec, { replicas: 4 });
    assert.equal((await deps.get('ns', 'web')).spec?.replicas, 4);
  });

  it('conflicts when the patch carries a stale resourceVersion', async () => {
    const c = new FakeClient();
    await c.resource(CONFIG_MAPS).create('ns', cm('a'));
    await assert.rejects(
      c.resource(CONFIG_MAPS).patch('ns', 'a', 'merge', { metadata: { resourceVersion: '999' }, data: {} }),
      isConflict,
    );
  });
});

describe('FakeClient delete', () => {
  it('removes objects without finalizers', async () => {
    const c = new FakeClient();
    await c.resource(CONFIG_MAPS).create('ns', cm('a'));
    await c.resource(CONFIG_MAPS).delete('ns', 'a');
    await assert.rejects(c.resource(CONFIG_MAPS).get('ns', 'a'), isNotFound);
    await assert.rejects(c.resource(CONFIG_MAPS).delete('ns', 'a'), isNotFound);
  });

  it('marks objects with finalizers and removes them when the last finalizer goes', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const c = new FakeClient({ clock });
    const cms = c.resource(CONFIG_MAPS);
    await cms.create('ns', { metadata: { name: 'a', finalizers: ['x/y'] } });
    await cms.delete('ns', 'a');
    const marked = await cms.get('ns', 'a');
    assert.equal(marked.metadata?.deletionTimestamp, '2026-06-01T00:00:00Z');
    assert.equal(marked.metadata?.deletionGracePeriodSeconds, 0);
    assert.equal(marked.metadata?.generation, 2);
    await cms.update({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    await assert.rejects(cms.get('ns', 'a'), isNotFound);
  });

  it('runs the namespace lifecycle: Terminating, finalize, gone', async () => {
    const c = new FakeClient();
    const nss = c.resource(NAMESPACES);
    const ns = await nss.create('', { metadata: { name: 'team' } });
    assert.deepEqual(ns.spec?.finalizers, ['kubernetes']);
    assert.equal(ns.status?.phase, 'Active');
    await nss.delete('', 'team');
    const terminating = await nss.get('', 'team');
    assert.equal(terminating.status?.phase, 'Terminating');
    assert.ok(terminating.metadata?.deletionTimestamp);
    await nss.delete('', 'team');
    assert.equal(
      (await nss.get('', 'team')).metadata?.resourceVersion,
      terminating.metadata?.resourceVersion,
    );
    await nss.updateSubresource('', 'team', 'finalize', { ...terminating, spec: { finalizers: [] } });
    await assert.rejects(nss.get('', 'team'), isNotFound);
  });

  it('adds the foregroundDeletion and orphan finalizers', async () => {
    const c = new FakeClient();
    const rs = c.resource(REPLICA_SETS);
    await rs.create('ns', { metadata: { name: 'f' } });
    await rs.create('ns', { metadata: { name: 'o' } });
    await rs.delete('ns', 'f', { propagationPolicy: 'Foreground' });
    await rs.delete('ns', 'o', { propagationPolicy: 'Orphan' });
    assert.deepEqual((await rs.get('ns', 'f')).metadata?.finalizers, ['foregroundDeletion']);
    assert.deepEqual((await rs.get('ns', 'o')).metadata?.finalizers, ['orphan']);
  });

  it('checks uid and resourceVersion preconditions', async () => {
    const c = new FakeClient();
    await c.resource(CONFIG_MAPS).create('ns', cm('a'));
    await assert.rejects(
      c.resource(CONFIG_MAPS).delete('ns', 'a', { preconditions: { uid: 'other' } }),
      (e) => {
        assert.ok(isConflict(e));
        assert.match((e as Error).message, /Precondition failed: UID in precondition: other/);
        return true;
      },
    );
  });

  it('deleteCollection deletes the selected objects', async () => {
    const c = new FakeClient();
    const cms = c.resource(CONFIG_MAPS);
    await cms.create('ns', cm('a', {}, { x: '1' }));
    await cms.create('ns', cm('b', {}, { x: '2' }));
    await cms.deleteCollection('ns', { labelSelector: 'x=1' });
    assert.deepEqual(
      c.objects(CONFIG_MAPS).map((o) => o.metadata?.name),
      ['b'],
    );
  });
});

describe('FakeClient subresources', () => {
  it('reads and writes scale', async () => {
    const c = new FakeClient();
    const deps = c.resource(DEPLOYMENTS);
    await deps.create('ns', deployment('web', 2));
    const scale = await deps.getSubresource<{ spec: { replicas: number }; status: { selector: string } }>(
      'ns',
      'web',
      'scale',
    );
    assert.deepEqual(scale.spec, { replicas: 2 });
    assert.equal(scale.status.selector, 'app=web');
    await deps.updateSubresource('ns', 'web', 'scale', { ...scale, spec: { replicas: 5 } });
    const d = await deps.get('ns', 'web');
    assert.equal(d.spec?.replicas, 5);
    assert.equal(d.metadata?.generation, 2);
    await assert.rejects(
      deps.updateSubresource('ns', 'web', 'scale', { ...scale, spec: { replicas: 1 } }),
      isConflict,
    );
  });

  it('binds and evicts pods', async () => {
    const c = new FakeClient();
    const pods = c.resource(PODS);
    await pods.create('ns', pod('p'));
    await pods.createSubresource('ns', 'p', 'binding', {
      metadata: { name: 'p' },
      target: { kind: 'Node', name: 'n1' },
    });
    const bound = await pods.get('ns', 'p');
    assert.equal(bound.spec?.nodeName, 'n1');
    assert.equal(bound.status?.conditions?.[0]?.type, 'PodScheduled');
    await assert.rejects(
      pods.createSubresource('ns', 'p', 'binding', { target: { name: 'n2' } }),
      (e: unknown) => isConflict(e) && /already assigned to node "n1"/.test((e as Error).message),
    );
    const status = await pods.createSubresource<{ status: string }>('ns', 'p', 'eviction', {
      metadata: { name: 'p' },
    });
    assert.equal(status.status, 'Success');
    await assert.rejects(pods.get('ns', 'p'), isNotFound);
  });

  it('answers 404 for an unknown subresource', async () => {
    const c = new FakeClient();
    await c.resource(CONFIG_MAPS).create('ns', cm('a'));
    await assert.rejects(c.resource(CONFIG_MAPS).getSubresource('ns', 'a', 'scale'), isNotFound);
  });
});

describe('FakeClient watch', () => {
  it('starts with the current objects, then follows changes in order', async () => {
    const c = new FakeClient();
    const cms = c.resource(CONFIG_MAPS);
    await cms.create('ns', cm('a'));
    const ac = new AbortController();
    const w = cms.watch('ns', {}, ac.signal);
    const b = await cms.create('ns', cm('b'));
    await cms.update({ ...b, data: { k: 'v' } });
    await cms.delete('ns', 'a');
    await cms.create('other', cm('c'));
    const events = await take(w, 4);
    assert.deepEqual(summary(events), ['ADDED a', 'ADDED b', 'MODIFIED b', 'DELETED a']);
    ac.abort();
    assert.equal(c.openWatches, 0);
  });

  it('replays from a resourceVersion and applies selectors as transitions', async () => {
    const c = new FakeClient();
    const cms = c.resource(CONFIG_MAPS);
    const a = await cms.create('ns', cm('a', {}, { app: 'web' }));
    const rv = a.metadata?.resourceVersion ?? '';
    const a2 = await cms.update({ ...a, metadata: { ...a.metadata, labels: { app: 'db' } } });
    await cms.update({ ...a2, metadata: { ...a2.metadata, labels: { app: 'web' } } });
    const ac = new AbortController();
    const events = await take(cms.watch('', { resourceVersion: rv, labelSelector: 'app=web' }, ac.signal), 2);
    ac.abort();
    assert.deepEqual(summary(events), ['DELETED a', 'ADDED a']);
  });

  it('ends when the signal aborts', async () => {
    const c = new FakeClient();
    const ac = new AbortController();
    const w = c.resource(CONFIG_MAPS).watch('', {}, ac.signal);
    const done = take(w, 10);
    ac.abort();
    assert.deepEqual(await done, []);
  });

  it('sends 410 Expired for a compacted revision', async () => {
    const c = new FakeClient();
    await c.resource(CONFIG_MAPS).create('ns', cm('a'));
    await c.resource(CONFIG_MAPS).create('ns', cm('b'));
    c.compact();
    const events = await take(
      c.resource(CONFIG_MAPS).watch('', { resourceVersion: '1' }, new AbortController().signal),
      5,
    );
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.equal(e.type, 'ERROR');
    assert.equal(e.type === 'ERROR' && e.object.reason, 'Expired');
    assert.equal(e.type === 'ERROR' && e.object.code, 410);
  });
});

describe('FakeClient actions and reactors', () => {
  it('logs every call', async () => {
    const c = new FakeClient();
    const pods = c.resource(PODS);
    await pods.create('ns', pod('p'));
    await pods.patch('ns', 'p', 'merge', { metadata: { labels: { a: 'b' } } });
    const p = await pods.get('ns', 'p');
    await pods.updateStatus({ ...p, status: { phase: 'Running' } });
    await pods.list('ns');
    const got = c.actions().map((a) => [a.verb, a.resource, a.namespace, a.name, a.subresource]);
    assert.deepEqual(got, [
      ['create', 'pods', 'ns', 'p', ''],
      ['patch', 'pods', 'ns', 'p', ''],
      ['get', 'pods', 'ns', 'p', ''],
      ['update', 'pods', 'ns', 'p', 'status'],
      ['list', 'pods', 'ns', '', ''],
    ]);
    assert.deepEqual(c.actions()[1]?.patch, { metadata: { labels: { a: 'b' } } });
    c.clearActions();
    assert.deepEqual(c.actions(), []);
  });

  it('lets reactors fail or answer calls, newest first', async () => {
    const c = new FakeClient();
    const pods = c.resource(PODS);
    await pods.create('ns', pod('p'));
    c.prependReactor('get', 'pods', () => ({ metadata: { name: 'fake' } }));
    c.prependReactor('get', 'pods', (a) => {
      if (a.name === 'boom') throw notFound({ group: '', resource: 'pods' }, 'boom');
      return undefined;
    });
    assert.equal((await pods.get('ns', 'p')).metadata?.name, 'fake');
    await assert.rejects(pods.get('ns', 'boom'), isNotFound);
    c.prependReactor('update', 'pods/status', () => {
      throw new Error('injected');
    });
    const p = await c.resource(PODS).list('ns');
    await assert.rejects(pods.updateStatus(p.items[0]!), /injected/);
    const failingWatch = c.resource(CONFIG_MAPS);
    c.prependReactor('watch', '*', () => {
      throw new Error('no watch');
    });
    await assert.rejects(take(failingWatch.watch('', {}, new AbortController().signal), 1), /no watch/);
  });
});

describe('FakeClient discover', () => {
  it('reports the resources used and given', async () => {
    const c = new FakeClient({ resources: [NODES] });
    c.resource(DEPLOYMENTS);
    const gvs = await c.discover();
    const apps = gvs.find((g) => g.group === 'apps');
    assert.ok(apps?.preferred);
    assert.ok(apps.resources.some((r) => r.name === 'deployments' && r.namespaced));
    assert.ok(apps.resources.some((r) => r.name === 'deployments/scale'));
    const core = gvs.find((g) => g.group === '');
    assert.ok(core?.resources.some((r) => r.name === 'nodes' && !r.namespaced));
  });
});
