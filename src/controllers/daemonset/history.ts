// The ControllerRevisions of a DaemonSet (upstream's daemon/update.go history part): find the
// revision matching the current template or snapshot a new one, dedupe, renumber, and delete old
// revisions no pod uses beyond revisionHistoryLimit.
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists } from '../../apimachinery/errors/index.js';
import { computeHash, deepCopy, deepEqual, newControllerRef } from '../../apimachinery/meta/index.js';
import { CONTROLLER_REVISIONS, DAEMON_SETS, PODS } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import { maxRevision, templatePatch } from '../history/index.js';
import { DAEMONSET_HASH_LABEL } from './daemon-pods.js';

/** The GroupVersionKind of DaemonSets (for controller references on revisions). */
export const DAEMONSET_GVK = { group: 'apps', version: 'v1', kind: 'DaemonSet' };

/** Whether `revision` holds the DaemonSet's current template (upstream's Match). Pure. */
export function matchesRevision(ds: DaemonSet, revision: ControllerRevision): boolean {
  return deepEqual(templatePatch(ds), revision.data ?? null);
}

/**
 * The hash naming a DaemonSet's revision and labelling its pods: upstream's ComputeHash (FNV-1a of
 * the template, then the collision count). Upstream feeds the hash Go's printed form of the
 * template struct, which has no JSON equivalent; this hashes the template's canonical JSON, so the
 * values are stable and collision-handled but not upstream's.
 */
export function daemonSetHash(ds: DaemonSet): string {
  return computeHash(ds.spec?.template ?? {}, ds.status?.collisionCount);
}

/** What constructHistory found or made. */
export interface DaemonSetHistory {
  readonly current: ControllerRevision;
  readonly old: ControllerRevision[];
}

/** Reads and writes a DaemonSet's revisions. Stateless. */
export class DaemonSetHistoryControl {
  constructor(private readonly client: Client) {}

  /**
   * Splits the set's (already claimed) revisions into the current one and old ones, labelling
   * revisions that lack the hash label, creating the current revision when none matches, deduping
   * several matches and renumbering the current one above the old ones.
   */
  async constructHistory(
    ds: DaemonSet,
    revisions: readonly ControllerRevision[],
    daemonPods: () => readonly Pod[],
  ): Promise<DaemonSetHistory> {
    const api = this.client.resource(CONTROLLER_REVISIONS);
    const current: ControllerRevision[] = [];
    const old: ControllerRevision[] = [];
    for (let rev of revisions) {
      if (rev.metadata?.labels?.[DAEMONSET_HASH_LABEL] === undefined) {
        const toUpdate = deepCopy(rev);
        toUpdate.metadata = {
          ...toUpdate.metadata,
          labels: { ...toUpdate.metadata?.labels, [DAEMONSET_HASH_LABEL]: toUpdate.metadata?.name ?? '' },
        };
        rev = await api.update(toUpdate);
      }
      (matchesRevision(ds, rev) ? current : old).push(rev);
    }
    const next = maxRevision(old) + 1;
    let cur: ControllerRevision;
    if (current.length === 0) {
      cur = await this.snapshot(ds, next);
    } else {
      cur = await this.dedup(current, daemonPods);
      if (cur.revision < next) cur = await api.update({ ...deepCopy(cur), revision: next });
    }
    return { current: cur, old };
  }

  // Creates the revision of the current template. On a name collision with other data the
  // DaemonSet's collisionCount is bumped and the sync fails, to be retried under the new hash.
  private async snapshot(ds: DaemonSet, revision: number): Promise<ControllerRevision> {
    const hash = daemonSetHash(ds);
    const name = `${ds.metadata?.name ?? ''}-${hash}`;
    const namespace = ds.metadata?.namespace ?? '';
    const rev: ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace,
        labels: { ...ds.spec?.template?.metadata?.labels, [DAEMONSET_HASH_LABEL]: hash },
        ...(ds.metadata?.annotations !== undefined ? { annotations: { ...ds.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(ds, DAEMONSET_GVK)],
      },
      data: templatePatch(ds) as ControllerRevision['data'],
      revision,
    };
    const api = this.client.resource(CONTROLLER_REVISIONS);
    try {
      return await api.create(namespace, rev);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const existing = await api.get(namespace, name);
      if (matchesRevision(ds, existing)) return existing;
      const dsApi = this.client.resource(DAEMON_SETS);
      const fresh = await dsApi.get(namespace, ds.metadata?.name ?? '');
      if ((fresh.status?.collisionCount ?? undefined) !== (ds.status?.collisionCount ?? undefined)) {
        throw new Error(
          `found a stale collision count (${ds.status?.collisionCount ?? 'nil'}, expected ${fresh.status?.collisionCount ?? 'nil'}) of DaemonSet "${ds.metadata?.name ?? ''}" while processing; will retry until it is updated`,
        );
      }
      const status = { ...fresh.status!, collisionCount: (fresh.status?.collisionCount ?? 0) + 1 };
      await dsApi.updateStatus({ ...fresh, status });
      throw e;
    }
  }

  // Keeps the highest-numbered of several equal revisions; pods labelled with the others are
  // relabelled first, then the others are deleted.
  private async dedup(
    current: readonly ControllerRevision[],
    daemonPods: () => readonly Pod[],
  ): Promise<ControllerRevision> {
    if (current.length === 1) return current[0]!;
    let keep = current[0]!;
    for (const r of current) if (r.revision >= keep.revision) keep = r;
    const keepHash = keep.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '';
    for (const r of current) {
      if (r.metadata?.name === keep.metadata?.name) continue;
      for (const pod of daemonPods()) {
        if (pod.metadata?.labels?.[DAEMONSET_HASH_LABEL] === keepHash) continue;
        const patch = { metadata: { labels: { [DAEMONSET_HASH_LABEL]: keepHash } } };
        await this.client
          .resource(PODS)
          .patch(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', 'merge', patch);
      }
      await this.client
        .resource(CONTROLLER_REVISIONS)
        .delete(r.metadata?.namespace ?? '', r.metadata?.name ?? '');
    }
    return keep;
  }

  /**
   * Deletes the oldest old revisions whose hash no pod carries, until revisionHistoryLimit
   * (default 10) remain.
   */
  async cleanupHistory(
    ds: DaemonSet,
    old: readonly ControllerRevision[],
    pods: readonly Pod[],
  ): Promise<void> {
    let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
    if (toKill <= 0) return;
    const live = new Set<string>();
    for (const p of pods) {
      const h = p.metadata?.labels?.[DAEMONSET_HASH_LABEL];
      if (h !== undefined && h !== '') live.add(h);
    }
    const sorted = [...old].sort((a, b) => a.revision - b.revision);
    for (const r of sorted) {
      if (toKill <= 0) break;
      if (live.has(r.metadata?.labels?.[DAEMONSET_HASH_LABEL] ?? '')) continue;
      await this.client
        .resource(CONTROLLER_REVISIONS)
        .delete(r.metadata?.namespace ?? '', r.metadata?.name ?? '');
      toKill--;
    }
  }
}
