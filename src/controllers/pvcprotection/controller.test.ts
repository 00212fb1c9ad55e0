import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { PERSISTENT_VOLUME_CLAIMS, PODS } from '../../client/resources.js';
import { addObjects, newTestContext } from '../testing.js';
import { claimsOf, PVC_PROTECTION_FINALIZER, PVCProtectionController } from './controller.js';

const claim = (
  name: string,
  deleting: boolean,
  finalizers = [PVC_PROTECTION_FINALIZER],
): PersistentVolumeClaim => ({
  metadata: {
    name,
    namespace: 'ns',
    finalizers,
    ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
  },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
});

const pod = (name: string, claimName: string, phase = 'Running'): Pod => ({
  metadata: { name, namespace: 'ns' },
  spec: {
    containers: [{ name: 'c', image: 'i' }],
    volumes: [{ name: 'v', persistentVolumeClaim: { claimName } }],
  },
  status: { phase },
});

const finalizersOf = async (t: ReturnType<typeof newTestContext>, name: string) =>
  (await t.client.resource(PERSISTENT_VOLUME_CLAIMS).get('ns', name)).metadata?.finalizers ?? [];

describe('PVCProtectionController', () => {
  it('keeps the finalizer while a running pod uses the claim', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [claim('data', true)]);
    addObjects(t, PODS, [pod('p', 'data')]);
    await new PVCProtectionController(t.ctx).sync('ns/data');
    assert.deepEqual(await finalizersOf(t, 'data'), [PVC_PROTECTION_FINALIZER]);
  });

  it('removes it once only finished pods use the claim, asking the API server too', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [claim('data', true, [PVC_PROTECTION_FINALIZER, 'other'])]);
    addObjects(t, PODS, [pod('done', 'data', 'Succeeded')]);
    await new PVCProtectionController(t.ctx).sync('ns/data');
    assert.deepEqual(await finalizersOf(t, 'data'), ['other']);
    assert.ok(t.client.actions().some((a) => a.verb === 'list' && a.resource === 'pods'));
  });

  it('a pod only the API server knows yet still protects the claim', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [claim('data', true)]);
    t.client.seed(PODS, [pod('fresh', 'data')]);
    await new PVCProtectionController(t.ctx).sync('ns/data');
    assert.deepEqual(await finalizersOf(t, 'data'), [PVC_PROTECTION_FINALIZER]);
  });

  it('adds the finalizer to a live claim without it', async () => {
    const t = newTestContext();
    addObjects(t, PERSISTENT_VOLUME_CLAIMS, [claim('bare', false, [])]);
    await new PVCProtectionController(t.ctx).sync('ns/bare');
    assert.deepEqual(await finalizersOf(t, 'bare'), [PVC_PROTECTION_FINALIZER]);
  });

  it('finds claims of pvc and generic ephemeral volumes', () => {
    const p: Pod = {
      metadata: { name: 'web' },
      spec: {
        containers: [],
        volumes: [
          { name: 'a', persistentVolumeClaim: { claimName: 'x' } },
          { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
          { name: 'e', emptyDir: {} },
        ],
      },
    };
    assert.deepEqual(claimsOf(p), ['x', 'web-scratch']);
  });
});
