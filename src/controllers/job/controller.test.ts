import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { JOBS, PODS } from '../../client/resources.js';
import { JobController } from './controller.js';
import { BatchHarness, newJob } from './testing.js';

function setup(job: Job): { h: BatchHarness; c: JobController; key: string } {
  const h = new BatchHarness();
  const c = new JobController(h.ctx);
  h.seed(JOBS, [job]);
  return { h, c, key: `default/${job.metadata?.name ?? ''}` };
}

async function sync(h: BatchHarness, c: JobController, key: string): Promise<Job> {
  h.refresh();
  await c.sync(key);
  h.refresh();
  const { name } = { name: key.split('/')[1] ?? '' };
  return h.get(JOBS, name);
}

function condition(job: Job, type: string) {
  return job.status?.conditions?.find((c) => c.type === type);
}

function activePods(h: BatchHarness): Pod[] {
  return h.pods().filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

describe('JobController', () => {
  it('runs a NonIndexed Job of 3 completions with parallelism 2 to completion', async () => {
    const { h, c, key } = setup(newJob('work', { completions: 3, parallelism: 2 }));
    let job = await sync(h, c, key);
    const pods = h.pods();
    assert.equal(pods.length, 2);
    for (const p of pods) {
      assert.match(p.metadata?.name ?? '', /^work-[a-z0-9]{5}$/);
      assert.deepEqual(p.metadata?.finalizers, ['batch.kubernetes.io/job-tracking']);
      assert.equal(p.metadata?.labels?.['batch.kubernetes.io/job-name'], 'work');
      assert.equal(p.metadata?.ownerReferences?.[0]?.kind, 'Job');
      assert.equal(p.metadata?.ownerReferences?.[0]?.controller, true);
    }
    assert.equal(job.status?.active, 2);
    assert.equal(job.status?.ready, 0);
    assert.ok(job.status?.startTime);
    assert.deepEqual(
      h.eventLines().filter((l) => l.includes('SuccessfulCreate')).length,
      2,
      'one SuccessfulCreate per pod',
    );

    for (const p of pods) await h.setPodPhase(p, 'Succeeded');
    job = await sync(h, c, key);
    assert.equal(job.status?.succeeded, 2);
    assert.deepEqual(job.status?.uncountedTerminatedPods, {});
    assert.equal(activePods(h).length, 1, 'one more pod for the last completion');
    for (const p of pods)
      assert.deepEqual(h.get(PODS, p.metadata?.name ?? '').metadata?.finalizers ?? [], []);

    const last = activePods(h)[0] as Pod;
    await h.setPodPhase(last, 'Succeeded');
    job = await sync(h, c, key);
    assert.equal(job.status?.succeeded, 3);
    assert.equal(condition(job, 'SuccessCriteriaMet')?.reason, 'CompletionsReached');
    const complete = condition(job, 'Complete');
    assert.equal(complete?.status, 'True');
    assert.equal(complete?.reason, 'CompletionsReached');
    assert.equal(complete?.message, 'Reached expected number of succeeded pods');
    assert.equal(job.status?.completionTime, complete?.lastTransitionTime);
    assert.equal(job.status?.active, undefined);
    assert.ok(h.eventLines().includes('Normal Completed Job completed'));
  });

  it('gives every index of an Indexed Job its own pod and completes when all indexes succeed', async () => {
    const { h, c, key } = setup(newJob('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    await sync(h, c, key);
    const pods = h.pods();
    assert.equal(pods.length, 3);
    const indexes = pods
      .map((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'])
      .sort();
    assert.deepEqual(indexes, ['0', '1', '2']);
    for (const p of pods) {
      const ix = p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'] ?? '';
      assert.equal(p.metadata?.labels?.['batch.kubernetes.io/job-completion-index'], ix);
      assert.equal(p.spec?.hostname, `idx-${ix}`);
      assert.ok((p.metadata?.name ?? '').startsWith(`idx-${ix}-`));
      assert.deepEqual(p.spec?.containers[0]?.env, [
        {
          name: 'JOB_COMPLETION_INDEX',
          valueFrom: {
            fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" },
          },
        },
      ]);
    }
    const byIndex = (i: string) =>
      pods.find((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'] === i) as Pod;
    await h.setPodPhase(byIndex('0'), 'Succeeded');
    await h.setPodPhase(byIndex('2'), 'Succeeded');
    let job = await sync(h, c, key);
    assert.equal(job.status?.completedIndexes, '0,2');
    assert.equal(job.status?.succeeded, 2);
    await h.setPodPhase(byIndex('1'), 'Succeeded');
    job = await sync(h, c, key);
    assert.equal(job.status?.completedIndexes, '0-2');
    assert.equal(condition(job, 'Complete')?.status, 'True');
  });

  it('replaces a failed pod of an Indexed Job with a pod of the same index', async () => {
    const { h, c, key } = setup(newJob('rep', { completions: 2, parallelism: 2, completionMode: 'Indexed' }));
    await sync(h, c, key);
    const failed = h
      .pods()
      .find((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'] === '1') as Pod;
    await h.setPodPhase(failed, 'Failed');
    let job = await sync(h, c, key);
    assert.equal(job.status?.failed, 1);
    assert.equal(activePods(h).length, 1, 'no replacement during the backoff');
    h.clock.advance(10_000);
    job = await sync(h, c, key);
    const active = activePods(h).map(
      (p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'],
    );
    assert.deepEqual(active.sort(), ['0', '1']);
    assert.equal(job.status?.active, 2);
  });

  it('fails the Job with BackoffLimitExceeded once failures pass the backoff limit', async () => {
    const { h, c, key } = setup(newJob('flaky', { backoffLimit: 0 }));
    await sync(h, c, key);
    await h.setPodPhase(h.pods()[0] as Pod, 'Failed');
    const job = await sync(h, c, key);
    assert.equal(job.status?.failed, 1);
    const target = condition(job, 'FailureTarget');
    assert.equal(target?.reason, 'BackoffLimitExceeded');
    const failed = condition(job, 'Failed');
    assert.equal(failed?.status, 'True');
    assert.equal(failed?.reason, 'BackoffLimitExceeded');
    assert.equal(failed?.message, 'Job has reached the specified backoff limit');
    assert.equal(job.status?.completionTime, undefined);
    assert.ok(
      h.eventLines().includes('Warning BackoffLimitExceeded Job has reached the specified backoff limit'),
    );
    assert.equal(h.pods().length, 1, 'no replacement pod');
  });

  it('waits 10 s, then 20 s before replacing failed pods (exponential backoff)', async () => {
    const { h, c, key } = setup(newJob('retry', { backoffLimit: 6 }));
    await sync(h, c, key);
    await h.setPodPhase(h.pods()[0] as Pod, 'Failed');
    await sync(h, c, key);
    assert.equal(activePods(h).length, 0);
    assert.ok(c.queue.delayed() > 0, 'a timed requeue for the end of the backoff');
    h.clock.advance(9_000);
    await sync(h, c, key);
    assert.equal(activePods(h).length, 0);
    h.clock.advance(1_000);
    await sync(h, c, key);
    assert.equal(activePods(h).length, 1);

    await h.setPodPhase(activePods(h)[0] as Pod, 'Failed');
    await sync(h, c, key);
    h.clock.advance(19_000);
    await sync(h, c, key);
    assert.equal(activePods(h).length, 0, 'second failure waits 20 s');
    h.clock.advance(1_000);
    const job = await sync(h, c, key);
    assert.equal(activePods(h).length, 1);
    assert.equal(job.status?.failed, 2);
  });

  it('fails the Job at once when a FailJob rule of the pod failure policy matches', async () => {
    const { h, c, key } = setup(
      newJob('pfp', {
        backoffLimit: 6,
        podReplacementPolicy: 'Failed',
        podFailurePolicy: {
          rules: [
            { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } },
            { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          ],
        },
      }),
    );
    await sync(h, c, key);
    const pod = h.pods()[0] as Pod;
    await h.setPodPhase(pod, 'Failed', {
      containerStatuses: [
        {
          name: 'main',
          image: 'busybox',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 42, finishedAt: '2026-01-01T00:00:00Z' } },
        },
      ],
    });
    const job = await sync(h, c, key);
    const failed = condition(job, 'Failed');
    assert.equal(failed?.reason, 'PodFailurePolicy');
    assert.equal(
      failed?.message,
      `Container main for pod default/${pod.metadata?.name ?? ''} failed with exit code 42 matching FailJob rule at index 0`,
    );
    assert.equal(job.status?.failed, 1);
  });

  it('does not count failures an Ignore rule matches', async () => {
    const { h, c, key } = setup(
      newJob('ign', {
        backoffLimit: 0,
        podReplacementPolicy: 'Failed',
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
        },
      }),
    );
    await sync(h, c, key);
    await h.setPodPhase(h.pods()[0] as Pod, 'Failed', {
      conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC' }],
    });
    const job = await sync(h, c, key);
    assert.equal(condition(job, 'Failed'), undefined);
    assert.equal(job.status?.failed ?? 0, 0);
    h.clock.advance(10_000);
    await sync(h, c, key);
    assert.equal(activePods(h).length, 1, 'the pod is replaced after the backoff');
  });

  it('suspends and resumes a Job', async () => {
    const { h, c, key } = setup(newJob('sus', { suspend: true, completions: 2, parallelism: 2 }));
    let job = await sync(h, c, key);
    assert.equal(h.pods().length, 0);
    assert.equal(job.status?.startTime, undefined);
    const suspended = condition(job, 'Suspended');
    assert.equal(suspended?.status, 'True');
    assert.equal(suspended?.reason, 'JobSuspended');
    assert.equal(suspended?.message, 'Job suspended');
    assert.ok(h.eventLines().includes('Normal Suspended Job suspended'));

    h.clock.advance(5_000);
    const cur = h.get(JOBS, 'sus');
    await h.client.resource(JOBS).update({ ...cur, spec: { ...cur.spec!, suspend: false } });
    job = await sync(h, c, key);
    assert.equal(h.pods().length, 2);
    const resumed = condition(job, 'Suspended');
    assert.equal(resumed?.status, 'False');
    assert.equal(resumed?.reason, 'JobResumed');
    assert.equal(job.status?.startTime, '2026-01-01T00:00:05Z');
    assert.ok(h.eventLines().includes('Normal Resumed Job resumed'));

    const again = h.get(JOBS, 'sus');
    await h.client.resource(JOBS).update({ ...again, spec: { ...again.spec!, suspend: true } });
    job = await sync(h, c, key);
    assert.equal(activePods(h).filter((p) => p.metadata?.deletionTimestamp == null).length, 0);
    assert.equal(condition(job, 'Suspended')?.status, 'True');
    assert.equal(job.status?.failed ?? 0, 0, 'pods removed by suspension are not failures');
    assert.equal(h.eventLines().filter((l) => l.startsWith('Normal SuccessfulDelete')).length, 2);
  });

  it('fails the Job with DeadlineExceeded at activeDeadlineSeconds', async () => {
    const { h, c, key } = setup(newJob('slow', { activeDeadlineSeconds: 30 }));
    await sync(h, c, key);
    h.clock.advance(2_000);
    // The pod event's batched sync replaces the later deadline timer; that sync sets it again.
    assert.equal(c.queue.len(), 1);
    const k = await c.queue.get();
    assert.equal(k, key);
    await sync(h, c, key);
    c.queue.done(key);
    h.clock.advance(27_000);
    assert.equal(c.queue.len(), 0);
    h.clock.advance(1_000);
    assert.equal(c.queue.len(), 1, 'requeued at the deadline');
    let job = await sync(h, c, key);
    assert.equal(condition(job, 'FailureTarget')?.reason, 'DeadlineExceeded');
    job = await sync(h, c, key);
    const failed = condition(job, 'Failed');
    assert.equal(failed?.reason, 'DeadlineExceeded');
    assert.equal(failed?.message, 'Job was active longer than specified deadline');
    assert.equal(job.status?.failed, 1);
    assert.equal(h.pods().length, 0, 'the active pod was deleted and its finalizer removed');
  });

  it('declares success early when the success policy is met and stops the other pods', async () => {
    const { h, c, key } = setup(
      newJob('leader', {
        completions: 3,
        parallelism: 3,
        completionMode: 'Indexed',
        successPolicy: { rules: [{ succeededIndexes: '0' }] },
      }),
    );
    await sync(h, c, key);
    const leader = h
      .pods()
      .find((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'] === '0') as Pod;
    await h.setPodPhase(leader, 'Succeeded');
    let job = await sync(h, c, key);
    const met = condition(job, 'SuccessCriteriaMet');
    assert.equal(met?.reason, 'SuccessPolicy');
    assert.equal(met?.message, 'Matched rules at index 0');
    assert.equal(condition(job, 'Complete'), undefined, 'waits for the other pods to terminate');
    job = await sync(h, c, key);
    assert.equal(condition(job, 'Complete')?.reason, 'SuccessPolicy');
    assert.equal(job.status?.completedIndexes, '0');
  });

  it('fails indexes past backoffLimitPerIndex and the Job when maxFailedIndexes is passed', async () => {
    const { h, c, key } = setup(
      newJob('per', {
        completions: 2,
        parallelism: 2,
        completionMode: 'Indexed',
        backoffLimit: 2147483647,
        backoffLimitPerIndex: 0,
        maxFailedIndexes: 0,
      }),
    );
    await sync(h, c, key);
    const pod = h.pods()[0] as Pod;
    assert.equal(pod.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count'], '0');
    await h.setPodPhase(pod, 'Failed');
    let job = await sync(h, c, key);
    assert.equal(condition(job, 'FailureTarget')?.reason, 'MaxFailedIndexesExceeded');
    job = await sync(h, c, key);
    assert.equal(
      job.status?.failedIndexes,
      pod.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'],
    );
    assert.equal(
      condition(job, 'Failed')?.message,
      'Job has exceeded the specified maximal number of failed indexes',
    );
  });

  it('waits for a terminating pod to fail before replacing it under podReplacementPolicy Failed', async () => {
    const { h, c, key } = setup(newJob('careful', { podReplacementPolicy: 'Failed' }));
    await sync(h, c, key);
    const pod = h.pods()[0] as Pod;
    await h.client.resource(PODS).delete('default', pod.metadata?.name ?? '');
    let job = await sync(h, c, key);
    assert.equal(job.status?.terminating, 1);
    assert.equal(job.status?.active, undefined);
    assert.equal(h.pods().length, 1, 'not replaced while terminating');
    await h.setPodPhase(pod, 'Failed');
    job = await sync(h, c, key);
    assert.equal(job.status?.failed, 1);
    h.clock.advance(10_000);
    job = await sync(h, c, key);
    assert.equal(job.status?.active, 1);
    assert.equal(job.status?.terminating, 0);
  });

  it('counts a deleted pod as failed and replaces it under TerminatingOrFailed', async () => {
    const { h, c, key } = setup(newJob('eager'));
    await sync(h, c, key);
    const pod = h.pods()[0] as Pod;
    await h.client.resource(PODS).delete('default', pod.metadata?.name ?? '');
    let job = await sync(h, c, key);
    assert.equal(job.status?.failed, 1);
    h.clock.advance(10_000);
    job = await sync(h, c, key);
    assert.equal(job.status?.active, 1);
    assert.equal(activePods(h).filter((p) => p.metadata?.deletionTimestamp == null).length, 1);
  });

  it('reports ready pods', async () => {
    const { h, c, key } = setup(newJob('ready', { completions: 2, parallelism: 2 }));
    await sync(h, c, key);
    await h.setPodPhase(h.pods()[0] as Pod, 'Running', {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    });
    const job = await sync(h, c, key);
    assert.equal(job.status?.ready, 1);
    assert.equal(job.status?.active, 2);
  });

  it('adopts an orphan pod matching its selector and adds the tracking finalizer', async () => {
    const job = newJob('adopt');
    const { h, c, key } = setup(job);
    h.seed(PODS, [
      {
        metadata: { name: 'stray', namespace: 'default', labels: job.spec?.template.metadata?.labels ?? {} },
        spec: { containers: [{ name: 'main', image: 'busybox' }] },
        status: { phase: 'Running' },
      },
    ]);
    const j = await sync(h, c, key);
    const stray = h.get(PODS, 'stray');
    assert.equal(stray.metadata?.ownerReferences?.[0]?.uid, 'uid-adopt');
    assert.deepEqual(stray.metadata?.finalizers, ['batch.kubernetes.io/job-tracking']);
    assert.equal(h.pods().length, 1, 'no new pod: the adopted one is active');
    assert.equal(j.status?.active, 1);
  });

  it('completes a Job without completions once one pod succeeded and the others ended', async () => {
    const { h, c, key } = setup(newJob('queue', { completions: undefined, parallelism: 2 }));
    await sync(h, c, key);
    const [a, b] = h.pods() as [Pod, Pod];
    await h.setPodPhase(a, 'Succeeded');
    let job = await sync(h, c, key);
    assert.equal(job.status?.succeeded, 1);
    assert.equal(job.status?.active, 1, 'the other pod keeps running');
    assert.equal(h.pods().length, 2, 'no new pod after a success');
    await h.setPodPhase(b, 'Succeeded');
    job = await sync(h, c, key);
    assert.equal(condition(job, 'Complete')?.status, 'True');
  });

  it('creates no more pods until the cache has shown the ones it created', async () => {
    const { h, c, key } = setup(newJob('expect', { completions: 2, parallelism: 2 }));
    h.refresh();
    await c.sync(key);
    assert.equal(h.client.objects(PODS).length, 2);
    // The pod cache has not seen the new pods: a second sync must not create two more.
    h.refresh(JOBS);
    await c.sync(key);
    assert.equal(h.client.objects(PODS).length, 2);
    assert.equal(c.expectations.satisfiedExpectations(key), false);
    h.refresh();
    assert.equal(c.expectations.satisfiedExpectations(key), true);
    assert.equal(c.queue.delayed(), 1, 'pod events enqueue the Job, batched');
    h.clock.advance(1_000);
    assert.equal(c.queue.len(), 1);
  });

  it('replaces a failed index with a pod carrying the failure count, then fails the index', async () => {
    const { h, c, key } = setup(
      newJob('count', { completions: 1, parallelism: 1, completionMode: 'Indexed', backoffLimitPerIndex: 1 }),
    );
    await sync(h, c, key);
    const first = h.pods()[0] as Pod;
    await h.setPodPhase(first, 'Failed');
    await sync(h, c, key);
    assert.deepEqual(
      h.get(PODS, first.metadata?.name ?? '').metadata?.finalizers,
      ['batch.kubernetes.io/job-tracking'],
      'kept until its replacement exists',
    );
    h.clock.advance(10_000);
    await sync(h, c, key);
    const second = activePods(h)[0] as Pod;
    assert.equal(second.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count'], '1');
    let job = await sync(h, c, key);
    assert.equal(job.status?.failed, 1, 'the first failure is counted once the replacement exists');
    await h.setPodPhase(second, 'Failed');
    job = await sync(h, c, key);
    assert.equal(condition(job, 'FailureTarget')?.reason, 'FailedIndexes');
    job = await sync(h, c, key);
    assert.equal(job.status?.failedIndexes, '0');
    assert.equal(condition(job, 'Failed')?.message, 'Job has failed indexes');
  });

  it('removes the tracking finalizer of pods whose Job is gone', async () => {
    const { h, c, key } = setup(newJob('gone'));
    await sync(h, c, key);
    const pod = h.pods()[0] as Pod;
    h.client.objects(JOBS);
    await h.client.resource(JOBS).delete('default', 'gone');
    h.refresh();
    await c.syncOrphanPod(`default/${pod.metadata?.name ?? ''}`);
    assert.deepEqual(h.get(PODS, pod.metadata?.name ?? '').metadata?.finalizers ?? [], []);
  });
});
