import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preEnqueue } from './index.js';

describe('SchedulingGates', () => {
  it('holds gated pods', () => {
    assert.equal(preEnqueue({ spec: { containers: [] } }), undefined);
    const s = preEnqueue({ spec: { containers: [], schedulingGates: [{ name: 'a' }, { name: 'b' }] } });
    assert.equal(s?.code, 'UnschedulableAndUnresolvable');
    assert.equal(s?.message(), 'waiting for scheduling gates: [a b]');
  });
});
