import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../client/testing/manual-clock.js';
import {
  ControllerExpectations,
  EXPECTATIONS_TIMEOUT_MS,
  UIDTrackingControllerExpectations,
} from './expectations.js';

describe('ControllerExpectations', () => {
  it('is satisfied without a record', () => {
    const e = new ControllerExpectations(new ManualClock());
    assert.equal(e.satisfiedExpectations('ns/a'), true);
  });

  it('waits for every expected creation', () => {
    const e = new ControllerExpectations(new ManualClock());
    e.expectCreations('ns/a', 2);
    assert.equal(e.satisfiedExpectations('ns/a'), false);
    e.creationObserved('ns/a');
    assert.equal(e.satisfiedExpectations('ns/a'), false);
    e.creationObserved('ns/a');
    assert.equal(e.satisfiedExpectations('ns/a'), true);
    e.creationObserved('ns/a');
    assert.equal(e.getExpectations('ns/a')?.add, -1);
    assert.equal(e.satisfiedExpectations('ns/a'), true);
  });

  it('waits for deletions, raise and lower', () => {
    const e = new ControllerExpectations(new ManualClock());
    e.expectDeletions('ns/a', 1);
    e.raiseExpectations('ns/a', 1, 1);
    assert.deepEqual([e.getExpectations('ns/a')?.add, e.getExpectations('ns/a')?.del], [1, 2]);
    e.lowerExpectations('ns/a', 1, 1);
    e.deletionObserved('ns/a');
    assert.equal(e.satisfiedExpectations('ns/a'), true);
  });

  it('expires after the TTL', () => {
    const clock = new ManualClock();
    const e = new ControllerExpectations(clock);
    e.expectCreations('ns/a', 5);
    clock.advance(EXPECTATIONS_TIMEOUT_MS);
    assert.equal(e.satisfiedExpectations('ns/a'), false);
    clock.advance(1);
    assert.equal(e.satisfiedExpectations('ns/a'), true);
  });

  it('setting replaces, deleting forgets; lowering without a record does nothing', () => {
    const e = new ControllerExpectations(new ManualClock());
    e.expectCreations('ns/a', 5);
    e.setExpectations('ns/a', 0, 0);
    assert.equal(e.satisfiedExpectations('ns/a'), true);
    e.expectCreations('ns/a', 1);
    e.deleteExpectations('ns/a');
    assert.equal(e.getExpectations('ns/a'), undefined);
    e.creationObserved('ns/b');
    assert.equal(e.getExpectations('ns/b'), undefined);
  });
});

describe('UIDTrackingControllerExpectations', () => {
  it('counts each expected pod deletion once', () => {
    const e = new UIDTrackingControllerExpectations(new ManualClock());
    e.expectDeletions('ns/rs', ['ns/p1', 'ns/p2']);
    assert.equal(e.satisfiedExpectations('ns/rs'), false);
    e.deletionObserved('ns/rs', 'ns/p1');
    e.deletionObserved('ns/rs', 'ns/p1');
    e.deletionObserved('ns/rs', 'ns/other');
    assert.equal(e.getExpectations('ns/rs')?.del, 1);
    assert.deepEqual([...(e.getUIDs('ns/rs') ?? [])], ['ns/p2']);
    e.deletionObserved('ns/rs', 'ns/p2');
    assert.equal(e.satisfiedExpectations('ns/rs'), true);
  });

  it('tracks creations and forgets everything on delete', () => {
    const e = new UIDTrackingControllerExpectations(new ManualClock());
    e.expectCreations('ns/rs', 1);
    assert.equal(e.satisfiedExpectations('ns/rs'), false);
    e.creationObserved('ns/rs');
    assert.equal(e.satisfiedExpectations('ns/rs'), true);
    e.expectDeletions('ns/rs', ['ns/p']);
    e.deleteExpectations('ns/rs');
    assert.equal(e.getUIDs('ns/rs'), undefined);
    assert.equal(e.satisfiedExpectations('ns/rs'), true);
  });
});
