import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { NAMESPACES, SERVICE_ACCOUNTS } from '../../client/resources.js';
import { newTestEnv } from '../endpointslice/testing.js';
import { ServiceAccountsController } from './controller.js';

const ns = (name: string, phase = 'Active'): Namespace => ({ metadata: { name }, status: { phase } });

describe('ServiceAccountsController.sync', () => {
  it('creates the default service account of an active namespace', async () => {
    const env = newTestEnv();
    const c = new ServiceAccountsController(env.ctx);
    env.cache(NAMESPACES, ns('team'));
    await c.sync('team');
    assert.deepEqual(
      env.client.objects(SERVICE_ACCOUNTS, 'team').map((s) => s.metadata?.name),
      ['default'],
    );
  });

  it('creates it again once deleted, and leaves an existing one alone', async () => {
    const env = newTestEnv();
    const c = new ServiceAccountsController(env.ctx);
    env.cache(NAMESPACES, ns('team'));
    await c.sync('team');
    env.refresh(SERVICE_ACCOUNTS);
    env.client.clearActions();
    await c.sync('team');
    assert.deepEqual(env.client.actions(), []);

    await env.client.resource(SERVICE_ACCOUNTS).delete('team', 'default');
    env.refresh(SERVICE_ACCOUNTS);
    await c.sync('team');
    assert.equal(env.client.objects(SERVICE_ACCOUNTS, 'team').length, 1);
  });

  it('skips terminating and unknown namespaces and tolerates AlreadyExists', async () => {
    const env = newTestEnv();
    const c = new ServiceAccountsController(env.ctx);
    env.cache(NAMESPACES, ns('going', 'Terminating'), ns('team'));
    await c.sync('going');
    await c.sync('nowhere');
    assert.deepEqual(env.client.actions(), []);
    env.client.seed(SERVICE_ACCOUNTS, [{ metadata: { name: 'default', namespace: 'team' } }]);
    await c.sync('team'); // cache does not have it yet: the create answers AlreadyExists
  });
});
