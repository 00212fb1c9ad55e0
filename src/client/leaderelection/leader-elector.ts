// Leader election over a Lease, as client-go's tools/leaderelection: one process of several acts,
// the others wait until the holder stops renewing.
//
//   acquire: try every retryPeriod (+ up to 1.2× jitter) until the Lease is absent, expired
//            (leaseDuration after we last saw it change) or ours.
//   renew:   every retryPeriod; retries for up to renewDeadline, then leadership is lost.
import { isNotFound } from '../../apimachinery/errors/index.js';
import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import { type Clock, SYSTEM_CLOCK } from '../clock.js';
import type { EventRecorder } from '../events/types.js';
import { jitter, sleep } from '../informers/wait.js';
import type { Client } from '../types.js';
import { type LeaderElectionRecord, LeaseLock, microTime } from './lease-lock.js';

/** Jitter applied to the retry period while acquiring (client-go's JitterFactor). */
export const JITTER_FACTOR = 1.2;

/** What a LeaderElector calls as leadership changes. */
export interface LeaderCallbacks {
  /** Called once leadership is acquired; `signal` aborts when it is lost or the elector stops. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called when `run` ends, whether or not leadership was ever held. */
  onStoppedLeading(): void;
  /** Called when a different holder (possibly this one) is observed, the first one included. */
  onNewLeader?(identity: string): void;
}

/** Configuration of a LeaderElector (durations in milliseconds, defaults as upstream). */
export interface LeaderElectorOptions {
  client: Client;
  /** Namespace and name of the Lease. */
  namespace: string;
  name: string;
  /** This candidate's identity (unique per process, e.g. `host_uid`). */
  identity: string;
  /** How long others wait after the last observed change before taking over; default 15000. */
  leaseDurationMs?: number;
  /** How long the leader retries renewing before giving up; default 10000. */
  renewDeadlineMs?: number;
  /** Interval between attempts; default 2000. */
  retryPeriodMs?: number;
  /** Give the Lease up (holder cleared, duration 1 s) when `run`'s signal aborts; default false. */
  releaseOnCancel?: boolean;
  callbacks: LeaderCallbacks;
  clock?: Clock;
  log?: Logger;
  /** Receives `LeaderElection` events ("<identity> became leader" / "stopped leading"). */
  recorder?: EventRecorder;
  random?: () => number;
}

/**
 * One candidate in a leader election. `run` acquires, calls onStartedLeading, renews until the
 * signal aborts or renewal fails, then calls onStoppedLeading. An elector runs once.
 */
export class LeaderElector {
  private readonly lock: LeaseLock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly random: () => number;
  private observed: LeaderElectionRecord | undefined;
  private observedRaw = '';
  private observedTime = 0;
  private reportedLeader = '';
  private ran = false;

