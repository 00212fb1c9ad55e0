import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteLimiter } from './write-limiter.js';

describe('WriteLimiter', () => {
  it('bounds concurrency and runs urgent writes before background ones', async () => {
    const l = new WriteLimiter(1);
    const order: string[] = [];
    let release!: () => void;
    l.run(() => new Promise<void>((r) => (release = r)));
    l.run(async () => void order.push('bg1'), true);
    l.run(async () => void order.push('bg2'), true);
    l.run(async () => void order.push('urgent'));
    assert.equal(l.pending(), 4);
    assert.deepEqual(order, []);
    release();
    for (let i = 0; i < 20 && l.pending() > 0; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ['urgent', 'bg1', 'bg2']);
    assert.equal(l.pending(), 0);
  });
});
