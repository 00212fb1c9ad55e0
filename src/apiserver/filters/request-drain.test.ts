import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestDrain } from './request-drain.js';

describe('RequestDrain', () => {
  it('is drained at once when empty', async () => {
    assert.equal(await new RequestDrain().drained(10_000), true);
  });

  it('resolves once the last request leaves', async () => {
    const d = new RequestDrain();
    const a = d.enter();
    const b = d.enter();
    assert.equal(d.size, 2);
    let done: boolean | undefined;
    const p = d.drained(60_000).then((v) => {
      done = v;
    });
    a();
    a(); // idempotent
    await Promise.resolve();
    assert.equal(done, undefined);
    assert.equal(d.size, 1);
    b();
    await p;
    assert.equal(done, true);
  });

  it('gives up after the timeout', async () => {
    const d = new RequestDrain();
    const leave = d.enter();
    assert.equal(await d.drained(5), false);
    leave();
    assert.equal(d.size, 0);
  });
});
