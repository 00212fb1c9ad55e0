// One reconciliation of a StatefulSet with its pods (upstream's defaultStatefulSetControl): find or
// create the current and update revisions, create missing pods and recreate failed ones, scale
// down from the highest ordinal, roll pods to the update revision within partition and
// maxUnavailable, write the status, trim the revision history.
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { getScaledValueFromIntOrPercent } from '../../apimachinery/intstr/index.js';
import { labelSelectorAsSelector } from '../../apimachinery/labels/index.js';
import { deepCopy } from '../../apimachinery/meta/index.js';
import type { Clock } from '../../client/clock.js';
import type { Lister } from '../../client/informers/types.js';
import { STATEFUL_SETS } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import type { ControllerHistory } from '../history/index.js';
import {
  equalRevision,
  findEqualRevisions,
  nextRevision,
  sortControllerRevisions,
} from '../history/index.js';
import { aggregateErrors, slowStartBatch } from '../util/index.js';
import type { StatefulPodControl } from './pod-control.js';
import {
  getOrdinal,
  identityMatches,
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  newVersionedPod,
  podInOrdinalRange,
  podRevision,
  replicasOf,
  startOrdinal,
  storageMatches,
} from './pod-identity.js';
import { applyRevision, newRevision, STATEFULSET_GVK } from './revisions.js';

/** Attempts of a status write that meets conflicts (client-go's retry.DefaultRetry has 5 steps). */
const STATUS_ATTEMPTS = 5;

/** The counts and revisions the controller computes (upstream's StatefulSetStatus without conditions). */
export interface ComputedStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

/**
 * The status as upstream serializes it: `replicas` and `availableReplicas` always, other counts
 * and strings only when non-zero, `collisionCount` always (a pointer upstream sets).
 */
export function toStatefulSetStatus(s: ComputedStatus): StatefulSetStatus {
  const out: StatefulSetStatus = { replicas: s.replicas, availableReplicas: s.availableReplicas };
  if (s.observedGeneration !== 0) out.observedGeneration = s.observedGeneration;
  if (s.readyReplicas !== 0) out.readyReplicas = s.readyReplicas;
  if (s.currentReplicas !== 0) out.currentReplicas = s.currentReplicas;
  if (s.updatedReplicas !== 0) out.updatedReplicas = s.updatedReplicas;
  if (s.currentRevision !== '') out.currentRevision = s.currentRevision;
  if (s.updateRevision !== '') out.updateRevision = s.updateRevision;
  out.collisionCount = s.collisionCount;
  return out;
}

/** The parts a StatefulSetControl works with. */
export interface StatefulSetControlDeps {
  readonly client: Client;
  readonly setLister: Lister<StatefulSet>;
  readonly podControl: StatefulPodControl;
  readonly history: ControllerHistory;
  readonly clock: Clock;
}

type Step = { exit: boolean };

/**
 * Runs `fn` over indexes 0..n-1: in order, stopping at the first exit or error (OrderedReady), or
 * all of them in slow-start batches (Parallel). Resolves whether the caller should stop.
 */
async function runForAll(n: number, monotonic: boolean, fn: (i: number) => Promise<Step>): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < n; i++) if ((await fn(i)).exit) return true;
    return false;
  }
  let next = 0;
  const r = await slowStartBatch(n, 1, async () => {
    await fn(next++);
  });
  if (r.failed) throw r.error;
  return false;
}

/** The StatefulSet reconciliation; stateless, safe to share between workers. */
export class StatefulSetControl {
  constructor(private readonly deps: StatefulSetControlDeps) {}

  /** The revisions `set` owns or that are orphans matching its selector. */
  listRevisions(set: StatefulSet): ControllerRevision[] {
    return this.deps.history.listControllerRevisions(set, labelSelectorAsSelector(set.spec?.selector));
  }

  /** Makes `set` the controller of each orphaned revision (strategic merge patches). */
  async adoptOrphanRevisions(set: StatefulSet, orphans: readonly ControllerRevision[]): Promise<void> {
    for (const r of orphans) await this.deps.history.adoptControllerRevision(set, STATEFULSET_GVK, r);
  }

