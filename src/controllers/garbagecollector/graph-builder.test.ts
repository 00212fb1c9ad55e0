import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { type GraphEvent, GraphBuilder } from './graph-builder.js';
import type { ObjectMetadata } from './identity.js';

function meta(
  name: string,
  uid: string,
  namespace: string,
  extra: Partial<ObjectMetadata> = {},
): ObjectMetadata {
  return {
    uid,
    name,
    namespace,
    resourceVersion: '1',
    ownerReferences: [],
    finalizers: [],
    deletionTimestamp: undefined,
    ...extra,
  };
}

const RS_REF = (uid: string, name = 'rs', block = true): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name,
  uid,
  blockOwnerDeletion: block,
});

function builder() {
  const log: string[] = [];
  const g = new GraphBuilder({
    attemptToDelete: (n, rl) => log.push(`delete ${n.identity.name}${rl === true ? ' (rate limited)' : ''}`),
    attemptToOrphan: (n) => log.push(`orphan ${n.identity.name}`),
    reportInvalidNamespaceOwnerRef: (n, ref) =>
      log.push(`invalid ${n.identity.namespace}/${n.identity.name} -> ${ref.uid}`),
  });
  return { g, log };
}

const rsEvent = (type: 'add' | 'update', obj: ObjectMetadata, old?: ObjectMetadata): GraphEvent => ({
  type,
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  obj,
  ...(old === undefined ? {} : { old }),
});
const podEvent = (type: 'add' | 'update' | 'delete', obj: ObjectMetadata): GraphEvent => ({
  type,
  apiVersion: 'v1',
  kind: 'Pod',
  obj,
});

describe('GraphBuilder', () => {
  it('links dependents to owners and creates virtual owners for unseen ones', () => {
    const { g, log } = builder();
    g.process(podEvent('add', meta('p', 'p1', 'ns', { ownerReferences: [RS_REF('r1')] })));
    const owner = g.uidToNode.get('r1');
    assert.equal(owner?.virtual, true);
    assert.equal(owner?.identity.namespace, 'ns');
    assert.deepEqual(log, ['delete rs']);
    g.process(rsEvent('add', meta('rs', 'r1', 'ns')));
    assert.equal(g.uidToNode.get('r1')?.virtual, false);
    assert.equal(g.uidToNode.get('r1')?.dependents.size, 1);
  });

  const transitions: {
    name: string;
    finalizers: string[];
    want: string[];
  }[] = [
    { name: 'orphan finalizer queues the owner for orphaning', finalizers: ['orphan'], want: ['orphan rs'] },
    {
      name: 'foreground finalizer queues dependents, then the owner',
      finalizers: ['foregroundDeletion'],
      want: ['delete p', 'delete rs'],
    },
    { name: 'no finalizer: nothing until the owner is gone', finalizers: [], want: [] },
  ];
  for (const tc of transitions) {
    it(tc.name, () => {
      const { g, log } = builder();
      const live = meta('rs', 'r1', 'ns');
      g.process(rsEvent('add', live));
      g.process(podEvent('add', meta('p', 'p1', 'ns', { ownerReferences: [RS_REF('r1')] })));
      log.length = 0;
      const deleting = { ...live, finalizers: tc.finalizers, deletionTimestamp: '2026-01-01T00:00:00Z' };
      g.process(rsEvent('update', deleting, live));
      assert.deepEqual(log, tc.want);
      assert.equal(g.uidToNode.get('r1')?.deletingDependents, tc.finalizers.includes('foregroundDeletion'));
    });
  }

  it('queues the dependents of a deleted owner and remembers the owner as absent', () => {
    const { g, log } = builder();
    g.process(rsEvent('add', meta('rs', 'r1', 'ns')));
    g.process(podEvent('add', meta('p', 'p1', 'ns', { ownerReferences: [RS_REF('r1')] })));
    log.length = 0;
    g.process({ type: 'delete', apiVersion: 'apps/v1', kind: 'ReplicaSet', obj: meta('rs', 'r1', 'ns') });
    assert.deepEqual(log, ['delete p']);
    assert.equal(g.uidToNode.has('r1'), false);
    assert.equal(g.absentOwners.has('[apps/v1/ReplicaSet, namespace: ns, name: rs, uid: r1]'), true);
  });

  it('queues an owner waiting for dependents when a blocking dependent goes or stops blocking', () => {
    const { g, log } = builder();
    const live = meta('rs', 'r1', 'ns');
    g.process(rsEvent('add', live));
    const p = meta('p', 'p1', 'ns', { ownerReferences: [RS_REF('r1')] });
    g.process(podEvent('add', p));
    g.process(
      rsEvent('update', { ...live, finalizers: ['foregroundDeletion'], deletionTimestamp: 'x' }, live),
    );
    log.length = 0;
    g.process(podEvent('update', { ...p, ownerReferences: [RS_REF('r1', 'rs', false)] }));
    assert.deepEqual(log, ['delete rs']);
    log.length = 0;
    g.process(podEvent('delete', p));
    assert.deepEqual(log, ['delete rs']);
  });

  it('reports a dependent naming an observed owner of another namespace', () => {
    const { g, log } = builder();
    g.process(rsEvent('add', meta('rs', 'r1', 'ns')));
    g.process(podEvent('add', meta('p', 'p1', 'other', { ownerReferences: [RS_REF('r1')] })));
    assert.deepEqual(log, ['invalid other/p -> r1', 'delete p']);
  });

  it('reports dependents of another namespace once a virtual owner is observed', () => {
    const { g, log } = builder();
    g.process(podEvent('add', meta('p', 'p1', 'other', { ownerReferences: [RS_REF('r1')] })));
    log.length = 0;
    g.process(rsEvent('add', meta('rs', 'r1', 'ns')));
    assert.deepEqual(log, ['invalid other/p -> r1', 'delete p']);
    assert.equal(g.uidToNode.get('r1')?.identity.namespace, 'ns');
  });

  it('keeps a virtual owner other dependents name differently, and tries their identity next', () => {
    const { g, log } = builder();
    g.process(podEvent('add', meta('a', 'pa', 'ns', { ownerReferences: [RS_REF('r1', 'one')] })));
    g.process(podEvent('add', meta('b', 'pb', 'ns', { ownerReferences: [RS_REF('r1', 'two')] })));
    log.length = 0;
    g.process({
      type: 'virtualDelete',
      identity: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'one', uid: 'r1', namespace: 'ns' },
    });
    assert.deepEqual(log, ['delete a', 'delete two (rate limited)']);
    assert.equal(g.uidToNode.get('r1')?.identity.name, 'two');
  });
});