  /** Throws for inconsistent timings, as NewLeaderElector does. */
  constructor(private readonly opts: LeaderElectorOptions) {
    this.leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    if (this.leaseDurationMs <= this.renewDeadlineMs)
      throw new Error('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs)
      throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
    if (this.leaseDurationMs < 1) throw new Error('leaseDuration must be greater than zero');
    if (this.renewDeadlineMs < 1) throw new Error('renewDeadline must be greater than zero');
    if (this.retryPeriodMs < 1) throw new Error('retryPeriod must be greater than zero');
    if (opts.identity === '') throw new Error('Lock identity is empty');
    this.clock = opts.clock ?? SYSTEM_CLOCK;
    this.log = opts.log ?? DISCARD_LOGGER;
    this.random = opts.random ?? Math.random;
    this.lock = new LeaseLock(opts.client, opts.namespace, opts.name, opts.identity, opts.recorder);
  }

  /** Whether the last observed holder is this candidate. */
  isLeader(): boolean {
    return this.observed?.holderIdentity === this.opts.identity;
  }

  /** The last observed holder ('' before any). */
  getLeader(): string {
    return this.observed?.holderIdentity ?? '';
  }

  /** Runs the election until `signal` aborts or leadership is lost; resolves then. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.ran) throw new Error('a LeaderElector runs once');
    this.ran = true;
    try {
      if (!(await this.acquire(signal))) return;
      // Acquired just as the signal aborted: nothing to lead, but the Lease may need releasing.
      if (!signal.aborted) {
        const leading = new AbortController();
        const onAbort = () => leading.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          this.startLeading(leading.signal);
          await this.renew(leading.signal);
        } finally {
          signal.removeEventListener('abort', onAbort);
          leading.abort();
        }
      }
      this.lock.recordEvent('stopped leading');
      if (this.opts.releaseOnCancel === true) await this.release();
    } finally {
      try {
        this.opts.callbacks.onStoppedLeading();
      } catch (err) {
        this.log.error('leaderelection', 'onStoppedLeading failed', { err });
      }
    }
  }

  private startLeading(signal: AbortSignal): void {
    try {
      Promise.resolve(this.opts.callbacks.onStartedLeading(signal)).catch((err: unknown) => {
        this.log.error('leaderelection', 'onStartedLeading failed', { err });
      });
    } catch (err) {
      this.log.error('leaderelection', 'onStartedLeading failed', { err });
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    const desc = this.lock.describe();
    this.log.info(0, 'leaderelection', `attempting to acquire leader lease ${desc}...`);
    while (!signal.aborted) {
      const ok = await this.tryAcquireOrRenew(signal, Number.POSITIVE_INFINITY);
      this.maybeReportTransition();
      if (ok) {
        this.lock.recordEvent('became leader');
        this.log.info(0, 'leaderelection', `successfully acquired lease ${desc}`);
        return true;
      }
      this.log.info(4, 'leaderelection', `failed to acquire lease ${desc}`);
      await sleep(this.clock, jitter(this.retryPeriodMs, JITTER_FACTOR, this.random), signal);
    }
    return false;
  }

  /** Renews every retry period until a renewal fails for renewDeadline or `signal` aborts. */
  private async renew(signal: AbortSignal): Promise<void> {
    const desc = this.lock.describe();
    while (!signal.aborted) {
      const deadline = this.clock.now() + this.renewDeadlineMs;
      let renewed = false;
      // Immediate first attempt, then one per retry period until the deadline.
      while (!signal.aborted && this.clock.now() < deadline) {
        if (await this.tryAcquireOrRenew(signal, deadline)) {
          renewed = true;
          break;
        }
        await sleep(this.clock, Math.min(this.retryPeriodMs, deadline - this.clock.now()), signal);
      }
      this.maybeReportTransition();
      if (signal.aborted) return;
      if (!renewed) {
        this.log.info(
          0,
          'leaderelection',
          `failed to renew lease ${desc}: timed out waiting for the condition`,
        );
        return;
      }
      this.log.info(5, 'leaderelection', `successfully renewed lease ${desc}`);
      await sleep(this.clock, this.retryPeriodMs, signal);
    }
  }

  /** Gives the Lease up if held: no holder, duration 1 s (the same transitions count). */
  private async release(): Promise<boolean> {
    if (!this.isLeader() || this.observed === undefined) return true;
    const now = microTime(this.clock.now());
    const record: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaderTransitions: this.observed.leaderTransitions,
    };
    try {
      await this.withDeadline(this.lock.update(record), this.clock.now() + this.renewDeadlineMs, undefined);
    } catch (err) {
      this.log.error('leaderelection', 'Failed to release lock', { err });
      return false;
    }
    this.setObserved(record);
    return true;
  }

