import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conflict, internalError } from '../../apimachinery/errors/index.js';
import { GroupDiscoveryFailedError, type JsonObject } from './client.js';
import type { NamespaceCondition } from './conditions.js';
import { NamespacedResourcesDeleter, ResourcesRemainingError } from './deleter.js';
import { FakeCluster } from './testing.js';

const CM = { group: '', version: 'v1', resource: 'configmaps' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const DEPLOY = { group: 'apps', version: 'v1', resource: 'deployments' };
// Deleted at 2026-01-01T00:00:00Z; the deleter runs 10 s later unless told otherwise.
const NOW = () => new Date(Date.UTC(2026, 0, 1, 0, 0, 10));

function obj(name: string, extra: JsonObject = {}): JsonObject {
  return { metadata: { name, ...extra } };
}

function conditions(c: FakeCluster, ns: string): Map<string, NamespaceCondition> {
  const st = c.namespaces.get(ns)?.['status'] as { conditions?: NamespaceCondition[] } | undefined;
  return new Map((st?.conditions ?? []).map((x) => [x.type, x]));
}

describe('NamespacedResourcesDeleter', () => {
  it('does nothing for a namespace that is gone or not being deleted', async () => {
    const c = new FakeCluster([CM]);
    c.addNamespace('live', false);
    c.addObject(CM, 'live', obj('a'));
    const d = new NamespacedResourcesDeleter(c, NOW);
    await d.delete('live');
    await d.delete('missing');
    assert.deepEqual(c.calls, ['getNamespace live', 'getNamespace missing']);
    assert.equal(c.objectsIn(CM, 'live').length, 1);
  });

  it('marks Terminating, deletes all content, writes the conditions, then finalizes', async () => {
    const c = new FakeCluster([CM, DEPLOY]);
    c.addNamespace('x', true);
    c.addObject(CM, 'x', obj('a'));
    c.addObject(CM, 'x', obj('b'));
    c.addObject(DEPLOY, 'x', obj('web'));
    c.addObject(CM, 'other', obj('kept'));
    await new NamespacedResourcesDeleter(c, NOW).delete('x');
    assert.deepEqual(c.calls, [
      'getNamespace x',
      'updateNamespaceStatus x',
      'discover',
      'deleteCollection /v1/configmaps',
      'list /v1/configmaps',
      'deleteCollection apps/v1/deployments',
      'list apps/v1/deployments',
      'updateNamespaceStatus x',
      // As upstream, finalize is sent with the namespace read before the conditions were
      // written: it conflicts once and is retried from a fresh read.
      'finalizeNamespace x',
      'getNamespace x',
      'finalizeNamespace x',
    ]);
    assert.equal(c.namespaces.has('x'), false, 'the last finalizer gone, the namespace is removed');
    assert.equal(c.objectsIn(CM, 'x').length, 0);
    assert.equal(c.objectsIn(DEPLOY, 'x').length, 0);
    assert.equal(c.objectsIn(CM, 'other').length, 1);
  });

  it('writes the "all good" conditions and keeps other spec finalizers, sorted', async () => {
    const c = new FakeCluster([CM]);
    c.addNamespace('x', true, ['z.example/f', 'a.example/f', 'z.example/f']);
    await new NamespacedResourcesDeleter(c, NOW).delete('x');
    const ns = c.namespaces.get('x')!;
    assert.deepEqual((ns['spec'] as JsonObject)['finalizers'], ['a.example/f', 'z.example/f']);
    assert.equal((ns['status'] as JsonObject)['phase'], 'Terminating');
    const got = [...conditions(c, 'x').values()].map((x) => [x.type, x.status, x.reason, x.message]);
    assert.deepEqual(got, [
      [
        'NamespaceDeletionDiscoveryFailure',
        'False',
        'ResourcesDiscovered',
        'All resources successfully discovered',
      ],
      [
        'NamespaceDeletionGroupVersionParsingFailure',
        'False',
        'ParsedGroupVersions',
        'All legacy kube types successfully parsed',
      ],
      [
        'NamespaceDeletionContentFailure',
        'False',
        'ContentDeleted',
        'All content successfully deleted, may be waiting on finalization',
      ],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'],
      [
        'NamespaceFinalizersRemaining',
        'False',
        'ContentHasNoFinalizers',
        'All content-preserving finalizers finished',
      ],
    ]);
    for (const x of conditions(c, 'x').values()) assert.equal(x.lastTransitionTime, '2026-01-01T00:00:10Z');
  });

  it('waits for objects with finalizers: estimate 15 s and the remaining conditions', async () => {
    const c = new FakeCluster([CM, PODS]);
    c.addNamespace('x', true);
    c.addObject(CM, 'x', obj('pinned', { finalizers: ['example.com/f'] }));
    c.addObject(CM, 'x', obj('gone'));
    const d = new NamespacedResourcesDeleter(c, NOW);
    await assert.rejects(
      d.delete('x'),
      (e: unknown) => e instanceof ResourcesRemainingError && e.estimate === 15,
    );
    assert.equal(c.calls.includes('finalizeNamespace x'), false);
    const got = conditions(c, 'x');
    assert.equal(got.get('NamespaceContentRemaining')?.status, 'True');
    assert.equal(got.get('NamespaceContentRemaining')?.reason, 'SomeResourcesRemain');
    assert.equal(
      got.get('NamespaceContentRemaining')?.message,
      'Some resources are remaining: configmaps. has 1 resource instances',
    );
    assert.equal(got.get('NamespaceFinalizersRemaining')?.reason, 'SomeFinalizersRemain');
    assert.equal(
      got.get('NamespaceFinalizersRemaining')?.message,
      'Some content in the namespace has finalizers remaining: example.com/f in 1 resource instances',
    );
    // The finalizer released, the next pass finishes and flips the conditions back.
    (c.objectsIn(CM, 'x')[0]!['metadata'] as JsonObject)['finalizers'] = [];
    await d.delete('x');
    assert.equal(c.namespaces.has('x'), false);
  });

  it('uses the pods grace estimate while the deletion is younger than it', async () => {
    const c = new FakeCluster([PODS]);
    c.addNamespace('x', true);
    c.addObject(PODS, 'x', { ...obj('running'), spec: { terminationGracePeriodSeconds: 30 }, keep: true });
    c.addObject(PODS, 'x', {
      ...obj('done'),
      spec: { terminationGracePeriodSeconds: 600 },
      status: { phase: 'Succeeded' },
    });
    await assert.rejects(
      new NamespacedResourcesDeleter(c, NOW).delete('x'),
      (e: unknown) => e instanceof ResourcesRemainingError && e.estimate === 30,
    );
    assert.equal(
      conditions(c, 'x').get('NamespaceContentRemaining')?.message,
      'Some resources are remaining: pods. has 1 resource instances',
    );
    // Past the grace period, a pod still there is unexpected: a content failure.
    const later = () => new Date(Date.UTC(2026, 0, 1, 0, 1, 0));
    await assert.rejects(
      new NamespacedResourcesDeleter(c, later).delete('x'),
      /unexpected items still remain in namespace: x for gvr: \/v1, Resource=pods/,
    );
    const failed = conditions(c, 'x').get('NamespaceDeletionContentFailure');
    assert.equal(failed?.status, 'True');
    assert.equal(failed?.reason, 'ContentDeletionFailed');
    assert.equal(
      failed?.message,
      'Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: x for gvr: /v1, Resource=pods',
    );
  });

  it('pods without a grace period left (unscheduled ones are deleted at once) do not hold the namespace', async () => {
    const c = new FakeCluster([PODS]);
    c.addNamespace('x', true);
    c.addObject(PODS, 'x', { ...obj('pending'), spec: { terminationGracePeriodSeconds: 30 } });
    await new NamespacedResourcesDeleter(c, NOW).delete('x');
    assert.equal(c.namespaces.has('x'), false);
  });

  it('deletes one by one where deletecollection is not served, and skips unlistable resources', async () => {
    const noCollection = { ...CM, verbs: ['delete', 'list'] };
    const deleteOnly = { group: '', version: 'v1', resource: 'things', verbs: ['delete'] };
    const createOnly = { group: '', version: 'v1', resource: 'bindings', verbs: ['create'] };
    const c = new FakeCluster([noCollection, deleteOnly, createOnly]);
    c.addNamespace('x', true);
    c.addObject(CM, 'x', obj('a'));
    c.addObject(CM, 'x', obj('b'));
    await new NamespacedResourcesDeleter(c, NOW).delete('x');
    assert.deepEqual(
      c.calls.filter((x) => !x.includes('Namespace') && x !== 'discover'),
      ['list /v1/configmaps', 'delete /v1/configmaps a', 'delete /v1/configmaps b', 'list /v1/configmaps'],
    );
    assert.equal(c.namespaces.has('x'), false);
  });

  it('carries on past a failing resource, reports it, and does not finalize', async () => {
    const c = new FakeCluster([CM, DEPLOY]);
    c.addNamespace('x', true);
    c.addObject(DEPLOY, 'x', obj('web'));
    c.failures.set('deleteCollection /v1/configmaps', internalError('etcd is sad'));
    await assert.rejects(new NamespacedResourcesDeleter(c, NOW).delete('x'), /etcd is sad/);
    assert.equal(c.objectsIn(DEPLOY, 'x').length, 0, 'later resources are still cleaned');
    assert.equal(c.calls.includes('finalizeNamespace x'), false);
    assert.equal(
      conditions(c, 'x').get('NamespaceDeletionContentFailure')?.message,
      'Failed to delete all resource types, 1 remaining: Internal error occurred: etcd is sad',
    );
  });

  it('reports partial discovery and unparsable group-versions, and still deletes what it found', async () => {
    const c = new FakeCluster([CM]);
    c.addNamespace('x', true);
    c.addObject(CM, 'x', obj('a'));
    c.discovery = {
      lists: [
        ...c.discovery.lists,
        { groupVersion: 'a/b/c', resources: [{ name: 'odd', namespaced: true, verbs: ['delete'] }] },
      ],
      error: new GroupDiscoveryFailedError(
        new Map([['metrics.k8s.io/v1beta1', new Error('service unavailable')]]),
      ),
    };
    await assert.rejects(new NamespacedResourcesDeleter(c, NOW).delete('x'));
    assert.equal(c.objectsIn(CM, 'x').length, 0);
    const got = conditions(c, 'x');
    assert.deepEqual(
      [
        got.get('NamespaceDeletionDiscoveryFailure')?.reason,
        got.get('NamespaceDeletionDiscoveryFailure')?.message,
      ],
      [
        'DiscoveryFailed',
        'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: service unavailable',
      ],
    );
    assert.deepEqual(
      [
        got.get('NamespaceDeletionGroupVersionParsingFailure')?.reason,
        got.get('NamespaceDeletionGroupVersionParsingFailure')?.message,
      ],
      ['GroupVersionParsingFailed', 'unexpected GroupVersion string: a/b/c'],
    );
    assert.equal(c.namespaces.has('x'), true);
  });

  it('retries the Terminating status write on conflicts', async () => {
    const c = new FakeCluster([CM]);
    c.addNamespace('x', true);
    c.statusConflicts = 2;
    await new NamespacedResourcesDeleter(c, NOW).delete('x');
    assert.equal(c.calls.filter((x) => x === 'updateNamespaceStatus x').length, 4);
    assert.equal(c.namespaces.has('x'), false);
  });

  it('gives up on endless conflicts with the conflict', async () => {
    const c = new FakeCluster([CM]);
    c.addNamespace('x', true);
    c.statusConflicts = 1000;
    await assert.rejects(new NamespacedResourcesDeleter(c, NOW).delete('x'), (e: unknown) =>
      String(e).includes('the object has been modified'),
    );
  });

  it('a namespace whose spec finalizers are all released is left alone', async () => {
    const c = new FakeCluster([CM]);
    c.addNamespace('x', true);
    (c.namespaces.get('x')!['spec'] as JsonObject)['finalizers'] = [];
    c.addObject(CM, 'x', obj('a'));
    await new NamespacedResourcesDeleter(c, NOW).delete('x');
    assert.equal(c.objectsIn(CM, 'x').length, 1);
    assert.equal(c.calls.includes('discover'), false);
  });

  it('an aborted pass stops between resources', async () => {
    const c = new FakeCluster([CM, DEPLOY]);
    c.addNamespace('x', true);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(new NamespacedResourcesDeleter(c, NOW).delete('x', ac.signal));
    assert.equal(
      c.calls.some((x) => x.startsWith('deleteCollection')),
      false,
    );
  });

  it('conflict errors of finalize are retried from a fresh read', async () => {
    const c = new FakeCluster([CM]);
    c.addNamespace('x', true);
    let first = true;
    const finalize = c.finalizeNamespace.bind(c);
    c.finalizeNamespace = async (ns) => {
      if (first) {
        first = false;
        throw conflict({ group: '', resource: 'namespaces' }, 'x', 'the object has been modified');
      }
      return finalize(ns);
    };
    await new NamespacedResourcesDeleter(c, NOW).delete('x');
    assert.equal(c.namespaces.has('x'), false);
  });
});
