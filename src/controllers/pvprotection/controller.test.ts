import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolume } from 'kubernetes-types/core/v1.js';
import { PERSISTENT_VOLUMES } from '../../client/resources.js';
import { addObjects, newTestContext } from '../testing.js';
import { PV_PROTECTION_FINALIZER, PVProtectionController } from './controller.js';

const pv = (
  name: string,
  phase: string,
  deleting: boolean,
  finalizers = [PV_PROTECTION_FINALIZER],
): PersistentVolume => ({
  metadata: { name, finalizers, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/x' } },
  status: { phase },
});

describe('PVProtectionController', () => {
  const cases: [string, PersistentVolume, string[]][] = [
    ['a bound volume being deleted keeps it', pv('a', 'Bound', true), [PV_PROTECTION_FINALIZER]],
    ['a released volume being deleted loses it', pv('a', 'Released', true), []],
    ['a live volume without it gets it', pv('a', 'Available', false, []), [PV_PROTECTION_FINALIZER]],
  ];
  for (const [name, volume, want] of cases) {
    it(name, async () => {
      const t = newTestContext();
      addObjects(t, PERSISTENT_VOLUMES, [volume]);
      await new PVProtectionController(t.ctx).sync('a');
      const got = await t.client
        .resource(PERSISTENT_VOLUMES)
        .get('', 'a')
        .catch(() => undefined);
      assert.deepEqual(got?.metadata?.finalizers ?? [], want);
    });
  }
});
