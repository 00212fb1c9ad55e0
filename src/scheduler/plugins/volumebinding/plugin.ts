// The VolumeBinding plugin: pods with PersistentVolumeClaims go only to nodes their bound volumes
// can reach and where their WaitForFirstConsumer claims can get a volume; the chosen volumes are
// bound (or provisioning is requested) before the pod is bound.
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { PERSISTENT_VOLUME_CLAIMS, PERSISTENT_VOLUMES, STORAGE_CLASSES } from '../../../client/resources.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  NodeInfo,
  PreBindPlugin,
  PreFilterPlugin,
  PreFilterResult,
  ReservePlugin,
} from '../../framework/types.js';
import { AssumeCache } from './assume-cache.js';
import { type PodVolumeClaims, type PodVolumes, podClaimNames, VolumeBinder } from './binder.js';

/** The plugin's registry name. */
export const NAME = 'VolumeBinding';

/** The PreFilter reason for claims the PV controller has not bound yet. */
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

const STATE_KEY = `PreFilter${NAME}`;

/** VolumeBindingArgs (the scoring shape is not supported: capacity scoring is not modelled). */
export interface VolumeBindingArgs {
  /** How long PreBind waits for the PV controller (default 600). */
  readonly bindTimeoutSeconds: number;
}

/** Defaults and validates `raw`; throws with upstream's message when invalid. Pure. */
export function parseVolumeBindingArgs(raw: unknown): VolumeBindingArgs {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as { bindTimeoutSeconds?: unknown };
  const t = o.bindTimeoutSeconds ?? 600;
  if (typeof t !== 'number' || !Number.isInteger(t))
    throw new Error('bindTimeoutSeconds: must be an integer');
  if (t < 0)
    throw new Error(
      `bindTimeoutSeconds: Invalid value: ${t}: invalid BindTimeoutSeconds, should not be a negative value`,
    );
  return { bindTimeoutSeconds: t };
}

// Per-cycle data. Clones share it, as upstream's (Filter results of what-if runs are harmless).
class StateData {
  readonly podVolumesByNode = new Map<string, PodVolumes>();
  allBound = false;
  constructor(readonly claims: PodVolumeClaims | undefined) {}
  clone(): StateData {
    return this;
  }
}

// The state of every pod without claims: nothing to bind. Shared, as nothing ever changes it.
const NO_CLAIMS = new StateData(undefined);
NO_CLAIMS.allBound = true;

/** Options beyond the args; tests shorten the poll interval. */
export interface VolumeBindingOptions {
  /** How often PreBind re-checks the bindings (default 1000 ms). */
  readonly pollIntervalMs?: number;
}

/** VolumeBinding; one instance per profile. */
export class VolumeBinding
  implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions
{
  readonly name = NAME;
  readonly binder: VolumeBinder;
  private readonly pvcs: AssumeCache<PersistentVolumeClaim>;
  private readonly pvs: AssumeCache<PersistentVolume>;
  private readonly pollIntervalMs: number;

  constructor(
    readonly args: VolumeBindingArgs,
    private readonly handle: Handle,
    opts: VolumeBindingOptions = {},
  ) {
    this.pvcs = new AssumeCache(handle.informers.informerFor(PERSISTENT_VOLUME_CLAIMS));
    this.pvs = new AssumeCache(handle.informers.informerFor(PERSISTENT_VOLUMES));
    const classes = handle.informers.informerFor<StorageClass>(STORAGE_CLASSES);
    this.binder = new VolumeBinder({ pvcs: this.pvcs, pvs: this.pvs, classes });
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
  }

  /** Skips pods without claims; rejects pods with missing, lost, deleting or unbound immediate claims. */
  preFilter(state: CycleState, pod: Pod): { result?: PreFilterResult; status?: Status } {
    const names = podClaimNames(pod);
    if (names.length === 0) {
      state.write(STATE_KEY, NO_CLAIMS);
      return { status: Status.of('Skip') };
    }
    const problem = this.claimProblem(pod, names);
    if (problem !== undefined) return { status: Status.unresolvable(problem) };
    let claims: PodVolumeClaims;
    try {
      claims = this.binder.getPodVolumeClaims(pod);
    } catch (e) {
      return { status: Status.error(e instanceof Error ? e : String(e)) };
    }
    if (claims.unboundClaimsImmediate.length > 0)
      return { status: Status.unresolvable(ERR_REASON_UNBOUND_IMMEDIATE) };
    // Narrowing the nodes from bound volumes' affinity (upstream's GetEligibleNodes) is not done:
    // Filter reaches the same decisions.
    state.write(STATE_KEY, new StateData(claims));
    return {};
  }

