import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slowStartBatch } from './slow-start.js';

describe('slowStartBatch', () => {
  const cases: {
    name: string;
    count: number;
    initial: number;
    failAt?: number;
    calls: number;
    successes: number;
    batches: number[];
  }[] = [
    { name: 'nothing to do', count: 0, initial: 1, calls: 0, successes: 0, batches: [] },
    { name: 'doubling batches', count: 10, initial: 1, calls: 10, successes: 10, batches: [1, 2, 4, 3] },
    { name: 'larger first batch', count: 10, initial: 3, calls: 10, successes: 10, batches: [3, 6, 1] },
    { name: 'first call fails', count: 10, initial: 1, failAt: 1, calls: 1, successes: 0, batches: [1] },
    {
      name: 'failure in the third batch finishes it',
      count: 10,
      initial: 1,
      failAt: 5,
      calls: 7,
      successes: 6,
      batches: [1, 2, 4],
    },
  ];
  for (const c of cases)
    it(c.name, async () => {
      let calls = 0;
      let inFlight = 0;
      const batches: number[] = [];
      let current = 0;
      const r = await slowStartBatch(c.count, c.initial, async () => {
        calls++;
        if (inFlight === 0) {
          if (current > 0) batches.push(current);
          current = 0;
        }
        inFlight++;
        current++;
        const n = calls;
        await Promise.resolve();
        inFlight--;
        if (n === c.failAt) throw new Error(`boom ${n}`);
      });
      if (current > 0) batches.push(current);
      assert.equal(calls, c.calls);
      assert.equal(r.successes, c.successes);
      assert.equal(r.failed, c.failAt !== undefined);
      if (c.failAt !== undefined) assert.equal((r.error as Error).message, `boom ${c.failAt}`);
      assert.deepEqual(batches, c.batches);
    });

  it('turns a synchronous throw into a failure', async () => {
    const r = await slowStartBatch(3, 1, () => {
      throw new Error('sync');
    });
    assert.equal(r.successes, 0);
    assert.equal(r.failed, true);
  });
});
