import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { JOBS } from '../../client/resources.js';
import { BatchHarness, newJob } from '../job/testing.js';
import { TTLAfterFinishedController } from './controller.js';

const START = Date.UTC(2026, 0, 1);

function finished(name: string, ttl: number | undefined, at: number): Job {
  const j = newJob(name, ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl });
  const t = new Date(at).toISOString();
  j.status = { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: t, lastProbeTime: t }] };
  return j;
}

describe('TTLAfterFinishedController', () => {
  it('deletes a finished Job when its TTL expires, with foreground propagation and a uid precondition', async () => {
    const h = new BatchHarness(START);
    const c = new TTLAfterFinishedController(h.ctx);
    h.seed(JOBS, [finished('old', 60, START - 10_000)]);
    assert.equal(c.queue.len(), 1, 'enqueued when seen finished');
    await c.sync('default/old');
    assert.equal(h.client.objects(JOBS).length, 1, 'not yet');
    assert.equal(h.clock.nextAt(), START + 50_000, 'requeued for the expiry');

    h.clock.advance(50_000);
    h.client.clearActions();
    await c.sync('default/old');
    const gone = h.get(JOBS, 'old');
    assert.ok(gone.metadata?.deletionTimestamp, 'being deleted');
    assert.deepEqual(gone.metadata?.finalizers, ['foregroundDeletion']);
    const del = h.client.actions().find((a) => a.verb === 'delete');
    assert.deepEqual(del?.options, { propagationPolicy: 'Foreground', preconditions: { uid: 'uid-old' } });
  });

  it('leaves running Jobs and Jobs without a TTL alone', async () => {
    const h = new BatchHarness(START);
    const c = new TTLAfterFinishedController(h.ctx);
    h.seed(JOBS, [
      finished('keep', undefined, START - 1_000_000),
      newJob('running', { ttlSecondsAfterFinished: 0 }),
    ]);
    assert.equal(c.queue.len(), 0);
    await c.sync('default/keep');
    await c.sync('default/running');
    assert.equal(h.client.objects(JOBS).length, 2);
    assert.equal(h.clock.pending(), 0, 'no timers');
  });

  it('does not delete when the fresh read shows a longer TTL', async () => {
    const h = new BatchHarness(START);
    const c = new TTLAfterFinishedController(h.ctx);
    h.seed(JOBS, [finished('changed', 0, START - 1_000)]);
    const cur = h.get(JOBS, 'changed');
    h.client.seed(JOBS, [{ ...cur, spec: { ...cur.spec!, ttlSecondsAfterFinished: 3600 } }]);
    await c.sync('default/changed');
    assert.equal(h.client.objects(JOBS).length, 1);
  });
});
