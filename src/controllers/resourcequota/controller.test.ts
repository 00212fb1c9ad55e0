import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ConfigMap, Pod, ResourceQuota } from 'kubernetes-types/core/v1.js';
import { InformerFactory } from '../../client/informers/factory.js';
import { CONFIG_MAPS, DEPLOYMENTS, PODS, RESOURCE_QUOTAS, SECRETS } from '../../client/resources.js';
import { FakeClient } from '../../client/testing/fake-client.js';
import { ManualClock } from '../../client/testing/manual-clock.js';
import { settle, until } from '../testing.js';
import { DISCARD_LOGGER } from '../../log/index.js';
import { type ControllerContext, DEFAULT_CONTROLLER_MANAGER_OPTIONS } from '../context.js';
import { ResourceQuotaController } from './controller.js';

const stops: AbortController[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s.abort();
});

function pod(name: string, cpu?: string): Pod {
  return {
    metadata: { name, namespace: 'ns' },
    spec: {
      containers: [
        { name: 'c', image: 'busybox', ...(cpu === undefined ? {} : { resources: { requests: { cpu } } }) },
      ],
    },
  };
}

function setup(hard: Record<string, string>) {
  const clock = new ManualClock();
  const fake = new FakeClient({
    clock,
    resources: [RESOURCE_QUOTAS, PODS, CONFIG_MAPS, SECRETS, DEPLOYMENTS],
  });
  fake.seed(RESOURCE_QUOTAS, [{ metadata: { name: 'q', namespace: 'ns' }, spec: { hard } } as ResourceQuota]);
  const informers = new InformerFactory(fake, { clock });
  const ctx: ControllerContext = {
    client: fake,
    informers,
    events: { newRecorder: () => ({ event: () => {} }), flush: async () => {} },
    clock,
    log: DISCARD_LOGGER,
    options: DEFAULT_CONTROLLER_MANAGER_OPTIONS,
  };
  const run = () => {
    const controller = new ResourceQuotaController(ctx);
    const stop = new AbortController();
    stops.push(stop);
    informers.start(stop.signal);
    void controller.run(2, stop.signal);
    return controller;
  };
  const status = () => fake.objects(RESOURCE_QUOTAS, 'ns').find((q) => q.metadata?.name === 'q')?.status;
  const statusWrites = () =>
    fake.actions().filter((a) => a.resource === 'resourcequotas' && a.subresource === 'status').length;
  return { fake, run, status, statusWrites };
}

describe('ResourceQuotaController', () => {
  it('writes hard and used, then follows objects as they come and go', async () => {
    const { fake, run, status } = setup({
      pods: '5',
      'requests.cpu': '2',
      configmaps: '10',
      'count/configmaps': '10',
    });
    fake.seed(PODS, [pod('a', '100m'), pod('b', '250m')]);
    fake.seed(CONFIG_MAPS, [{ metadata: { name: 'cm', namespace: 'ns' } } as ConfigMap]);
    run();
    await until('first status', () => status()?.used?.['pods'] === '2');
    assert.deepEqual(status(), {
      hard: { configmaps: '10', 'count/configmaps': '10', pods: '5', 'requests.cpu': '2' },
      used: { configmaps: '1', 'count/configmaps': '1', pods: '2', 'requests.cpu': '350m' },
    });
    await fake.resource(CONFIG_MAPS).create('ns', { metadata: { name: 'cm2' } });
    await until('configmap counted', () => status()?.used?.['configmaps'] === '2');
    await fake.resource(PODS).delete('ns', 'a');
    await until('pod released', () => status()?.used?.['pods'] === '1');
    assert.equal(status()?.used?.['requests.cpu'], '250m');
    await fake
      .resource(PODS)
      .patch('ns', 'b', 'merge', { status: { phase: 'Succeeded' } }, { subresource: 'status' });
    await until('terminal pod released', () => status()?.used?.['pods'] === '0');
    assert.equal(status()?.used?.['requests.cpu'], '0');
  });

  it('follows spec changes and writes nothing when usage did not change', async () => {
    const { fake, run, status, statusWrites } = setup({ pods: '5' });
    fake.seed(PODS, [pod('a')]);
    run();
    await until('first status', () => status()?.used?.['pods'] === '1');
    await settle(100);
    const writes = statusWrites();
    await fake.resource(PODS).patch('ns', 'a', 'merge', { metadata: { labels: { touched: 'yes' } } });
    await fake.resource(CONFIG_MAPS).create('ns', { metadata: { name: 'unrelated' } });
    await settle(200);
    assert.equal(statusWrites(), writes);
    await fake
      .resource(RESOURCE_QUOTAS)
      .patch('ns', 'q', 'merge', { spec: { hard: { pods: '5', secrets: '3' } } });
    await until('new hard', () => status()?.hard?.['secrets'] === '3');
    assert.deepEqual(status()?.used, { pods: '1', secrets: '0' });
    await fake.resource(SECRETS).create('ns', { metadata: { name: 's' } });
    await until('secret counted', () => status()?.used?.['secrets'] === '1');
  });

  it('counts objects of any resource found by discovery', async () => {
    const { fake, run, status } = setup({ 'count/deployments.apps': '3', 'count/nothings.example.com': '1' });
    fake.seed(DEPLOYMENTS, [
      {
        metadata: { name: 'd', namespace: 'ns' },
        spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } } } },
      },
    ]);
    run();
    await until('deployments counted', () => status()?.used?.['count/deployments.apps'] === '1');
    // A name of an unknown resource is tracked by no evaluator: no usage is reported for it.
    assert.deepEqual(status()?.used, { 'count/deployments.apps': '1' });
    await fake.resource(DEPLOYMENTS).delete('ns', 'd');
    await until('deployment released', () => status()?.used?.['count/deployments.apps'] === '0');
  });

  it('counts nothing outside the quota namespace', async () => {
    const { fake, run, status } = setup({ pods: '5' });
    fake.seed(PODS, [pod('a'), { ...pod('elsewhere'), metadata: { name: 'elsewhere', namespace: 'other' } }]);
    run();
    await until('first status', () => status()?.used?.['pods'] !== undefined);
    assert.equal(status()?.used?.['pods'], '1');
  });
});
