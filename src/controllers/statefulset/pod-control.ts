// Writes of the StatefulSet controller to pods and their claims, with upstream's events:
// `SuccessfulCreate` "create Pod web-0 in StatefulSet web successful", `FailedCreate` "create Pod
// web-0 in StatefulSet web failed error: ...", the same for update and delete, and for claims
// "create Claim data-web-0 Pod web-0 in StatefulSet web success".
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isConflict } from '../../apimachinery/errors/index.js';
import { deepCopy } from '../../apimachinery/meta/index.js';
import type { EventRecorder } from '../../client/events/types.js';
import type { Lister } from '../../client/informers/types.js';
import { PERSISTENT_VOLUME_CLAIMS, PODS } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import { aggregateErrors, withTypeMeta } from '../util/index.js';
import {
  claimOwnerRefsFor,
  hasUnexpectedController,
  isClaimOwnerUpToDate,
  podClaimIsStale,
  retentionPolicy,
} from './claim-retention.js';
import {
  claimName,
  getOrdinal,
  identityMatches,
  podClaims,
  STATEFULSET_KIND,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './pod-identity.js';

/** Attempts of a pod update that meets conflicts (client-go's retry.DefaultBackoff has 4 steps). */
const UPDATE_ATTEMPTS = 4;

type Verb = 'create' | 'update' | 'delete';

const title = (verb: Verb): string => verb.charAt(0).toUpperCase() + verb.slice(1);
const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Pod and claim writes for StatefulSets (upstream's StatefulPodControl). Claims are read from the
 * claim lister. Objects passed in are not mutated unless a method says so.
 */
export class StatefulPodControl {
  constructor(
    private readonly client: Client,
    private readonly claims: Lister<PersistentVolumeClaim>,
    private readonly recorder: EventRecorder,
  ) {}

  private podEvent(verb: Verb, set: StatefulSet, pod: Pod, err?: unknown): void {
    const obj = withTypeMeta(set, STATEFULSET_KIND);
    const p = pod.metadata?.name ?? '';
    const s = set.metadata?.name ?? '';
    if (err === undefined) {
      this.recorder.event(
        obj,
        'Normal',
        `Successful${title(verb)}`,
        `${verb} Pod ${p} in StatefulSet ${s} successful`,
      );
    } else {
      this.recorder.event(
        obj,
        'Warning',
        `Failed${title(verb)}`,
        `${verb} Pod ${p} in StatefulSet ${s} failed error: ${errText(err)}`,
      );
    }
  }

  private claimEvent(
    verb: Verb,
    set: StatefulSet,
    pod: Pod,
    claim: PersistentVolumeClaim,
    err?: unknown,
  ): void {
    const obj = withTypeMeta(set, STATEFULSET_KIND);
    const c = claim.metadata?.name ?? '';
    const p = pod.metadata?.name ?? '';
    const s = set.metadata?.name ?? '';
    if (err === undefined) {
      this.recorder.event(
        obj,
        'Normal',
        `Successful${title(verb)}`,
        `${verb} Claim ${c} Pod ${p} in StatefulSet ${s} success`,
      );
    } else {
      this.recorder.event(
        obj,
        'Warning',
        `Failed${title(verb)}`,
        `${verb} Claim ${c} for Pod ${p} in StatefulSet ${s} failed error: ${errText(err)}`,
      );
    }
  }

  private claimOf(set: StatefulSet, name: string): PersistentVolumeClaim | undefined {
    return this.claims.get(set.metadata?.namespace ?? '', name);
  }

  /** Creates the pod's missing claims (from the cache's view); rejects with the aggregate of failures. */
  async createPersistentVolumeClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errors: unknown[] = [];
    for (const { claim } of podClaims(set, pod)) {
      const name = claim.metadata?.name ?? '';
      const existing = this.claimOf(set, name);
      if (existing === undefined) {
        try {
          await this.client.resource(PERSISTENT_VOLUME_CLAIMS).create(set.metadata?.namespace ?? '', claim);
          this.claimEvent('create', set, pod, claim);
        } catch (e) {
          errors.push(new Error(`failed to create PVC ${name}: ${errText(e)}`, { cause: e }));
          if (!isAlreadyExists(e)) this.claimEvent('create', set, pod, claim, e);
        }
      } else if (existing.metadata?.deletionTimestamp != null) {
        errors.push(new Error(`pvc ${name} is being deleted`));
      }
    }
    const err = aggregateErrors(errors);
    if (err !== undefined) throw err;
  }

  /**
   * Creates the pod's claims, then the pod, then sets the claims' owner references for the
   * retention policy. AlreadyExists from the pod create is passed on without an event.
   */
  async createStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.createPersistentVolumeClaims(set, pod);
    } catch (e) {
      this.podEvent('create', set, pod, e);
      throw e;
    }
    let created: Pod;
    try {
      created = await this.client.resource(PODS).create(set.metadata?.namespace ?? '', pod);
    } catch (e) {
      if (!isAlreadyExists(e)) this.podEvent('create', set, pod, e);
      throw e;
    }
    try {
      await this.updatePodClaimForRetentionPolicy(set, created);
    } catch (e) {
      this.podEvent('update', set, pod, e);
      throw e;
    }
    this.podEvent('create', set, pod);
  }

  /** Creates missing claims of a pending pod and fixes their owner references. */
  async createMissingPersistentVolumeClaims(set: StatefulSet, pod: Pod): Promise<void> {
    await this.createPersistentVolumeClaims(set, pod);
    try {
      await this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (e) {
      this.podEvent('update', set, pod, e);
      throw e;
    }
  }

  /**
   * Brings an existing pod's identity, storage and claim ownership in line with the set, writing
   * the pod only when something changed and retrying conflicts against a fresh copy. `pod` must be
   * a copy the caller owns (it is mutated).
   */
  async updateStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    let attempted = false;
    let current = pod;
    let lastErr: unknown;
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
      let consistent = true;
      if (!identityMatches(set, current)) {
        updateIdentity(set, current);
        consistent = false;
      }
      if (!storageMatches(set, current)) {
        updateStorage(set, current);
        consistent = false;
        try {
          await this.createPersistentVolumeClaims(set, current);
        } catch (e) {
          this.podEvent('update', set, current, e);
          throw e;
        }
      }
      if (!this.claimsMatchRetentionPolicy(set, current)) {
        try {
          await this.updatePodClaimForRetentionPolicy(set, current);
        } catch (e) {
          this.podEvent('update', set, current, e);
          throw e;
        }
        consistent = false;
      }
      if (consistent) {
        lastErr = undefined;
        break;
      }
      attempted = true;
      try {
        await this.client.resource(PODS).update(current);
        lastErr = undefined;
        break;
      } catch (e) {
        lastErr = e;
        if (!isConflict(e)) break;
        try {
          current = deepCopy(
            await this.client.resource(PODS).get(set.metadata?.namespace ?? '', current.metadata?.name ?? ''),
          );
        } catch {
          // Keep the copy we have; the next attempt conflicts again or the loop ends.
        }
      }
    }
    if (attempted) this.podEvent('update', set, current, lastErr);
    if (lastErr !== undefined) throw lastErr;
  }

  /** Deletes the pod; records SuccessfulDelete or FailedDelete. */
  async deleteStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.client.resource(PODS).delete(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
    } catch (e) {
      this.podEvent('delete', set, pod, e);
      throw e;
    }
    this.podEvent('delete', set, pod);
  }

  /** Whether every existing claim of the pod has the owner references the policy wants. */
  claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): boolean {
    const ordinal = getOrdinal(pod);
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const claim = this.claimOf(set, claimName(set, t, ordinal));
      if (claim !== undefined && !isClaimOwnerUpToDate(claim, set, pod)) return false;
    }
    return true;
  }

  /** Rewrites the owner references of the pod's existing claims that do not fit the policy. */
  async updatePodClaimForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void> {
    const ordinal = getOrdinal(pod);
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(set, t, ordinal);
      const claim = this.claimOf(set, name);
      if (claim === undefined) continue;
      if (hasUnexpectedController(claim, set, pod)) {
        this.recorder.event(
          withTypeMeta(set, STATEFULSET_KIND),
          'Warning',
          'ConflictingController',
          `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`,
        );
      }
      if (isClaimOwnerUpToDate(claim, set, pod)) continue;
      const updated = deepCopy(claim);
      updated.metadata = { ...updated.metadata, ownerReferences: claimOwnerRefsFor(claim, set, pod) };
      try {
        await this.client.resource(PERSISTENT_VOLUME_CLAIMS).update(updated);
      } catch (e) {
        throw new Error(`could not update claim ${name} for delete policy ownerRefs: ${errText(e)}`, {
          cause: e,
        });
      }
    }
  }

  /**
   * Whether a claim of the pod still belongs to an earlier pod of the same name (only under
   * whenScaled: Delete, where the garbage collector is about to delete it).
   */
  podClaimIsStale(set: StatefulSet, pod: Pod): boolean {
    if (retentionPolicy(set).whenScaled === 'Retain') return false;
    for (const { claim } of podClaims(set, pod)) {
      const existing = this.claimOf(set, claim.metadata?.name ?? '');
      if (existing !== undefined && podClaimIsStale(existing, pod)) return true;
    }
    return false;
  }
}
