import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_MAPS } from '../../client/resources.js';
import { newTestEnv } from '../endpointslice/testing.js';
import { DESCRIPTION, RootCACertPublisher } from './controller.js';

describe('RootCACertPublisher.sync', () => {
  it('creates kube-root-ca.crt with the CA and the description', async () => {
    const env = newTestEnv('PEM');
    const c = new RootCACertPublisher(env.ctx);
    await c.sync('team');
    const cm = await env.client.resource(CONFIG_MAPS).get('team', 'kube-root-ca.crt');
    assert.deepEqual(cm.data, { 'ca.crt': 'PEM' });
    assert.equal(cm.metadata?.annotations?.['kubernetes.io/description'], DESCRIPTION);
  });

  it('restores changed data and a removed description, and leaves a correct map alone', async () => {
    const env = newTestEnv('PEM');
    const c = new RootCACertPublisher(env.ctx);
    await c.sync('team');
    env.refresh(CONFIG_MAPS);
    env.client.clearActions();
    await c.sync('team');
    assert.deepEqual(env.client.actions(), []);

    const cms = env.client.resource(CONFIG_MAPS);
    const cm = await cms.get('team', 'kube-root-ca.crt');
    await cms.update({
      ...cm,
      metadata: { ...cm.metadata, annotations: { other: 'x' } },
      data: { 'ca.crt': 'EVIL' },
    });
    env.refresh(CONFIG_MAPS);
    await c.sync('team');
    const fixed = await cms.get('team', 'kube-root-ca.crt');
    assert.deepEqual(fixed.data, { 'ca.crt': 'PEM' });
    assert.deepEqual(fixed.metadata?.annotations, { other: 'x', 'kubernetes.io/description': DESCRIPTION });
  });

  it('recreates a deleted map', async () => {
    const env = newTestEnv('PEM');
    const c = new RootCACertPublisher(env.ctx);
    await c.sync('team');
    await env.client.resource(CONFIG_MAPS).delete('team', 'kube-root-ca.crt');
    env.refresh(CONFIG_MAPS);
    await c.sync('team');
    assert.equal(env.client.objects(CONFIG_MAPS, 'team').length, 1);
  });
});
