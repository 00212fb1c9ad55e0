// The resource quota controller against a real API server: status follows the quota's spec and
// the objects it counts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import { CONFIG_MAPS, NAMESPACES, PODS, RESOURCE_QUOTAS, SERVICES } from '../../src/client/resources.js';
import { resourceQuotaController } from '../../src/controllers/resourcequota/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';

const NS = 'quota-test';
let env: ControllerEnv;

before(async () => {
  env = await startControllerEnv({ controllers: [resourceQuotaController] });
  await env.client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  await env?.stop();
});

async function usedOf(name: string): Promise<Record<string, string> | undefined> {
  return (await env.client.resource(RESOURCE_QUOTAS).get(NS, name)).status?.used;
}

describe('resource quota controller', () => {
  test('status follows pods, services and config maps as they come and go', async () => {
    const quota: ResourceQuota = {
      metadata: { name: 'compute' },
      spec: {
        hard: {
          pods: '10',
          'requests.cpu': '4',
          'limits.memory': '4Gi',
          services: '5',
          'services.nodeports': '4',
          'count/configmaps': '20',
        },
      },
    };
    await env.client.resource(RESOURCE_QUOTAS).create(NS, quota);
    const first = await eventually('first status', async () => usedOf('compute'));
    assert.equal(first['pods'], '0');
    assert.equal(first['requests.cpu'], '0');
    assert.equal(first['services.nodeports'], '0');

    await env.client.resource(PODS).create(NS, {
      metadata: { name: 'web' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'busybox',
            resources: { requests: { cpu: '250m' }, limits: { cpu: '500m', memory: '1Gi' } },
          },
        ],
      },
    });
    await env.client.resource(SERVICES).create(NS, {
      metadata: { name: 'np' },
      spec: {
        type: 'NodePort',
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 81 },
        ],
      },
    });
    await env.client.resource(CONFIG_MAPS).create(NS, { metadata: { name: 'settings' } });
    const withObjects = await eventually('usage with objects', async () => {
      const u = await usedOf('compute');
      return u?.['pods'] === '1' && u['services'] === '1' && u['count/configmaps'] !== '0' ? u : undefined;
    });
    assert.equal(withObjects['requests.cpu'], '250m');
    assert.equal(withObjects['limits.memory'], '1Gi');
    assert.equal(withObjects['services.nodeports'], '2');

    await env.client.resource(PODS).delete(NS, 'web');
    await eventually('pod released', async () =>
      (await usedOf('compute'))?.['pods'] === '0' ? true : undefined,
    );

    await env.client
      .resource(RESOURCE_QUOTAS)
      .patch(NS, 'compute', 'merge', { spec: { hard: { secrets: '3' } } });
    const hard = await eventually('new hard', async () => {
      const q = await env.client.resource(RESOURCE_QUOTAS).get(NS, 'compute');
      return q.status?.hard?.['secrets'] === '3' ? q.status : undefined;
    });
    assert.equal(hard.used?.['secrets'], '0');
  });
});
