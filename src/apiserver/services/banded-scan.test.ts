import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandedOrder, takeFirstFree } from './banded-scan.js';
import { fixedRandom } from './test-store.js';

describe('bandedOrder', () => {
  it('visits the upper band from its random start, then the lower band, each offset once', () => {
    const order = [...bandedOrder(10n, 3n, (n) => (n === 7n ? 2n : 1n))];
    assert.deepEqual(order, [5n, 6n, 7n, 8n, 9n, 3n, 4n, 1n, 2n, 0n]);
  });

  it('has no lower band when nothing is reserved', () => {
    assert.deepEqual([...bandedOrder(4n, 0n, fixedRandom(0))], [0n, 1n, 2n, 3n]);
  });
});

describe('takeFirstFree', () => {
  const none = async () => new Set<bigint>();

  it('tries the first candidate blind and succeeds without listing', async () => {
    let listed = 0;
    const got = await takeFirstFree(
      6n,
      2n,
      fixedRandom(0),
      async () => {
        listed++;
        return new Set();
      },
      async () => true,
    );
    assert.equal(got, 2n);
    assert.equal(listed, 0);
  });

  it('after a refusal, skips the used offsets without trying them', async () => {
    const tried: bigint[] = [];
    const got = await takeFirstFree(
      6n,
      2n,
      fixedRandom(0),
      async () => new Set([2n, 3n]),
      async (o) => {
        tried.push(o);
        return o !== 2n;
      },
    );
    assert.equal(got, 4n);
    assert.deepEqual(tried, [2n, 4n]);
  });

  it('goes on past refusals (values taken by another writer)', async () => {
    const got = await takeFirstFree(6n, 2n, fixedRandom(0), none, async (o) => o === 5n);
    assert.equal(got, 5n);
  });

  it('answers undefined when every value is used', async () => {
    const got = await takeFirstFree(
      3n,
      0n,
      fixedRandom(0),
      async () => new Set([0n, 1n, 2n]),
      async () => false,
    );
    assert.equal(got, undefined);
  });

  it('never tries skipped offsets', async () => {
    const got = await takeFirstFree(3n, 0n, fixedRandom(0), none, async () => true, {
      skip: new Set([0n, 1n]),
    });
    assert.equal(got, 2n);
  });

  it('falls back to the static band when the upper band is full', async () => {
    const got = await takeFirstFree(
      4n,
      2n,
      fixedRandom(0),
      async () => new Set([2n, 3n]),
      async (o) => o < 2n,
    );
    assert.equal(got, 0n);
  });
});
