// The PersistentVolume binder against a real API server: static volumes bind to claims, claims
// without a fitting volume wait with the upstream events, released volumes follow their policy.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Event, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import {
  EVENTS,
  NAMESPACES,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  STORAGE_CLASSES,
} from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import { persistentVolumeBinderController } from '../../src/controllers/persistentvolume/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';

const NS = 'pv-test';
let env: ControllerEnv;
let client: Client;

before(async () => {
  env = await startControllerEnv({ controllers: [persistentVolumeBinderController] });
  client = env.client;
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  await env?.stop();
});

function volume(name: string, size: string, extra: Partial<NonNullable<PersistentVolume['spec']>> = {}) {
  return {
    metadata: { name },
    spec: {
      capacity: { storage: size },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: `/var/kite-test/${name}` },
      ...extra,
    },
  } as PersistentVolume;
}

function claim(name: string, size: string, extra: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {}) {
  return {
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, ...extra },
  } as PersistentVolumeClaim;
}

// Deletes a claim and, standing in for the pvc-protection controller (a claim no pod uses), clears
// the kubernetes.io/pvc-protection finalizer the API server added.
async function deleteClaim(name: string): Promise<void> {
  await client.resource(PERSISTENT_VOLUME_CLAIMS).delete(NS, name);
  await client
    .resource(PERSISTENT_VOLUME_CLAIMS)
    .patch(NS, name, 'merge', { metadata: { finalizers: null } });
}

const pvPhase = async (name: string) =>
  (await client.resource(PERSISTENT_VOLUMES).get('', name)).status?.phase;

async function eventFor(name: string, reason: string): Promise<Event> {
  return eventually(`${reason} event for ${name}`, async () =>
    (await client.resource(EVENTS).list(NS)).items.find(
      (e) => e.involvedObject.name === name && e.reason === reason,
    ),
  );
}

describe('persistentvolume binder over a real API server', { timeout: 120_000 }, () => {
  test('binds a claim to the smallest fitting volume; Retain releases it when the claim goes', async () => {
    await client.resource(PERSISTENT_VOLUMES).create('', volume('pv-small', '1Gi', { storageClassName: '' }));
    await client.resource(PERSISTENT_VOLUMES).create('', volume('pv-fit', '5Gi', { storageClassName: '' }));
    await client.resource(PERSISTENT_VOLUMES).create('', volume('pv-huge', '50Gi', { storageClassName: '' }));
    await eventually('volumes available', async () =>
      (await pvPhase('pv-fit')) === 'Available' && (await pvPhase('pv-huge')) === 'Available'
        ? true
        : undefined,
    );
    await client
      .resource(PERSISTENT_VOLUME_CLAIMS)
      .create(NS, claim('data', '2Gi', { storageClassName: '' }));
    const bound = await eventually('claim bound', async () => {
      const c = await client.resource(PERSISTENT_VOLUME_CLAIMS).get(NS, 'data');
      return c.status?.phase === 'Bound' ? c : undefined;
    });
    assert.equal(bound.spec?.volumeName, 'pv-fit');
    assert.deepEqual(bound.status?.capacity, { storage: '5Gi' });
    assert.equal(bound.metadata?.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    const pv = await client.resource(PERSISTENT_VOLUMES).get('', 'pv-fit');
    assert.equal(pv.status?.phase, 'Bound');
    assert.equal(pv.spec?.claimRef?.uid, bound.metadata?.uid);
    assert.equal(pv.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');

    await deleteClaim('data');
    await eventually('volume released', async () =>
      (await pvPhase('pv-fit')) === 'Released' ? true : undefined,
    );
  });

  test('a claim with nothing to bind waits with FailedBinding, then binds to a new volume', async () => {
    await client
      .resource(PERSISTENT_VOLUME_CLAIMS)
      .create(NS, claim('later', '100Gi', { storageClassName: '' }));
    const ev = await eventFor('later', 'FailedBinding');
    assert.equal(ev.message, 'no persistent volumes available for this claim and no storage class is set');
    assert.equal(ev.source?.component, 'persistentvolume-controller');
    await client.resource(PERSISTENT_VOLUMES).create('', volume('pv-big', '200Gi', { storageClassName: '' }));
    const c = await eventually('claim bound to the new volume', async () => {
      const got = await client.resource(PERSISTENT_VOLUME_CLAIMS).get(NS, 'later');
      return got.status?.phase === 'Bound' ? got : undefined;
    });
    assert.equal(c.spec?.volumeName, 'pv-big');
  });

  test('external provisioners and WaitForFirstConsumer classes leave claims Pending', async () => {
    await client.resource(STORAGE_CLASSES).create('', {
      metadata: { name: 'ext' },
      provisioner: 'csi.example.com',
    } as never);
    await client.resource(STORAGE_CLASSES).create('', {
      metadata: { name: 'wffc' },
      provisioner: 'kubernetes.io/no-provisioner',
      volumeBindingMode: 'WaitForFirstConsumer',
    } as never);
    await client
      .resource(PERSISTENT_VOLUME_CLAIMS)
      .create(NS, claim('dyn', '1Gi', { storageClassName: 'ext' }));
    await client
      .resource(PERSISTENT_VOLUME_CLAIMS)
      .create(NS, claim('late', '1Gi', { storageClassName: 'wffc' }));
    const ext = await eventFor('dyn', 'ExternalProvisioning');
    assert.match(
      ext.message ?? '',
      /^Waiting for a volume to be created either by the external provisioner 'csi\.example\.com'/,
    );
    const annotated = await client.resource(PERSISTENT_VOLUME_CLAIMS).get(NS, 'dyn');
    assert.equal(
      annotated.metadata?.annotations?.['volume.kubernetes.io/storage-provisioner'],
      'csi.example.com',
    );
    const wait = await eventFor('late', 'WaitForFirstConsumer');
    assert.equal(wait.message, 'waiting for first consumer to be created before binding');
    assert.equal((await client.resource(PERSISTENT_VOLUME_CLAIMS).get(NS, 'late')).status?.phase, 'Pending');
  });

  test('a released volume with Delete and no deleter goes Failed', async () => {
    await client
      .resource(PERSISTENT_VOLUMES)
      .create(
        '',
        volume('pv-del', '3Gi', { storageClassName: 'manual', persistentVolumeReclaimPolicy: 'Delete' }),
      );
    await client
      .resource(PERSISTENT_VOLUME_CLAIMS)
      .create(NS, claim('gone', '3Gi', { storageClassName: 'manual' }));
    await eventually('bound', async () => ((await pvPhase('pv-del')) === 'Bound' ? true : undefined));
    await deleteClaim('gone');
    const pv = await eventually('failed', async () => {
      const v = await client.resource(PERSISTENT_VOLUMES).get('', 'pv-del');
      return v.status?.phase === 'Failed' ? v : undefined;
    });
    assert.equal(
      pv.status?.message,
      'host_path deleter only supports /tmp/.+ but received provided /var/kite-test/pv-del',
    );
  });
});