  private claimProblem(pod: Pod, names: readonly { name: string; ephemeral: boolean }[]): string | undefined {
    const ns = pod.metadata?.namespace ?? '';
    for (const { name, ephemeral } of names) {
      const pvc = this.pvcs.get(ns, name);
      if (pvc === undefined) {
        return ephemeral
          ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"`
          : `persistentvolumeclaim "${name}" not found`;
      }
      if (pvc.status?.phase === 'Lost') {
        return `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`;
      }
      if (pvc.metadata?.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
      if (ephemeral) {
        const owner = pvc.metadata?.ownerReferences?.find((r) => r.controller === true);
        if (owner === undefined || owner.uid !== pod.metadata?.uid) {
          return `PVC ${ns}/${name} was not created for pod ${ns}/${pod.metadata?.name ?? ''} (pod is not owner)`;
        }
      }
    }
    return undefined;
  }

  preFilterExtensions(): undefined {
    return undefined;
  }

  /** Checks bound volumes' node affinity and finds volumes or provisioning for delayed claims. */
  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const s = state.read<StateData>(STATE_KEY);
    if (s === undefined) return Status.error(`error reading "${STATE_KEY}" from cycleState: not found`);
    if (s.claims === undefined) return undefined;
    let found: ReturnType<VolumeBinder['findPodVolumes']>;
    try {
      found = this.binder.findPodVolumes(s.claims, nodeInfo.node);
    } catch (e) {
      return Status.error(e instanceof Error ? e : String(e));
    }
    if (found.reasons.length > 0) return Status.unresolvable(...found.reasons);
    s.podVolumesByNode.set(nodeInfo.name, found.podVolumes);
    return undefined;
  }

  /** Assumes the node's bindings in the caches. */
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    const s = state.read<StateData>(STATE_KEY);
    if (s === undefined) return Status.error(`error reading "${STATE_KEY}" from cycleState: not found`);
    const pv = s.podVolumesByNode.get(nodeName);
    if (pv === undefined) {
      if (s !== NO_CLAIMS) s.allBound = true;
      return undefined;
    }
    try {
      s.allBound = this.binder.assumePodVolumes(pod, nodeName, pv);
    } catch (e) {
      return Status.error(e instanceof Error ? e : String(e));
    }
    return undefined;
  }

  /** Drops what Reserve assumed. Idempotent. */
  unreserve(state: CycleState, _pod: Pod, nodeName: string): void {
    const pv = state.read<StateData>(STATE_KEY)?.podVolumesByNode.get(nodeName);
    if (pv !== undefined) this.binder.revertAssumedPodVolumes(pv);
  }

  /**
   * Writes the bindings (volumes' claimRef, claims' selected-node annotation) and waits, at most
   * bindTimeoutSeconds, until the PV controller has bound every claim.
   */
  async preBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    const s = state.read<StateData>(STATE_KEY);
    if (s === undefined) return Status.error(`error reading "${STATE_KEY}" from cycleState: not found`);
    if (s.allBound) return undefined;
    const podVolumes = s.podVolumesByNode.get(nodeName);
    if (podVolumes === undefined) return Status.error(`no pod volumes found for node "${nodeName}"`);
    const node = this.handle.snapshot.nodeInfos.get(nodeName)?.node;
    if (node === undefined) return Status.error(`node "${nodeName}" not found`);
    try {
      for (const b of podVolumes.staticBindings) {
        b.pv = await this.handle.client.resource(PERSISTENT_VOLUMES).update(b.pv);
      }
      for (const c of podVolumes.dynamicProvisions) {
        await this.handle.client.resource(PERSISTENT_VOLUME_CLAIMS).update(c);
      }
      const done = await this.waitForBindings(podVolumes, node);
      if (!done) return Status.error('binding volumes: context deadline exceeded');
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return Status.error(`binding volumes: ${msg}`);
    }
    this.handle.log.info(5, 'volumebinding', 'Success binding volumes for pod', {
      pod: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`,
    });
    return undefined;
  }

  // Polls checkBindings (at once, then every pollIntervalMs) until true or the timeout; bounded by
  // the timeout. Rejects when a binding was undone.
  private waitForBindings(podVolumes: PodVolumes, node: NodeInfo['node']): Promise<boolean> {
    const clock = this.handle.clock;
    const deadline = clock.now() + this.args.bindTimeoutSeconds * 1000;
    return new Promise<boolean>((resolve, reject) => {
      const tick = (): void => {
        let bound: boolean;
        try {
          bound = this.binder.checkBindings(podVolumes, node);
        } catch (e) {
          reject(e);
          return;
        }
        if (bound) {
          resolve(true);
          return;
        }
        const left = deadline - clock.now();
        if (left <= 0) {
          resolve(false);
          return;
        }
        clock.setTimer(tick, Math.min(this.pollIntervalMs, left));
      };
      tick();
    });
  }

  /** Claim, volume, class, CSINode and node changes can make rejected pods schedulable. */
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: { resource: 'PersistentVolumeClaim', action: 'Add' } },
      { event: { resource: 'PersistentVolumeClaim', action: 'Update' } },
      { event: { resource: 'PersistentVolume', action: 'Add' } },
      { event: { resource: 'PersistentVolume', action: 'Update' } },
      { event: { resource: 'StorageClass', action: 'Add' } },
      { event: { resource: 'StorageClass', action: 'Update' } },
      { event: { resource: 'CSINode', action: 'Add' } },
      { event: { resource: 'CSINode', action: 'Update' } },
      { event: { resource: 'Node', action: 'Add' } },
      { event: { resource: 'Node', action: 'UpdateNodeLabel' } },
    ];
  }
}
