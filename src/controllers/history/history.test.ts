import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import { isAlreadyExists } from '../../apimachinery/errors/index.js';
import { selectorFromSet } from '../../apimachinery/labels/index.js';
import { InformerFactory } from '../../client/informers/factory.js';
import { CONTROLLER_REVISIONS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  ControllerHistory,
  controllerRevisionName,
  equalRevision,
  goJSON,
  hashControllerRevision,
  newControllerRevision,
  nextRevision,
  sortControllerRevisions,
  templateOfRevision,
  templatePatch,
} from './index.js';

const GVK = { group: 'apps', version: 'v1', kind: 'StatefulSet' };
const owner = { metadata: { name: 'web', namespace: 'ns', uid: 'uid-web' } };
const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx', args: ['a<b&c'] }] },
};

describe('goJSON', () => {
  test('sorts keys at every depth and escapes as Go does', () => {
    assert.equal(
      goJSON({ b: 1, a: { z: '<&>', y: [{ d: null, c: true }] } }),
      '{"a":{"y":[{"c":true,"d":null}],"z":"\\u003c\\u0026\\u003e"},"b":1}',
    );
  });
  test('drops undefined members, keeps nulls in arrays', () => {
    assert.equal(goJSON({ a: undefined, b: [undefined, 1] }), '{"b":[null,1]}');
  });
  test('line and paragraph separators are escaped', () => {
    assert.equal(goJSON('\u2028\u2029'), '"\\u2028\\u2029"');
  });
});

