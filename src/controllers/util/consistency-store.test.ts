import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { InformerFactory } from '../../client/informers/factory.js';
import type { SharedIndexInformer } from '../../client/informers/shared-informer.js';
import { REPLICA_SETS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import { ConsistencyStore, StaleCacheError } from './consistency-store.js';

function setup() {
  const informer = new InformerFactory(new FakeClient()).informerFor(
    REPLICA_SETS,
  ) as SharedIndexInformer<ReplicaSet>;
  const store = new ConsistencyStore();
  store.track('replicasets.apps', informer);
  const rs = (rv: string, name = 'web'): ReplicaSet => ({
    metadata: { name, namespace: 'ns', uid: name, resourceVersion: rv },
  });
  return { informer, store, rs };
}

describe('ConsistencyStore', () => {
  it('is ready without writes', () => {
    setup().store.ensureReady('ns/web');
  });

  it('holds a key back until an event at or after its write arrives', () => {
    const { informer, store, rs } = setup();
    informer.added(rs('5'));
    store.wroteAt('ns/web', 'web', 'replicasets.apps', '10');
    assert.throws(() => store.ensureReady('ns/web'), StaleCacheError);
    informer.added(rs('9', 'other'));
    assert.throws(() => store.ensureReady('ns/web'), StaleCacheError);
    informer.modified(rs('10'));
    store.ensureReady('ns/web');
    // Caught up: the write is forgotten.
    store.ensureReady('ns/web');
  });

  it('counts deletions, ignores other keys and non-numeric versions, forgets on clear', () => {
    const { informer, store, rs } = setup();
    informer.added(rs('3'));
    store.wroteAt('ns/web', 'web', 'replicasets.apps', '4');
    store.wroteAt('ns/web', 'web', 'replicasets.apps', 'abc');
    store.ensureReady('ns/other');
    informer.deleted(rs('4'));
    store.ensureReady('ns/web');
    store.wroteAt('ns/web', 'web', 'replicasets.apps', '99');
    store.clear('ns/web');
    store.ensureReady('ns/web');
  });

  it('a new uid replaces the writes of the old object', () => {
    const { store } = setup();
    store.wroteAt('ns/web', 'old', 'replicasets.apps', '50');
    store.wroteAt('ns/web', 'new', 'replicasets.apps', '0');
    store.ensureReady('ns/web');
  });
});
