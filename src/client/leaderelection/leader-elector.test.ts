import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { EventRecorder } from '../events/types.js';
import { LEASES } from '../resources.js';
import { FakeClient } from '../testing/fake-client.js';
import { ManualClock } from '../testing/manual-clock.js';
import { LeaderElector, type LeaderElectorOptions } from './leader-elector.js';

async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

/** Moves the clock `ms` forward in small steps, letting the electors' requests complete. */
async function step(clock: ManualClock, ms: number, by = 100): Promise<void> {
  for (let t = 0; t < ms; t += by) {
    clock.advance(Math.min(by, ms - t));
    await settle();
  }
}

interface Candidate {
  elector: LeaderElector;
  ac: AbortController;
  log: string[];
  leading: () => boolean;
  done: Promise<void>;
  leadSignal: () => AbortSignal | undefined;
}

function candidate(
  client: FakeClient,
  clock: ManualClock,
  identity: string,
  extra: Partial<LeaderElectorOptions> = {},
): Candidate {
  const log: string[] = [];
  let signal: AbortSignal | undefined;
  const elector = new LeaderElector({
    client,
    clock,
    namespace: 'kube-system',
    name: 'kube-controller-manager',
    identity,
    random: () => 0,
    callbacks: {
      onStartedLeading: (s) => {
        signal = s;
        log.push('started');
      },
      onStoppedLeading: () => log.push('stopped'),
      onNewLeader: (id) => log.push(`leader ${id}`),
    },
    ...extra,
  });
  const ac = new AbortController();
  const done = elector.run(ac.signal);
  return {
    elector,
    ac,
    log,
    done,
    leading: () => signal !== undefined && !signal.aborted,
    leadSignal: () => signal,
  };
}

function lease(client: FakeClient): Lease | undefined {
  return client.objects(LEASES, 'kube-system')[0];
}