describe('revision values', () => {
  // Expected values: Go's fnv.New32 over the same bytes, then rand.SafeEncodeString.
  test('hash is FNV-1 over the Go JSON of the data', () => {
    assert.equal(hashControllerRevision(templatePatch({ spec: { template } })), '748ff5cb6d');
  });
  test('the collision count is hashed as decimal text', () => {
    assert.equal(hashControllerRevision(templatePatch({ spec: { template } }), 1), '7f546c7fdf');
  });
  test('reproduces the name kube-controller-manager 1.34 gave a StatefulSet revision', () => {
    // Data as a 1.34 API server stored it for a set `test` (containers carry `resources: {}`).
    const data = {
      spec: {
        template: {
          $patch: 'replace',
          metadata: { annotations: { test: 'value' }, labels: { app: 'foo' } },
          spec: {
            containers: [
              {
                image: 'test',
                imagePullPolicy: 'Always',
                name: 'test',
                resources: {},
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
              },
            ],
            dnsPolicy: 'ClusterFirst',
            restartPolicy: 'Always',
            schedulerName: 'default-scheduler',
            securityContext: {},
            terminationGracePeriodSeconds: 30,
          },
        },
      },
    };
    assert.equal(controllerRevisionName('test', hashControllerRevision(data, 0)), 'test-776999688b');
  });
  test('template patch round-trips', () => {
    const data = templatePatch({ spec: { template } });
    assert.equal(data.spec.template.$patch, 'replace');
    const cr = newControllerRevision(owner, GVK, template.metadata.labels, data, 3, 0);
    assert.deepEqual(templateOfRevision(cr), template);
  });
  test('new revision: name, labels, owner', () => {
    const data = templatePatch({ spec: { template } });
    const cr = newControllerRevision(owner, GVK, { app: 'web' }, data, 1, 0);
    const hash = hashControllerRevision(data, 0);
    assert.equal(cr.metadata?.name, `web-${hash}`);
    assert.deepEqual(cr.metadata?.labels, { app: 'web', [CONTROLLER_REVISION_HASH_LABEL]: hash });
    assert.deepEqual(cr.metadata?.ownerReferences, [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'web',
        uid: 'uid-web',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.equal(cr.revision, 1);
  });
  test('long names are cut to 223 characters before the hash', () => {
    assert.equal(controllerRevisionName('x'.repeat(300), 'abc'), `${'x'.repeat(223)}-abc`);
  });
  test('equality looks at data only', () => {
    const a = newControllerRevision(owner, GVK, {}, { x: 1 }, 1, 0);
    const b = newControllerRevision(owner, GVK, { other: 'label' }, { x: 1 }, 7, 5);
    const c = newControllerRevision(owner, GVK, {}, { x: 2 }, 1, 0);
    assert.equal(equalRevision(a, b), true);
    assert.equal(equalRevision(a, c), false);
    assert.equal(equalRevision(undefined, undefined), true);
    assert.equal(equalRevision(a, undefined), false);
  });
  test('sort by revision, then creation, then name; next revision', () => {
    const r = (name: string, revision: number, ts: string): ControllerRevision => ({
      metadata: { name, creationTimestamp: ts },
      revision,
    });
    const sorted = sortControllerRevisions([
      r('c', 2, '2026-01-01T00:00:00Z'),
      r('b', 1, '2026-01-02T00:00:00Z'),
      r('a', 1, '2026-01-02T00:00:00Z'),
      r('d', 1, '2026-01-01T00:00:00Z'),
    ]);
    assert.deepEqual(
      sorted.map((x) => x.metadata?.name),
      ['d', 'a', 'b', 'c'],
    );
    assert.equal(nextRevision(sorted), 3);
    assert.equal(nextRevision([]), 1);
  });
});

describe('ControllerHistory', () => {
  function setup() {
    const client = new FakeClient();
    const informers = new InformerFactory(client);
    const lister = informers.informerFor(CONTROLLER_REVISIONS).lister;
    return { client, informers, history: new ControllerHistory(client, lister) };
  }

  test('create uses the hash name; the same data again returns the existing revision', async () => {
    const { client, history } = setup();
    const data = templatePatch({ spec: { template } });
    const rev = newControllerRevision(owner, GVK, {}, data, 1, 0);
    const count = { value: 0 };
    const created = await history.createControllerRevision(owner, rev, count);
    assert.equal(created.metadata?.name, `web-${hashControllerRevision(data, 0)}`);
    const again = await history.createControllerRevision(owner, rev, count);
    assert.equal(again.metadata?.uid, created.metadata?.uid);
    assert.equal(count.value, 0);
    assert.equal(client.objects(CONTROLLER_REVISIONS, 'ns').length, 1);
  });

  test('a name taken by other data bumps the collision count', async () => {
    const { client, history } = setup();
    const data = templatePatch({ spec: { template } });
    const squatter = newControllerRevision(owner, GVK, {}, { other: true }, 1, 0);
    squatter.metadata!.name = `web-${hashControllerRevision(data, 0)}`;
    await client.resource(CONTROLLER_REVISIONS).create('ns', squatter);
    const count = { value: 0 };
    const created = await history.createControllerRevision(
      owner,
      newControllerRevision(owner, GVK, {}, data, 1, 0),
      count,
    );
    assert.equal(count.value, 1);
    assert.equal(created.metadata?.name, `web-${hashControllerRevision(data, 1)}`);
  });

  test('other errors are passed on', async () => {
    const { client, history } = setup();
    client.prependReactor('create', 'controllerrevisions', () => {
      throw new Error('boom');
    });
    await assert.rejects(
      history.createControllerRevision(owner, newControllerRevision(owner, GVK, {}, { a: 1 }, 1, 0), {
        value: 0,
      }),
      (e: unknown) => !isAlreadyExists(e) && e instanceof Error && e.message === 'boom',
    );
  });

  test('list keeps owned and orphaned revisions matching the selector', () => {
    const { informers, history } = setup();
    const indexer = informers.informerFor(CONTROLLER_REVISIONS).indexer;
    const mine = newControllerRevision(owner, GVK, { app: 'web' }, { a: 1 }, 1, 0);
    const orphan: ControllerRevision = {
      metadata: { name: 'o', namespace: 'ns', labels: { app: 'web' } },
      revision: 1,
    };
    const theirs = newControllerRevision(
      { metadata: { name: 'other', namespace: 'ns', uid: 'uid-other' } },
      GVK,
      { app: 'web' },
      { a: 1 },
      1,
      0,
    );
    const unmatched = newControllerRevision(owner, GVK, { app: 'db' }, { a: 2 }, 1, 0);
    for (const r of [mine, orphan, theirs, unmatched]) indexer.add(r);
    const names = history
      .listControllerRevisions(owner, selectorFromSet({ app: 'web' }))
      .map((r) => r.metadata?.name)
      .sort();
    assert.deepEqual(names, [mine.metadata?.name, 'o'].sort());
  });

  test('update renumbers; adopt patches the owner reference in', async () => {
    const { client, history } = setup();
    const api = client.resource(CONTROLLER_REVISIONS);
    const orphan = await api.create('ns', { metadata: { name: 'o', labels: { app: 'web' } }, revision: 1 });
    const renumbered = await history.updateControllerRevision(orphan, 4);
    assert.equal(renumbered.revision, 4);
    const adopted = await history.adoptControllerRevision(owner, GVK, renumbered);
    assert.equal(adopted.metadata?.ownerReferences?.[0]?.uid, 'uid-web');
    assert.equal(adopted.metadata?.ownerReferences?.[0]?.controller, true);
    await assert.rejects(
      history.adoptControllerRevision(owner, GVK, adopted),
      /attempt to adopt revision owned by/,
    );
    await history.deleteControllerRevision(adopted);
    assert.equal(client.objects(CONTROLLER_REVISIONS).length, 0);
  });
});