  /**
   * One attempt to take or keep the Lease (tryAcquireOrRenew): true when this candidate holds it
   * afterwards. Calls still running at `deadline` count as failed.
   */
  private async tryAcquireOrRenew(signal: AbortSignal, deadline: number): Promise<boolean> {
    const nowMs = this.clock.now();
    const now = microTime(nowMs);
    const record: LeaderElectionRecord = {
      holderIdentity: this.opts.identity,
      leaseDurationSeconds: Math.floor(this.leaseDurationMs / 1000),
      acquireTime: now,
      renewTime: now,
      leaderTransitions: 0,
    };
    const desc = this.lock.describe();
    try {
      // 1. The leader first updates optimistically from what it observed last.
      if (this.isLeader() && this.isLeaseValid(nowMs) && this.observed !== undefined) {
        record.acquireTime = this.observed.acquireTime;
        record.leaderTransitions = this.observed.leaderTransitions;
        try {
          await this.withDeadline(this.lock.update(record), deadline, signal);
          this.setObserved(record);
          return true;
        } catch (err) {
          if (signal.aborted || this.clock.now() >= deadline) return false;
          this.log.error(
            'leaderelection',
            'Failed to update lock optimistically, falling back to slow path',
            {
              err,
            },
          );
        }
      }
      // 2. Read the Lease, or create it.
      let current: { record: LeaderElectionRecord; raw: string };
      try {
        current = await this.withDeadline(this.lock.get(), deadline, signal);
      } catch (err) {
        if (!isNotFound(err)) {
          this.log.error('leaderelection', `error retrieving resource lock ${desc}`, { err });
          return false;
        }
        try {
          await this.withDeadline(this.lock.create(record), deadline, signal);
        } catch (cerr) {
          this.log.error('leaderelection', 'error initially creating leader election record', { err: cerr });
          return false;
        }
        this.setObserved(record);
        return true;
      }
      // 3. The expiry clock restarts whenever the record changes.
      if (current.raw !== this.observedRaw) {
        this.setObserved(current.record);
        this.observedRaw = current.raw;
      }
      if (current.record.holderIdentity !== '' && this.isLeaseValid(nowMs) && !this.isLeader()) {
        this.log.info(
          4,
          'leaderelection',
          `lock is held by ${current.record.holderIdentity} and has not yet expired`,
        );
        return false;
      }
      // 4. Take over (counting a transition) or keep it.
      if (this.isLeader()) {
        record.acquireTime = current.record.acquireTime;
        record.leaderTransitions = current.record.leaderTransitions;
      } else {
        record.leaderTransitions = current.record.leaderTransitions + 1;
      }
      try {
        await this.withDeadline(this.lock.update(record), deadline, signal);
      } catch (err) {
        this.log.error('leaderelection', 'Failed to update lock', { err });
        return false;
      }
      this.setObserved(record);
      return true;
    } catch (err) {
      this.log.error('leaderelection', 'leader election attempt failed', { err });
      return false;
    }
  }

  private isLeaseValid(nowMs: number): boolean {
    const seconds = this.observed?.leaseDurationSeconds ?? 0;
    return this.observedTime + seconds * 1000 > nowMs;
  }

  private setObserved(record: LeaderElectionRecord): void {
    this.observed = record;
    this.observedTime = this.clock.now();
  }

  private maybeReportTransition(): void {
    const holder = this.observed?.holderIdentity ?? '';
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    const cb = this.opts.callbacks.onNewLeader;
    if (cb === undefined) return;
    try {
      cb(holder);
    } catch (err) {
      this.log.error('leaderelection', 'onNewLeader failed', { err });
    }
  }

  /** `p`, or a rejection once the clock passes `deadline` or `signal` aborts first. */
  private withDeadline<V>(p: Promise<V>, deadline: number, signal: AbortSignal | undefined): Promise<V> {
    if (deadline === Number.POSITIVE_INFINITY && signal === undefined) return p;
    return new Promise<V>((resolve, reject) => {
      const timer =
        deadline === Number.POSITIVE_INFINITY
          ? undefined
          : this.clock.setTimer(() => {
              cleanup();
              reject(new Error('timed out waiting for the condition'));
            }, deadline - this.clock.now());
      const onAbort = () => {
        cleanup();
        reject(new Error('leader election stopped'));
      };
      const cleanup = () => {
        timer?.cancel();
        signal?.removeEventListener('abort', onAbort);
      };
      if (signal?.aborted === true) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      p.then(
        (v) => {
          cleanup();
          resolve(v);
        },
        (err: unknown) => {
          cleanup();
          reject(err);
        },
      );
    });
  }
}