const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe('LeaderElector', () => {
  it('lets one of two candidates lead and keeps renewing', async () => {
    const clock = new ManualClock();
    const client = new FakeClient({ clock });
    const a = candidate(client, clock, 'a');
    await settle();
    const b = candidate(client, clock, 'b');
    await settle();
    assert.equal(a.leading(), true);
    assert.equal(b.leading(), false);
    assert.deepEqual(a.log, ['leader a', 'started']);
    assert.deepEqual(b.log, ['leader a']);
    const first = lease(client);
    assert.equal(first?.spec?.holderIdentity, 'a');
    assert.equal(first?.spec?.leaseDurationSeconds, 15);
    assert.equal(first?.spec?.leaseTransitions, 0);
    assert.match(first?.spec?.acquireTime ?? '', MICRO);
    assert.equal(first?.spec?.renewTime, first?.spec?.acquireTime);

    await step(clock, 60_000);
    assert.equal(a.leading(), true);
    assert.equal(b.leading(), false);
    const later = lease(client);
    assert.equal(later?.spec?.holderIdentity, 'a');
    assert.equal(later?.spec?.acquireTime, first?.spec?.acquireTime);
    assert.notEqual(later?.spec?.renewTime, first?.spec?.renewTime);
    assert.equal(later?.spec?.leaseTransitions, 0);
    a.ac.abort();
    b.ac.abort();
    await Promise.all([a.done, b.done]);
    assert.deepEqual(a.log, ['leader a', 'started', 'stopped']);
    assert.deepEqual(b.log, ['leader a', 'stopped']);
  });

  it('hands over once the leader stops renewing for the lease duration', async () => {
    const clock = new ManualClock();
    const client = new FakeClient({ clock });
    const a = candidate(client, clock, 'a');
    await settle();
    const b = candidate(client, clock, 'b');
    await settle();
    // From now on every write by `a` fails as if the API server were unreachable.
    let failing = false;
    client.prependReactor('*', 'leases', (action) => {
      const spec = (action.object as Lease | undefined)?.spec;
      if (failing && spec?.holderIdentity === 'a') throw new Error('connect ECONNREFUSED');
      return undefined;
    });
    await step(clock, 2_000);
    failing = true;
    const lastRenew = Date.parse(lease(client)?.spec?.renewTime ?? '');
    // `a`'s next renewal (at 4 s) fails; it gives up 10 s (its renew deadline) later, while `b`
    // waits for 15 s without a change to the Lease.
    await step(clock, 11_500);
    assert.equal(a.leading(), true);
    await step(clock, 1_000);
    assert.equal(a.leading(), false);
    assert.equal(a.leadSignal()?.aborted, true);
    await a.done;
    assert.deepEqual(a.log, ['leader a', 'started', 'stopped']);
    assert.equal(b.leading(), false);
    await step(clock, 8_000);
    assert.equal(b.leading(), true);
    const l = lease(client);
    assert.equal(l?.spec?.holderIdentity, 'b');
    assert.equal(l?.spec?.leaseTransitions, 1);
    assert.ok(Date.parse(l?.spec?.acquireTime ?? '') >= lastRenew + 15_000);
    assert.deepEqual(b.log, ['leader a', 'leader b', 'started']);
    b.ac.abort();
    await b.done;
  });

  it('settles a creation race and survives an update conflict', async () => {
    const clock = new ManualClock();
    const client = new FakeClient({ clock });
    const a = candidate(client, clock, 'a');
    const b = candidate(client, clock, 'b');
    await settle();
    assert.equal([a.leading(), b.leading()].filter(Boolean).length, 1);
    const leader = a.leading() ? a : b;
    const other = leader === a ? b : a;
    // Someone else touches the Lease: the leader's optimistic update conflicts, then it rereads.
    const l = lease(client) as Lease;
    await client.resource(LEASES).update({ ...l, metadata: { ...l.metadata, labels: { touched: 'yes' } } });
    await step(clock, 30_000);
    assert.equal(leader.leading(), true);
    assert.equal(other.leading(), false);
    assert.ok(client.actions().some((x) => x.verb === 'get' && x.resource === 'leases'));
    a.ac.abort();
    b.ac.abort();
    await Promise.all([a.done, b.done]);
  });

  it('releases the lease on cancel so another candidate takes over at once', async () => {
    const clock = new ManualClock();
    const client = new FakeClient({ clock });
    const a = candidate(client, clock, 'a', { releaseOnCancel: true });
    await settle();
    const b = candidate(client, clock, 'b');
    await settle();
    a.ac.abort();
    await a.done;
    const released = lease(client);
    assert.equal(released?.spec?.holderIdentity, '');
    assert.equal(released?.spec?.leaseDurationSeconds, 1);
    assert.equal(released?.spec?.leaseTransitions, 0);
    await step(clock, 5_000);
    assert.equal(b.leading(), true);
    assert.equal(lease(client)?.spec?.leaseTransitions, 1);
    b.ac.abort();
    await b.done;
  });

  it('records LeaderElection events about the Lease', async () => {
    const clock = new ManualClock();
    const client = new FakeClient({ clock });
    const recorded: string[] = [];
    const recorder: EventRecorder = {
      event: (obj, type, reason, message) =>
        recorded.push(
          `${obj.kind} ${obj.metadata?.namespace}/${obj.metadata?.name} ${type} ${reason} ${message}`,
        ),
    };
    const a = candidate(client, clock, 'a', { recorder });
    await settle();
    a.ac.abort();
    await a.done;
    assert.deepEqual(recorded, [
      'Lease kube-system/kube-controller-manager Normal LeaderElection a became leader',
      'Lease kube-system/kube-controller-manager Normal LeaderElection a stopped leading',
    ]);
  });

  it('rejects inconsistent timings', () => {
    const client = new FakeClient();
    const base = {
      client,
      namespace: 'n',
      name: 'l',
      identity: 'x',
      callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} },
    };
    assert.throws(
      () => new LeaderElector({ ...base, leaseDurationMs: 5000 }),
      /leaseDuration must be greater/,
    );
    assert.throws(() => new LeaderElector({ ...base, retryPeriodMs: 9000 }), /retryPeriod\*JitterFactor/);
    assert.throws(() => new LeaderElector({ ...base, identity: '' }), /identity is empty/);
  });
});
