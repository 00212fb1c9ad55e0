// The CronJob controller against a real API server. Waiting for a schedule would take up to a
// minute, so the test backdates `.status.lastScheduleTime`: the controller then sees a missed
// start time and runs it at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import { CRON_JOBS, EVENTS, JOBS, NAMESPACES } from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import { cronJobController } from '../../src/controllers/cronjob/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';

const NS = 'cronjob-test';
let env: ControllerEnv;
let client: Client;

before(async () => {
  env = await startControllerEnv({ controllers: [cronJobController] });
  client = env.client;
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  await env?.stop();
});

describe('CronJob controller over a real API server', () => {
  test('starts a missed schedule and records it in the status', async () => {
    const cj = await client.resource(CRON_JOBS).create(NS, {
      metadata: { name: 'tick' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          metadata: { labels: { app: 'tick' } },
          spec: {
            template: {
              spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'registry.invalid/tick:1' }] },
            },
          },
        },
      },
    } satisfies CronJob);
    const past = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000)
      .toISOString()
      .replace('.000Z', 'Z');
    await client.resource(CRON_JOBS).updateStatus({ ...cj, status: { lastScheduleTime: past } });

    const running = await eventually('an active Job', async () => {
      const c = await client.resource(CRON_JOBS).get(NS, 'tick');
      return (c.status?.active?.length ?? 0) > 0 ? c : undefined;
    });
    const ref = running.status?.active?.[0];
    const job = await client.resource(JOBS).get(NS, ref?.name ?? '');
    const scheduled = Date.parse(running.status?.lastScheduleTime ?? '');
    assert.ok(scheduled > Date.parse(past));
    assert.equal(job.metadata?.name, `tick-${scheduled / 60_000}`);
    assert.equal(job.metadata?.labels?.['app'], 'tick');
    assert.equal(
      job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
      running.status?.lastScheduleTime,
    );
    assert.equal(job.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
    assert.equal(ref?.uid, job.metadata?.uid);
    await eventually('the SuccessfulCreate event', async () => {
      const evs = (await client.resource(EVENTS).list(NS)).items;
      return evs.some((e) => e.reason === 'SuccessfulCreate' && e.source?.component === 'cronjob-controller')
        ? true
        : undefined;
    });
  });
});
