import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { CRON_JOBS, JOBS } from '../../client/resources.js';
import { BatchHarness } from '../job/testing.js';
import { CronJobController } from './controller.js';

const START = Date.UTC(2026, 0, 1, 0, 0, 0);

function newCronJob(name: string, spec: Partial<NonNullable<CronJob['spec']>> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      creationTimestamp: new Date(START).toISOString(),
    },
    spec: {
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { labels: { app: 'batch' }, annotations: { note: 'x' } },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
        },
      },
      ...spec,
    },
  };
}

function setup(cj: CronJob, start = START + 30_000): { h: BatchHarness; c: CronJobController; key: string } {
  const h = new BatchHarness(start);
  const c = new CronJobController(h.ctx);
  h.seed(CRON_JOBS, [cj]);
  return { h, c, key: `default/${cj.metadata?.name ?? ''}` };
}

async function sync(h: BatchHarness, c: CronJobController, key: string): Promise<number | undefined> {
  h.refresh();
  const after = await c.sync(key);
  h.refresh();
  return after;
}

function jobs(h: BatchHarness): Job[] {
  return h.client
    .objects(JOBS, 'default')
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

async function finish(h: BatchHarness, job: Job, type: 'Complete' | 'Failed', at: number): Promise<void> {
  const cur = h.get(JOBS, job.metadata?.name ?? '');
  const t = new Date(at).toISOString().replace('.000Z', 'Z');
  await h.client.resource(JOBS).updateStatus({
    ...cur,
    status: {
      startTime: t,
      ...(type === 'Complete' ? { completionTime: t } : {}),
      conditions: [{ type, status: 'True', lastTransitionTime: t, lastProbeTime: t }],
    },
  });
}

describe('CronJobController', () => {
  it('waits for the first schedule, then creates its Job and records it', async () => {
    const { h, c, key } = setup(newCronJob('tick'));
    let after = await sync(h, c, key);
    assert.equal(jobs(h).length, 0);
    assert.equal(after, 5 * 60_000 - 30_000 + 100, 'requeued 100 ms after the next schedule');

    h.clock.advance(after ?? 0);
    after = await sync(h, c, key);
    const [job] = jobs(h);
    const scheduled = START + 5 * 60_000;
    assert.equal(job?.metadata?.name, `tick-${scheduled / 60_000}`);
    assert.equal(
      job?.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
      '2026-01-01T00:05:00Z',
    );
    assert.equal(job?.metadata?.annotations?.['note'], 'x');
    assert.equal(job?.metadata?.labels?.['app'], 'batch');
    assert.equal(job?.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
    assert.equal(job?.metadata?.ownerReferences?.[0]?.uid, 'uid-tick');
    const cj = h.get(CRON_JOBS, 'tick');
    assert.equal(cj.status?.lastScheduleTime, '2026-01-01T00:05:00Z');
    assert.equal(cj.status?.active?.[0]?.name, job?.metadata?.name);
    assert.equal(cj.status?.active?.[0]?.kind, 'Job');
    assert.ok(h.eventLines().includes(`Normal SuccessfulCreate Created job ${job?.metadata?.name ?? ''}`));
    assert.equal(after, 5 * 60_000 - 100 + 100);

    // A second sync in the same minute does nothing.
    await sync(h, c, key);
    assert.equal(jobs(h).length, 1);
  });

  it('removes finished Jobs from active and records the last success', async () => {
    const { h, c, key } = setup(newCronJob('done'), START + 5 * 60_000 + 1_000);
    await sync(h, c, key);
    const [job] = jobs(h);
    await finish(h, job as Job, 'Complete', START + 6 * 60_000);
    await sync(h, c, key);
    const cj = h.get(CRON_JOBS, 'done');
    assert.equal(cj.status?.active, undefined);
    assert.ok(
      h
        .eventLines()
        .includes(`Normal SawCompletedJob Saw completed job: ${job?.metadata?.name ?? ''}, status: Complete`),
    );
    await sync(h, c, key);
    assert.equal(h.get(CRON_JOBS, 'done').status?.lastSuccessfulTime, '2026-01-01T00:06:00Z');
  });

  it('skips a schedule while a Job is active under Forbid', async () => {
    const { h, c, key } = setup(
      newCronJob('solo', { concurrencyPolicy: 'Forbid' }),
      START + 5 * 60_000 + 1_000,
    );
    await sync(h, c, key);
    assert.equal(jobs(h).length, 1);
    h.clock.advance(5 * 60_000);
    await sync(h, c, key);
    assert.equal(jobs(h).length, 1);
    assert.ok(
      h
        .eventLines()
        .includes(
          'Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid',
        ),
    );
  });

  it('replaces the running Job under Replace', async () => {
    const { h, c, key } = setup(
      newCronJob('swap', { concurrencyPolicy: 'Replace' }),
      START + 5 * 60_000 + 1_000,
    );
    await sync(h, c, key);
    const [first] = jobs(h);
    h.clock.advance(5 * 60_000);
    await sync(h, c, key);
    const names = jobs(h).map((j) => j.metadata?.name);
    assert.deepEqual(names, [`swap-${(START + 10 * 60_000) / 60_000}`]);
    assert.ok(h.eventLines().includes(`Normal SuccessfulDelete Deleted job ${first?.metadata?.name ?? ''}`));
    assert.equal(h.get(CRON_JOBS, 'swap').status?.active?.length, 1);
  });

  it('keeps only successfulJobsHistoryLimit and failedJobsHistoryLimit finished Jobs', async () => {
    const cj = newCronJob('hist', { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 });
    const { h, c, key } = setup(cj, START + 5 * 60_000 + 1_000);
    for (let i = 0; i < 3; i++) {
      await sync(h, c, key);
      const newest = jobs(h).find((j) => j.status?.conditions === undefined) as Job;
      await finish(h, newest, i === 2 ? 'Failed' : 'Complete', h.clock.now() + i);
      h.clock.advance(5 * 60_000);
    }
    await sync(h, c, key);
    const left = jobs(h).filter((j) => j.status?.conditions !== undefined);
    assert.equal(left.length, 1, 'one successful Job kept, the failed one removed');
    assert.equal(left[0]?.status?.conditions?.[0]?.type, 'Complete');
    assert.equal(left[0]?.metadata?.name, `hist-${(START + 10 * 60_000) / 60_000}`);
  });

  it('misses a schedule past startingDeadlineSeconds', async () => {
    const { h, c, key } = setup(
      newCronJob('late', { startingDeadlineSeconds: 10 }),
      START + 5 * 60_000 + 20_000,
    );
    const after = await sync(h, c, key);
    assert.equal(jobs(h).length, 0);
    assert.equal(after, 5 * 60_000 - 20_000 + 100);
  });

  it('warns about too many missed start times and starts the latest one', async () => {
    const { h, c, key } = setup(
      newCronJob('behind', { schedule: '* * * * *' }),
      START + 200 * 60_000 + 5_000,
    );
    await sync(h, c, key);
    assert.ok(
      h
        .eventLines()
        .includes(
          'Warning TooManyMissedTimes too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
        ),
    );
    assert.deepEqual(
      jobs(h).map((j) => j.metadata?.name),
      [`behind-${START / 60_000 + 200}`],
    );
  });

  it('does nothing while suspended', async () => {
    const { h, c, key } = setup(newCronJob('off', { suspend: true }), START + 5 * 60_000 + 1_000);
    const after = await sync(h, c, key);
    assert.equal(after, undefined);
    assert.equal(jobs(h).length, 0);
  });

  it('schedules in .spec.timeZone and annotates the Job with the zone offset', async () => {
    const { h, c, key } = setup(
      newCronJob('tokyo', { schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' }),
      Date.UTC(2026, 0, 2, 0, 0, 30),
    );
    await sync(h, c, key);
    const [job] = jobs(h);
    assert.equal(
      job?.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
      '2026-01-02T09:00:00+09:00',
    );
  });

  it('reports an unknown time zone', async () => {
    const { h, c, key } = setup(newCronJob('nowhere', { timeZone: 'Mars/Olympus' }));
    assert.equal(await sync(h, c, key), undefined);
    assert.ok(
      h
        .eventLines()
        .includes('Warning UnknownTimeZone invalid timeZone: "Mars/Olympus": unknown time zone Mars/Olympus'),
    );
  });
  it('requeues at the new next time when the schedule changes', async () => {
    const { h, c, key } = setup(newCronJob('moved', { schedule: '0 * * * *' }));
    await sync(h, c, key);
    while (c.queue.len() > 0) {
      const k = await c.queue.get();
      if (k !== undefined) c.queue.done(k);
    }
    const cur = h.get(CRON_JOBS, 'moved');
    await h.client.resource(CRON_JOBS).update({ ...cur, spec: { ...cur.spec!, schedule: '*/2 * * * *' } });
    h.refresh();
    assert.equal(c.queue.len(), 0);
    assert.equal(
      h.clock.nextAt(),
      START + 2 * 60_000 + 100,
      'timer at the next activation of the new schedule',
    );
  });
});
