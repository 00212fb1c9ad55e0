// The NodeVolumeLimits plugin (upstream's CSILimits): a node takes no more CSI volumes per driver
// than its CSINode (or legacy node allocatable) allows. In-tree volume migration to CSI is not
// modelled: only volumes that are CSI volumes (or claims of a class with a CSI provisioner) count.
import { createHash, randomBytes } from 'node:crypto';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { CSINode } from 'kubernetes-types/storage/v1.js';
import { claimClass } from '../../../controllers/persistentvolume/match.js';
import {
  CSI_NODES,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  STORAGE_CLASSES,
} from '../../../client/resources.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  NodeInfo,
  PreFilterPlugin,
  PreFilterResult,
} from '../../framework/types.js';

/** The plugin's registry name. */
export const NAME = 'NodeVolumeLimits';

/** Reason for a node whose driver limit the pod would exceed. */
export const ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED = 'node(s) exceed max volume count';

const ATTACH_LIMIT_PREFIX = 'attachable-volumes-';
const CSI_ATTACH_LIMIT_PREFIX = 'attachable-volumes-csi-';

/** The resource name a driver's attach limit goes by (hashed when too long, as upstream). Pure. */
export function csiAttachLimitKey(driver: string): string {
  if (CSI_ATTACH_LIMIT_PREFIX.length + driver.length >= 63) {
    const hashed = createHash('sha1').update(driver).digest('hex').slice(0, 16);
    return CSI_ATTACH_LIMIT_PREFIX + driver.slice(0, 23) + hashed;
  }
  return CSI_ATTACH_LIMIT_PREFIX + driver;
}

class NotFoundError extends Error {}

/** NodeVolumeLimits for CSI volumes. */
export class NodeVolumeLimits implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;
  // Distinguishes volumes of unbound claims from real volume handles.
  private readonly randomPrefix = randomBytes(16).toString('hex');

  constructor(private readonly handle: Handle) {
    // Registered up front so that the informers start with the others.
    handle.informers.informerFor(PERSISTENT_VOLUMES);
    handle.informers.informerFor(PERSISTENT_VOLUME_CLAIMS);
    handle.informers.informerFor(STORAGE_CLASSES);
    handle.informers.informerFor(CSI_NODES);
  }

  /** Skips pods without claims or CSI inline volumes. */
  preFilter(
    _state: CycleState,
    pod: Pod,
    _nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status?: Status } {
    for (const v of pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim || v.ephemeral) return {};
    }
    return { status: Status.of('Skip') };
  }

  /** Counts distinct CSI volumes per driver on the node with the pod's new ones against the limits. */
  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    if ((pod.spec?.volumes ?? []).length === 0) return undefined;
    const csiNode = this.handle.informers.informerFor<CSINode>(CSI_NODES).lister.get('', nodeInfo.name);
    const newVolumes = new Map<string, string>();
    try {
      this.attachableVolumes(pod, true, newVolumes);
    } catch (e) {
      if (e instanceof NotFoundError) return Status.unresolvable(e.message);
      return Status.error(e instanceof Error ? e : String(e));
    }
    if (newVolumes.size === 0) return undefined;
    const limits = volumeLimits(nodeInfo, csiNode);
    if (limits.size === 0) return undefined;
    const attached = new Map<string, string>();
    for (const pi of nodeInfo.pods) this.attachableVolumes(pi.pod, false, attached);
    const attachedCount = new Map<string, number>();
    for (const [unique, key] of attached) {
      newVolumes.delete(unique);
      attachedCount.set(key, (attachedCount.get(key) ?? 0) + 1);
    }
    const newCount = new Map<string, number>();
    for (const key of newVolumes.values()) newCount.set(key, (newCount.get(key) ?? 0) + 1);
    for (const [key, count] of newCount) {
      const max = limits.get(key);
      if (max !== undefined && (attachedCount.get(key) ?? 0) + count > max) {
        return Status.unschedulable(ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED);
      }
    }
    return undefined;
  }

  // Adds `driver/handle` → limit key for the pod's CSI volumes. Missing claims of a new pod throw
  // NotFoundError; those of scheduled pods are not counted.
  private attachableVolumes(pod: Pod, newPod: boolean, out: Map<string, string>): void {
    const ns = pod.metadata?.namespace ?? '';
    const pvcs = this.handle.informers.informerFor(PERSISTENT_VOLUME_CLAIMS).lister;
    for (const v of pod.spec?.volumes ?? []) {
      let name: string;
      if (v.persistentVolumeClaim) name = v.persistentVolumeClaim.claimName;
      else if (v.ephemeral) name = `${pod.metadata?.name ?? ''}-${v.name}`;
      else continue;
      const pvc = pvcs.get(ns, name);
      if (pvc === undefined) {
        if (newPod)
          throw new NotFoundError(`looking up PVC ${ns}/${name}: persistentvolumeclaim "${name}" not found`);
        continue;
      }
      const info = this.csiDriverInfo(pvc);
      if (info === undefined) continue;
      out.set(`${info.driver}/${info.handle}`, csiAttachLimitKey(info.driver));
    }
  }

  private csiDriverInfo(pvc: PersistentVolumeClaim): { driver: string; handle: string } | undefined {
    const pvName = pvc.spec?.volumeName ?? '';
    const pv =
      pvName === ''
        ? undefined
        : this.handle.informers.informerFor(PERSISTENT_VOLUMES).lister.get('', pvName);
    if (pv !== undefined) {
      const csi = pv.spec?.csi;
      return csi === undefined ? undefined : { driver: csi.driver, handle: csi.volumeHandle };
    }
    // Not bound (or its volume is gone): count it under its class's provisioner.
    const className = claimClass(pvc);
    if (className === '') return undefined;
    const sc = this.handle.informers.informerFor(STORAGE_CLASSES).lister.get('', className);
    if (sc === undefined) return undefined;
    return {
      driver: sc.provisioner,
      handle: `${this.randomPrefix}-${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''}`,
    };
  }

  /** Pod deletions, new CSINodes and claim or volume changes can make rejected pods schedulable. */
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: { resource: 'CSINode', action: 'Add' } },
      { event: { resource: 'CSINode', action: 'Update' } },
      { event: { resource: 'Pod', action: 'Delete' } },
      { event: { resource: 'PersistentVolumeClaim', action: 'Add' } },
      { event: { resource: 'Node', action: 'Add' } },
    ];
  }
}

/** Limits by key: legacy `attachable-volumes-*` node allocatable, overridden by CSINode driver counts. Pure. */
export function volumeLimits(nodeInfo: NodeInfo, csiNode: CSINode | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of nodeInfo.allocatable.scalar) if (k.startsWith(ATTACH_LIMIT_PREFIX)) out.set(k, v);
  for (const d of csiNode?.spec.drivers ?? []) {
    const count = d.allocatable?.count;
    if (count !== undefined) out.set(csiAttachLimitKey(d.name), count);
  }
  return out;
}
