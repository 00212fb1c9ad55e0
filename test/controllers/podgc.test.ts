// The pod garbage collector against a real API server, run in the test process over the REST
// client; the test writes pod status as kubelets would.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { NAMESPACES, PODS } from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import { podGCController } from '../../src/controllers/podgc/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';

const NS = 'podgc-test';
let env: ControllerEnv;
let client: Client;

before(async () => {
  env = await startControllerEnv({
    controllers: [podGCController],
    options: { terminatedPodGCThreshold: 1 },
  });
  client = env.client;
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  await env?.stop();
});

function pod(name: string, extra: Partial<NonNullable<Pod['metadata']>> = {}): Pod {
  return {
    metadata: { name, ...extra },
    spec: { containers: [{ name: 'c', image: 'registry.invalid/app:1' }] },
  };
}

async function finish(name: string): Promise<void> {
  const p = await client.resource(PODS).get(NS, name);
  await client.resource(PODS).updateStatus({ ...p, status: { ...p.status, phase: 'Succeeded' } });
}

const names = async (): Promise<string[]> =>
  (await client.resource(PODS).list(NS)).items.map((p) => p.metadata?.name ?? '').sort();

describe('pod garbage collector over a real API server', () => {
  test('deletes the oldest terminated pods over the threshold', async () => {
    await client.resource(PODS).create(NS, pod('first'));
    await finish('first');
    // creationTimestamp has one-second resolution: make the order unambiguous.
    await new Promise((r) => setTimeout(r, 1100));
    await client.resource(PODS).create(NS, pod('second'));
    await finish('second');
    await eventually('the older pod gone', async () => {
      const left = await names();
      return left.includes('first') ? undefined : left;
    });
    assert.ok((await names()).includes('second'));
  });

  test('moves an unscheduled terminating pod to Failed and deletes it', async () => {
    await client.resource(PODS).create(NS, pod('held', { finalizers: ['example.com/hold'] }));
    await client.resource(PODS).delete(NS, 'held');
    const failed = await eventually('phase Failed', async () => {
      const p = await client.resource(PODS).get(NS, 'held');
      return p.status?.phase === 'Failed' ? p : undefined;
    });
    assert.ok(failed.metadata?.deletionTimestamp);
    assert.ok(
      failed.metadata?.managedFields?.some((f) => f.manager === 'PodGC' && f.subresource === 'status'),
      'the phase is applied by the PodGC field manager',
    );
    await client.resource(PODS).patch(NS, 'held', 'merge', { metadata: { finalizers: null } });
  });
});