  /**
   * Reconciles `set` with `pods` (already claimed). Resolves the status it computed (also written
   * when it changed), or rejects with the first failure (after still writing status and trimming
   * history where upstream does).
   */
  async updateStatefulSet(set: StatefulSet, pods: readonly Pod[]): Promise<ComputedStatus> {
    const revisions = sortControllerRevisions(this.listRevisions(set));
    let current: ControllerRevision | undefined;
    let update: ControllerRevision | undefined;
    let status: ComputedStatus;
    try {
      const r = await this.getStatefulSetRevisions(set, revisions);
      current = r.current;
      update = r.update;
      const outcome = await this.reconcilePods(set, r.current, r.update, r.collisionCount, pods);
      status = outcome.status;
      let err = outcome.err;
      try {
        await this.updateStatus(set, status);
      } catch (e) {
        err ??= e;
      }
      if (err !== undefined) throw err;
    } catch (e) {
      const truncErr = await this.truncateHistory(set, pods, revisions, current, update).then(
        () => undefined,
        (t: unknown) => t,
      );
      throw aggregateErrors(truncErr === undefined ? [e] : [e, truncErr]) ?? e;
    }
    await this.truncateHistory(set, pods, revisions, current, update);
    return status;
  }

  /**
   * The current and update revisions of `set`, creating the update revision (or renumbering an
   * equal older one, a rollback) when the template changed. `revisions` must be sorted.
   */
  async getStatefulSetRevisions(
    set: StatefulSet,
    revisions: readonly ControllerRevision[],
  ): Promise<{ current: ControllerRevision; update: ControllerRevision; collisionCount: number }> {
    const count = { value: set.status?.collisionCount ?? 0 };
    let update = newRevision(set, nextRevision(revisions), count.value);
    const equal = findEqualRevisions(revisions, update);
    const last = revisions[revisions.length - 1];
    const lastEqual = equal[equal.length - 1];
    if (lastEqual !== undefined && last !== undefined && equalRevision(last, lastEqual)) {
      update = last;
    } else if (lastEqual !== undefined) {
      update = await this.deps.history.updateControllerRevision(lastEqual, update.revision);
    } else {
      update = await this.deps.history.createControllerRevision(set, update, count);
    }
    const current = revisions.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount: count.value };
  }

  private statusOf(
    set: StatefulSet,
    current: ControllerRevision,
    update: ControllerRevision,
    collisionCount: number,
    ...lists: readonly Pod[][]
  ): ComputedStatus {
    const minReady = set.spec?.minReadySeconds ?? 0;
    const now = this.deps.clock.now();
    const s: ComputedStatus = {
      observedGeneration: set.metadata?.generation ?? 0,
      replicas: 0,
      readyReplicas: 0,
      currentReplicas: 0,
      updatedReplicas: 0,
      availableReplicas: 0,
      currentRevision: current.metadata?.name ?? '',
      updateRevision: update.metadata?.name ?? '',
      collisionCount,
    };
    for (const list of lists) {
      for (const pod of list) {
        if (isCreated(pod)) s.replicas++;
        if (isRunningAndReady(pod)) {
          s.readyReplicas++;
          if (isRunningAndAvailable(pod, minReady, now)) s.availableReplicas++;
        }
        if (isCreated(pod) && !isTerminating(pod)) {
          const rev = podRevision(pod);
          if (rev === s.currentRevision) s.currentReplicas++;
          if (rev === s.updateRevision) s.updatedReplicas++;
        }
      }
    }
    return s;
  }

  // Creates, recreates, updates and deletes pods. Resolves the status with the first failure, if
  // any, so that the status computed so far is still written.
  private async reconcilePods(
    set: StatefulSet,
    currentRevision: ControllerRevision,
    updateRevision: ControllerRevision,
    collisionCount: number,
    pods: readonly Pod[],
  ): Promise<{ status: ComputedStatus; err?: unknown }> {
    const { podControl, clock } = this.deps;
    const currentSet = applyRevision(set, currentRevision);
    const updateSet = applyRevision(set, updateRevision);
    const minReady = set.spec?.minReadySeconds ?? 0;
    const currentName = currentRevision.metadata?.name ?? '';
    const updateName = updateRevision.metadata?.name ?? '';
    const status = (...lists: Pod[][]): ComputedStatus =>
      this.statusOf(set, currentRevision, updateRevision, collisionCount, ...lists);

    const start = startOrdinal(set);
    const replicaCount = Math.max(0, replicasOf(set));
    const slots: (Pod | undefined)[] = new Array(replicaCount).fill(undefined);
    const condemned: Pod[] = [];
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) slots[getOrdinal(pod) - start] = pod;
      else if (getOrdinal(pod) >= 0) condemned.push(pod);
    }
    const replicas: Pod[] = slots.map(
      (p, i) => p ?? newVersionedPod(currentSet, updateSet, currentName, updateName, start + i),
    );
    condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));

    const now = clock.now();
    let firstUnavailable: Pod | undefined;
    for (const p of replicas) {
      if (isUnavailable(p, minReady, now)) {
        firstUnavailable = p;
        break;
      }
    }
    if (firstUnavailable === undefined) {
      for (let i = condemned.length - 1; i >= 0; i--) {
        const p = condemned[i]!;
        if (isUnavailable(p, minReady, now)) {
          firstUnavailable = p;
          break;
        }
      }
    }

    if (set.metadata?.deletionTimestamp != null) return { status: status([...pods]) };

    const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
    // Runs one phase; undefined to go on, or the outcome to stop with.
    const phase = async (
      n: number,
      fn: (i: number) => Promise<Step>,
    ): Promise<{ status: ComputedStatus; err?: unknown } | undefined> => {
      try {
        if (!(await runForAll(n, monotonic, fn))) return undefined;
        return { status: status(replicas, condemned) };
      } catch (err) {
        return { status: status(replicas, condemned), err };
      }
    };

    // Replicas in range: recreate failed ones, create missing ones, wait (OrderedReady) for each
    // to be ready and available before the next, fix identity, storage and claim ownership.
    const replicaOutcome = await phase(replicas.length, async (i) => {
      const pod = replicas[i]!;
      if (isFailed(pod) || isSucceeded(pod)) {
        if (pod.metadata?.deletionTimestamp == null) await podControl.deleteStatefulPod(set, pod);
        // The replacement is created once the old pod is gone from the API.
        return { exit: true };
      }
      if (!isCreated(pod)) {
        if (podControl.podClaimIsStale(set, pod)) return { exit: true };
        await podControl.createStatefulPod(set, pod);
        if (monotonic) return { exit: true };
      }
      if (isPending(pod)) await podControl.createMissingPersistentVolumeClaims(set, pod);
      if (!isCreated(pod)) return { exit: false };
      if (isTerminating(pod) && monotonic) return { exit: true };
      if (!isRunningAndReady(pod) && monotonic) return { exit: true };
      if (!isRunningAndAvailable(pod, minReady, clock.now()) && monotonic) return { exit: true };
      const retention = podControl.claimsMatchRetentionPolicy(updateSet, pod);
      if (identityMatches(set, pod) && storageMatches(set, pod) && retention) return { exit: false };
      await podControl.updateStatefulPod(updateSet, deepCopy(pod));
      return { exit: false };
    });
    if (replicaOutcome !== undefined) return replicaOutcome;

    // Claims of condemned pods get the owners whenScaled asks for before the pods go.
    const claimOutcome = await phase(condemned.length, async (i) => {
      const pod = condemned[i]!;
      if (!podControl.claimsMatchRetentionPolicy(updateSet, pod))
        await podControl.updatePodClaimForRetentionPolicy(updateSet, pod);
      return { exit: false };
    });
    if (claimOutcome !== undefined) return claimOutcome;

    // Scale down from the highest ordinal; OrderedReady deletes one pod at a time and only while
    // every other pod is healthy (the first unavailable pod itself may go).
    const scaleOutcome = await phase(condemned.length, async (i) => {
      const pod = condemned[i]!;
      if (isTerminating(pod)) return { exit: monotonic };
      if (!isRunningAndReady(pod) && monotonic && pod !== firstUnavailable) return { exit: true };
      if (!isRunningAndAvailable(pod, minReady, clock.now()) && monotonic && pod !== firstUnavailable)
        return { exit: true };
      await podControl.deleteStatefulPod(set, pod);
      return { exit: true };
    });
    if (scaleOutcome !== undefined) return scaleOutcome;

    const result = status(replicas, condemned);
    if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'OnDelete') return { status: result };
    try {
      await this.rollingUpdate(set, replicas, updateName, result);
    } catch (err) {
      return { status: result, err };
    }
    return { status: result };
  }

  // Deletes up to maxUnavailable (minus pods already unavailable) pods not at the update revision,
  // highest ordinal first, down to the partition (MaxUnavailableStatefulSet, on by default).
  private async rollingUpdate(
    set: StatefulSet,
    replicas: readonly Pod[],
    updateName: string,
    status: ComputedStatus,
  ) {
    const ru = set.spec?.updateStrategy?.rollingUpdate;
    const minReady = set.spec?.minReadySeconds ?? 0;
    const updateMin = ru?.partition ?? 0;
    let maxUnavailable = 1;
    if (ru !== undefined) {
      maxUnavailable = getScaledValueFromIntOrPercent(ru.maxUnavailable ?? 1, replicas.length, false);
      if (maxUnavailable < 1) maxUnavailable = 1;
    }
    const now = this.deps.clock.now();
    const unavailable = replicas.filter((p) => isUnavailable(p, minReady, now)).length;
    if (unavailable >= maxUnavailable) return;
    const toDelete = maxUnavailable - unavailable;
    let deleted = 0;
    for (let target = replicas.length - 1; target >= updateMin && deleted < toDelete; target--) {
      const pod = replicas[target]!;
      if (podRevision(pod) !== updateName && !isTerminating(pod)) {
        try {
          await this.deps.podControl.deleteStatefulPod(set, pod);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        deleted++;
        status.currentReplicas--;
      }
    }
  }

  /**
   * Writes `status` when it differs from the set's (after completing a finished rolling update:
   * current revision := update revision), retrying conflicts with the cached set.
   */
  async updateStatus(set: StatefulSet, status: ComputedStatus): Promise<void> {
    const replicas = replicasOf(set);
    if (
      (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
      status.updatedReplicas === replicas &&
      status.readyReplicas === replicas &&
      status.replicas === replicas
    ) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    const s = set.status ?? { replicas: 0 };
    const inconsistent =
      status.observedGeneration > (s.observedGeneration ?? 0) ||
      status.replicas !== (s.replicas ?? 0) ||
      status.currentReplicas !== (s.currentReplicas ?? 0) ||
      status.readyReplicas !== (s.readyReplicas ?? 0) ||
      status.updatedReplicas !== (s.updatedReplicas ?? 0) ||
      status.currentRevision !== (s.currentRevision ?? '') ||
      status.availableReplicas !== (s.availableReplicas ?? 0) ||
      status.updateRevision !== (s.updateRevision ?? '');
    if (!inconsistent) return;
    const api = this.deps.client.resource(STATEFUL_SETS);
    let target = deepCopy(set);
    for (let attempt = 1; ; attempt++) {
      target.status = toStatefulSetStatus(status);
      try {
        await api.updateStatus(target);
        return;
      } catch (e) {
        if (attempt >= STATUS_ATTEMPTS) throw e;
        const fresh = this.deps.setLister.get(set.metadata?.namespace ?? '', set.metadata?.name ?? '');
        if (fresh !== undefined) target = deepCopy(fresh);
      }
    }
  }

  /**
   * Deletes the oldest revisions that are neither current, update, nor used by a pod, keeping
   * revisionHistoryLimit of them (default 10; negative keeps all).
   */
  async truncateHistory(
    set: StatefulSet,
    pods: readonly Pod[],
    revisions: readonly ControllerRevision[],
    current: ControllerRevision | undefined,
    update: ControllerRevision | undefined,
  ): Promise<void> {
    const live = new Set<string>();
    if (current !== undefined) live.add(current.metadata?.name ?? '');
    if (update !== undefined) live.add(update.metadata?.name ?? '');
    for (const p of pods) live.add(podRevision(p));
    const old = revisions.filter((r) => !live.has(r.metadata?.name ?? ''));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    if (limit < 0 || old.length <= limit) return;
    for (const r of old.slice(0, old.length - limit)) await this.deps.history.deleteControllerRevision(r);
  }
}
