import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueuedPodInfo } from '../../framework/types.js';
import { less } from './index.js';

const q = (priority: number | undefined, timestamp: number) =>
  ({ podInfo: { pod: { spec: { containers: [], priority } } }, timestamp }) as unknown as QueuedPodInfo;

describe('PrioritySort', () => {
  it('orders by priority then age', () => {
    assert.equal(less(q(10, 5), q(1, 1)), true);
    assert.equal(less(q(1, 1), q(10, 5)), false);
    assert.equal(less(q(undefined, 1), q(0, 2)), true);
    assert.equal(less(q(0, 2), q(undefined, 1)), false);
  });
});
