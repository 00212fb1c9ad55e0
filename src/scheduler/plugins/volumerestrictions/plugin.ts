// The VolumeRestrictions plugin: disks that only one writer may mount (GCE PD, AWS EBS, iSCSI,
// Ceph RBD) and ReadWriteOncePod claims already used by a scheduled pod.
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
import { PERSISTENT_VOLUME_CLAIMS } from '../../../client/resources.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  NodeInfo,
  PodInfo,
  PreFilterExtensions,
  PreFilterPlugin,
  PreFilterResult,
} from '../../framework/types.js';

/** The plugin's registry name. */
export const NAME = 'VolumeRestrictions';

/** Reason for a disk another pod on the node already mounts. */
export const ERR_REASON_DISK_CONFLICT = 'node(s) had no available disk';
/** Reason for a ReadWriteOncePod claim another pod already uses. */
export const ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

const STATE_KEY = `PreFilter${NAME}`;

class PreFilterState {
  constructor(
    /** Names of the pod's ReadWriteOncePod claims. */
    readonly rwopClaims: ReadonlySet<string>,
    /** How many scheduled pods use them. */
    public conflicts: number,
  ) {}
  clone(): PreFilterState {
    return new PreFilterState(this.rwopClaims, this.conflicts);
  }
  updateWithPod(pi: PodInfo, multiplier: number): void {
    let n = 0;
    for (const v of pi.pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim && this.rwopClaims.has(v.persistentVolumeClaim.claimName)) n++;
    }
    this.conflicts += multiplier * n;
  }
}

function needsRestrictionsCheck(v: Volume): boolean {
  return (
    v.gcePersistentDisk !== undefined ||
    v.awsElasticBlockStore !== undefined ||
    v.rbd !== undefined ||
    v.iscsi !== undefined
  );
}

function overlap(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(a);
  return b.some((x) => s.has(x));
}

/** Whether `v` conflicts with a volume of `pod` (same disk, not read-only on both sides). Pure. */
export function isVolumeConflict(v: Volume, pod: Pod): boolean {
  for (const e of pod.spec?.volumes ?? []) {
    if (v.gcePersistentDisk && e.gcePersistentDisk) {
      if (
        v.gcePersistentDisk.pdName === e.gcePersistentDisk.pdName &&
        !(v.gcePersistentDisk.readOnly && e.gcePersistentDisk.readOnly)
      ) {
        return true;
      }
    }
    if (v.awsElasticBlockStore && e.awsElasticBlockStore) {
      if (v.awsElasticBlockStore.volumeID === e.awsElasticBlockStore.volumeID) return true;
    }
    if (v.iscsi && e.iscsi) {
      if (v.iscsi.iqn === e.iscsi.iqn && !(v.iscsi.readOnly && e.iscsi.readOnly)) return true;
    }
    if (v.rbd && e.rbd) {
      if (
        overlap(v.rbd.monitors, e.rbd.monitors) &&
        (v.rbd.pool ?? 'rbd') === (e.rbd.pool ?? 'rbd') &&
        v.rbd.image === e.rbd.image &&
        !(v.rbd.readOnly && e.rbd.readOnly)
      ) {
        return true;
      }
    }
  }
  return false;
}

/** VolumeRestrictions; stateless apart from the per-cycle state. */
export class VolumeRestrictions
  implements PreFilterPlugin, FilterPlugin, PreFilterExtensions, EnqueueExtensions
{
  readonly name = NAME;

  constructor(private readonly handle: Handle) {
    handle.informers.informerFor(PERSISTENT_VOLUME_CLAIMS);
  }

  /** Finds the pod's ReadWriteOncePod claims and counts scheduled pods using them; skips pods with nothing to check. */
  preFilter(
    state: CycleState,
    pod: Pod,
    _nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status?: Status } {
    const volumes = pod.spec?.volumes ?? [];
    const needsCheck = volumes.some(needsRestrictionsCheck);
    const ns = pod.metadata?.namespace ?? '';
    const lister = this.handle.informers.informerFor(PERSISTENT_VOLUME_CLAIMS).lister;
    const rwop = new Set<string>();
    for (const v of volumes) {
      if (!v.persistentVolumeClaim) continue;
      const name = v.persistentVolumeClaim.claimName;
      const pvc = lister.get(ns, name);
      if (pvc === undefined)
        return { status: Status.unresolvable(`persistentvolumeclaim "${name}" not found`) };
      if ((pvc.spec?.accessModes ?? []).includes('ReadWriteOncePod')) rwop.add(name);
    }
    let conflicts = 0;
    if (rwop.size > 0) {
      const nodes = this.handle.snapshot.nodeInfos.list();
      for (const name of rwop) {
        const key = `${ns}/${name}`;
        // At most one pod can use a ReadWriteOncePod claim.
        if (nodes.some((n) => (n.pvcRefCounts.get(key) ?? 0) > 0)) conflicts++;
      }
    }
    if (!needsCheck && conflicts === 0) return { status: Status.of('Skip') };
    state.write(STATE_KEY, new PreFilterState(rwop, conflicts));
    return {};
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _pod: Pod, podInfoToAdd: PodInfo, _nodeInfo: NodeInfo): Status | undefined {
    const s = state.read<PreFilterState>(STATE_KEY);
    if (s === undefined) return Status.error(`cannot read "${STATE_KEY}" from cycleState`);
    s.updateWithPod(podInfoToAdd, 1);
    return undefined;
  }

  removePod(state: CycleState, _pod: Pod, podInfoToRemove: PodInfo, _nodeInfo: NodeInfo): Status | undefined {
    const s = state.read<PreFilterState>(STATE_KEY);
    if (s === undefined) return Status.error(`cannot read "${STATE_KEY}" from cycleState`);
    s.updateWithPod(podInfoToRemove, -1);
    return undefined;
  }

  /** Disk conflicts with pods on the node, then ReadWriteOncePod conflicts (both Unschedulable: preemption may help). */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    for (const v of pod.spec?.volumes ?? []) {
      if (!needsRestrictionsCheck(v)) continue;
      for (const pi of nodeInfo.pods)
        if (isVolumeConflict(v, pi.pod)) return Status.unschedulable(ERR_REASON_DISK_CONFLICT);
    }
    const s = state.read<PreFilterState>(STATE_KEY);
    if (s === undefined) return Status.error(`cannot read "${STATE_KEY}" from cycleState`);
    if (s.conflicts > 0) return Status.unschedulable(ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT);
    return undefined;
  }

  /** Pod deletions, new nodes and new claims can make rejected pods schedulable. */
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: { resource: 'Pod', action: 'Delete' } },
      { event: { resource: 'Node', action: 'Add' } },
      {
        event: { resource: 'PersistentVolumeClaim', action: 'Add' },
        hint: (pod, _old, obj) => {
          const pvc = obj as { metadata?: { namespace?: string; name?: string } };
          if (pvc.metadata?.namespace !== pod.metadata?.namespace) return 'QueueSkip';
          const used = (pod.spec?.volumes ?? []).some(
            (v) => v.persistentVolumeClaim?.claimName === pvc.metadata?.name,
          );
          return used ? 'Queue' : 'QueueSkip';
        },
      },
    ];
  }
}
