// The Job and TTL-after-finished controllers against a real API server: they run in the test
// process over the REST client and informers; the test stands in for kubelets by writing pod
// status.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { EVENTS, JOBS, NAMESPACES, PODS } from '../../src/client/resources.js';
import type { Client } from '../../src/client/types.js';
import { garbageCollectorController } from '../../src/controllers/garbagecollector/index.js';
import { jobController } from '../../src/controllers/job/index.js';
import { ttlAfterFinishedController } from '../../src/controllers/ttlafterfinished/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';

const NS = 'job-test';
let env: ControllerEnv;
let client: Client;

before(async () => {
  env = await startControllerEnv({
    controllers: [jobController, ttlAfterFinishedController, garbageCollectorController],
  });
  client = env.client;
  await client.resource(NAMESPACES).create('', { metadata: { name: NS } });
});

after(async () => {
  await env?.stop();
});

function job(name: string, spec: Partial<NonNullable<Job['spec']>>): Job {
  return {
    metadata: { name },
    spec: {
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'registry.invalid/batch:1' }] },
      },
      ...spec,
    },
  };
}

async function podsOf(name: string): Promise<Pod[]> {
  return (await client.resource(PODS).list(NS, { labelSelector: `batch.kubernetes.io/job-name=${name}` }))
    .items;
}

async function setPhase(pod: Pod, phase: 'Succeeded' | 'Failed'): Promise<void> {
  const fresh = await client.resource(PODS).get(NS, pod.metadata?.name ?? '');
  await client.resource(PODS).updateStatus({ ...fresh, status: { ...fresh.status, phase } });
}

const condition = (j: Job, type: string) =>
  j.status?.conditions?.find((c) => c.type === type && c.status === 'True');

describe('Job controller over a real API server', () => {
  test('a Job of 3 completions completes once its pods succeed', async () => {
    await client.resource(JOBS).create(NS, job('three', { completions: 3, parallelism: 3 }));
    const pods = await eventually('3 pods', async () => {
      const ps = await podsOf('three');
      return ps.length === 3 ? ps : undefined;
    });
    for (const p of pods) {
      assert.deepEqual(p.metadata?.finalizers, ['batch.kubernetes.io/job-tracking']);
      assert.equal(p.metadata?.ownerReferences?.[0]?.kind, 'Job');
    }
    const running = await eventually('status.active 3', async () => {
      const j = await client.resource(JOBS).get(NS, 'three');
      return j.status?.active === 3 ? j : undefined;
    });
    assert.ok(running.status?.startTime);

    for (const p of pods) await setPhase(p, 'Succeeded');
    const done = await eventually('Complete', async () => {
      const j = await client.resource(JOBS).get(NS, 'three');
      return condition(j, 'Complete') ? j : undefined;
    });
    assert.equal(done.status?.succeeded, 3);
    assert.equal(condition(done, 'SuccessCriteriaMet')?.reason, 'CompletionsReached');
    assert.ok(done.status?.completionTime);
    for (const p of await podsOf('three')) assert.deepEqual(p.metadata?.finalizers ?? [], []);

    const events = await eventually('the Completed event', async () => {
      const list = (await client.resource(EVENTS).list(NS)).items.filter(
        (e) => e.involvedObject.name === 'three',
      );
      return list.some((e) => e.reason === 'Completed') ? list : undefined;
    });
    assert.equal(events.filter((e) => e.reason === 'SuccessfulCreate').length, 3);
    assert.equal(events.find((e) => e.reason === 'Completed')?.source?.component, 'job-controller');
  });

  test('a Job with backoffLimit 0 fails when its pod fails', async () => {
    await client.resource(JOBS).create(NS, job('once', { backoffLimit: 0 }));
    const [pod] = await eventually('a pod', async () => {
      const ps = await podsOf('once');
      return ps.length === 1 ? ps : undefined;
    });
    await setPhase(pod as Pod, 'Failed');
    const failed = await eventually('Failed', async () => {
      const j = await client.resource(JOBS).get(NS, 'once');
      return condition(j, 'Failed') ? j : undefined;
    });
    assert.equal(condition(failed, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal(condition(failed, 'Failed')?.message, 'Job has reached the specified backoff limit');
    assert.equal(failed.status?.failed, 1);
  });

  test('an Indexed Job runs one pod per index and records completed indexes', async () => {
    await client
      .resource(JOBS)
      .create(NS, job('indexed', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    const pods = await eventually('3 indexed pods', async () => {
      const ps = await podsOf('indexed');
      return ps.length === 3 ? ps : undefined;
    });
    const indexes = pods
      .map((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'])
      .sort();
    assert.deepEqual(indexes, ['0', '1', '2']);
    for (const p of pods) await setPhase(p, 'Succeeded');
    const done = await eventually('Complete', async () => {
      const j = await client.resource(JOBS).get(NS, 'indexed');
      return condition(j, 'Complete') ? j : undefined;
    });
    assert.equal(done.status?.completedIndexes, '0-2');
  });

  test('a suspended Job starts no pods until resumed', async () => {
    await client.resource(JOBS).create(NS, job('later', { suspend: true }));
    const suspended = await eventually('Suspended', async () => {
      const j = await client.resource(JOBS).get(NS, 'later');
      return condition(j, 'Suspended') ? j : undefined;
    });
    assert.equal(suspended.status?.startTime, undefined);
    assert.equal((await podsOf('later')).length, 0);
    await client.resource(JOBS).patch(NS, 'later', 'merge', { spec: { suspend: false } });
    await eventually('a pod after resuming', async () =>
      (await podsOf('later')).length === 1 ? true : undefined,
    );
    const resumed = await eventually('startTime', async () => {
      const j = await client.resource(JOBS).get(NS, 'later');
      return j.status?.startTime ? j : undefined;
    });
    assert.equal(resumed.status?.conditions?.find((c) => c.type === 'Suspended')?.reason, 'JobResumed');
  });

  test('a finished Job with ttlSecondsAfterFinished 0 is deleted with its pods', async () => {
    await client.resource(JOBS).create(NS, job('brief', { ttlSecondsAfterFinished: 0 }));
    const [pod] = await eventually('a pod', async () => {
      const ps = await podsOf('brief');
      return ps.length === 1 ? ps : undefined;
    });
    await setPhase(pod as Pod, 'Succeeded');
    await eventually('the Job and its pod gone', async () => {
      const jobs = (await client.resource(JOBS).list(NS)).items.filter((j) => j.metadata?.name === 'brief');
      return jobs.length === 0 && (await podsOf('brief')).length === 0 ? true : undefined;
    });
  });

  test('deleting a running Job releases the finalizers of its pods', async () => {
    await client.resource(JOBS).create(NS, job('dropped', {}));
    await eventually('a pod', async () => ((await podsOf('dropped')).length === 1 ? true : undefined));
    await client.resource(JOBS).delete(NS, 'dropped', { propagationPolicy: 'Background' });
    await eventually('the pod gone', async () => ((await podsOf('dropped')).length === 0 ? true : undefined));
  });
});
