// The scheduler's side of volume binding (upstream's volumeBinder): sort a pod's claims into bound,
// immediate and delayed ones; per node, check bound volumes' node affinity and find volumes or
// provisioning for delayed claims; then assume and write the chosen bindings.
import type {
  Node,
  ObjectReference,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
} from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { labelSelectorAsSelector, type Selector } from '../../../apimachinery/labels/index.js';
import type { SharedInformer } from '../../../client/informers/index.js';
import {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  claimClass,
  hasAccessModes,
  hasAnnotation,
  isVolumeBoundToClaim,
  requestedStorage,
  volumeCapacity,
  volumeClass,
  volumeModeMismatches,
} from '../../../controllers/persistentvolume/match.js';
import type { AssumeCache } from './assume-cache.js';
import { matchTopologySelectorTerms, volumeNodeAffinityMatches } from './node-selector.js';

/** Filter reasons, as upstream words them. */
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_NOT_ENOUGH_SPACE = 'node(s) did not have enough free storage';
export const ERR_REASON_PV_NOT_EXIST =
  'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

/** The provisioner name of classes whose volumes are created by hand. */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';

/** A pod's claims sorted by binding state. */
export interface PodVolumeClaims {
  readonly boundClaims: readonly PersistentVolumeClaim[];
  /** WaitForFirstConsumer claims the scheduler binds or has provisioned. */
  readonly unboundClaimsDelayBinding: readonly PersistentVolumeClaim[];
  /** Claims the PV controller must bind first (Immediate mode, or pre-bound by volumeName). */
  readonly unboundClaimsImmediate: readonly PersistentVolumeClaim[];
  /** Available volumes by class name for the delayed claims' classes. */
  readonly unboundVolumesDelayBinding: ReadonlyMap<string, readonly PersistentVolume[]>;
}

/** A volume chosen for a claim. */
export interface BindingInfo {
  pv: PersistentVolume;
  readonly pvc: PersistentVolumeClaim;
}

/** What to do for a pod on one node. */
export interface PodVolumes {
  staticBindings: BindingInfo[];
  dynamicProvisions: PersistentVolumeClaim[];
}

/** The claim name of a pod volume: its persistentVolumeClaim, or `<pod>-<volume>` for an ephemeral one. */
export function podClaimNames(pod: Pod): { name: string; ephemeral: boolean }[] {
  const out: { name: string; ephemeral: boolean }[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v.ephemeral) out.push({ name: `${pod.metadata?.name ?? ''}-${v.name}`, ephemeral: true });
  }
  return out;
}

/** Whether the claim is bound and the PV controller finished binding it. Pure. */
export function isClaimFullyBound(pvc: PersistentVolumeClaim): boolean {
  return (pvc.spec?.volumeName ?? '') !== '' && hasAnnotation(pvc, ANN_BIND_COMPLETED);
}

function claimReference(claim: PersistentVolumeClaim): ObjectReference {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata?.namespace ?? '',
    name: claim.metadata?.name ?? '',
    uid: claim.metadata?.uid ?? '',
    apiVersion: 'v1',
    resourceVersion: claim.metadata?.resourceVersion ?? '',
  };
}

/**
 * Upstream's FindMatchingVolume on the scheduler path: a volume pre-bound to the claim wins if its
 * node affinity admits the node (otherwise nothing matches); else the smallest Available volume of
 * the claim's class that is large enough, matches its selector, volume mode, access modes and
 * attributes class, admits the node and is not in `excluded`. Throws on an invalid claim selector.
 */
export function findMatchingVolumeForNode(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  node: Node,
  excluded: ReadonlySet<string>,
): PersistentVolume | undefined {
  const requested = requestedStorage(claim);
  const requestedClass = claimClass(claim);
  let selector: Selector | undefined;
  if (claim.spec?.selector !== undefined && claim.spec.selector !== null) {
    selector = labelSelectorAsSelector(claim.spec.selector);
  }
  let smallest: PersistentVolume | undefined;
  let smallestQty: ReturnType<typeof volumeCapacity> | undefined;
  for (const volume of volumes) {
    if (excluded.has(volume.metadata?.name ?? '')) continue;
    const ref = volume.spec?.claimRef;
    if (ref !== undefined && ref !== null && !isVolumeBoundToClaim(volume, claim)) continue;
    const qty = volumeCapacity(volume);
    if (qty.cmp(requested) < 0) continue;
    if (volumeModeMismatches(claim, volume.spec)) continue;
    if (volume.metadata?.deletionTimestamp) continue;
    const affinityOk = volumeNodeAffinityMatches(volume, node);
    if (isVolumeBoundToClaim(volume, claim)) return affinityOk ? volume : undefined;
    if (volume.status?.phase !== 'Available') continue;
    if (selector !== undefined && !selector.matches(volume.metadata?.labels ?? {})) continue;
    if (volumeClass(volume) !== requestedClass) continue;
    if (!affinityOk) continue;
    if (!hasAccessModes(claim, volume)) continue;
    if ((volume.spec?.volumeAttributesClassName ?? '') !== (claim.spec?.volumeAttributesClassName ?? ''))
      continue;
    if (smallest === undefined || (smallestQty !== undefined && smallestQty.cmp(qty) > 0)) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}

/** The binder's sources. */
export interface BinderSources {
  readonly pvcs: AssumeCache<PersistentVolumeClaim>;
  readonly pvs: AssumeCache<PersistentVolume>;
  readonly classes: SharedInformer<StorageClass>;
}

/** Upstream's volumeBinder, minus storage capacity tracking (not modelled). */
export class VolumeBinder {
  constructor(private readonly src: BinderSources) {}

  /** Sorts the pod's claims; throws for a missing StorageClass of an unbound claim. */
  getPodVolumeClaims(pod: Pod): PodVolumeClaims {
    const ns = pod.metadata?.namespace ?? '';
    const bound: PersistentVolumeClaim[] = [];
    const delayed: PersistentVolumeClaim[] = [];
    const immediate: PersistentVolumeClaim[] = [];
    for (const { name } of podClaimNames(pod)) {
      const pvc = this.src.pvcs.get(ns, name);
      if (pvc === undefined) throw new Error(`persistentvolumeclaim "${name}" not found`);
      if (isClaimFullyBound(pvc)) {
        bound.push(pvc);
        continue;
      }
      const delay = this.isDelayBinding(pvc);
      if (delay && (pvc.spec?.volumeName ?? '') === '') delayed.push(pvc);
      else immediate.push(pvc);
    }
    const byClass = new Map<string, PersistentVolume[]>();
    if (delayed.length > 0) {
      const wanted = new Set(delayed.map(claimClass));
      for (const c of wanted) byClass.set(c, []);
      for (const pv of this.src.pvs.list()) byClass.get(volumeClass(pv))?.push(pv);
    }
    return {
      boundClaims: bound,
      unboundClaimsDelayBinding: delayed,
      unboundClaimsImmediate: immediate,
      unboundVolumesDelayBinding: byClass,
    };
  }

  private isDelayBinding(pvc: PersistentVolumeClaim): boolean {
    const className = claimClass(pvc);
    if (className === '') return false;
    const sc = this.src.classes.lister.get('', className);
    if (sc === undefined) throw new Error(`storageclass.storage.k8s.io "${className}" not found`);
    return sc.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /**
   * What binding the pod's volumes on `node` needs, or the reasons the node cannot host them.
   * Throws for unexpected failures (invalid selectors, a missing class).
   */
  findPodVolumes(claims: PodVolumeClaims, node: Node): { podVolumes: PodVolumes; reasons: string[] } {
    const podVolumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
    let boundSatisfied = true;
    let boundPVsFound = true;
    let unboundSatisfied = true;
    const reasons = (): string[] => {
      const r: string[] = [];
      if (!boundSatisfied) r.push(ERR_REASON_NODE_CONFLICT);
      if (!unboundSatisfied) r.push(ERR_REASON_BIND_CONFLICT);
      if (!boundPVsFound) r.push(ERR_REASON_PV_NOT_EXIST);
      return r;
    };
    for (const pvc of claims.boundClaims) {
      const pv = this.src.pvs.get('', pvc.spec?.volumeName ?? '');
      if (pv === undefined) {
        boundPVsFound = false;
        break;
      }
      if (!volumeNodeAffinityMatches(pv, node)) {
        boundSatisfied = false;
        break;
      }
    }
    if (!boundSatisfied || !boundPVsFound) return { podVolumes, reasons: reasons() };

    if (claims.unboundClaimsDelayBinding.length > 0) {
      const toMatch: PersistentVolumeClaim[] = [];
      const toProvision: PersistentVolumeClaim[] = [];
      for (const claim of claims.unboundClaimsDelayBinding) {
        const selected = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
        if (selected !== undefined) {
          if (selected !== node.metadata?.name) {
            unboundSatisfied = false;
            return { podVolumes, reasons: reasons() };
          }
          toProvision.push(claim);
        } else {
          toMatch.push(claim);
        }
      }
      if (toMatch.length > 0) {
        // Smallest requests first, so that they get the smallest volumes.
        const sorted = [...toMatch].sort((a, b) => requestedStorage(a).cmp(requestedStorage(b)));
        const chosen = new Set<string>();
        for (const claim of sorted) {
          const pvs = claims.unboundVolumesDelayBinding.get(claimClass(claim)) ?? [];
          const pv = findMatchingVolumeForNode(claim, pvs, node, chosen);
          if (pv === undefined) {
            toProvision.push(claim);
            unboundSatisfied = false;
            continue;
          }
          chosen.add(pv.metadata?.name ?? '');
          podVolumes.staticBindings.push({ pv, pvc: claim });
        }
      }
      if (toProvision.length > 0) {
        unboundSatisfied = this.checkVolumeProvisions(toProvision, node, podVolumes);
      }
    }
    return { podVolumes, reasons: reasons() };
  }

  // Whether every claim can be provisioned for the node: its class names a real provisioner and
  // allows the node's topology. Storage capacity is not checked.
  private checkVolumeProvisions(
    claims: readonly PersistentVolumeClaim[],
    node: Node,
    out: PodVolumes,
  ): boolean {
    for (const claim of claims) {
      const className = claimClass(claim);
      if (className === '') return false;
      const sc = this.src.classes.lister.get('', className);
      if (sc === undefined) throw new Error(`failed to find storage class "${className}"`);
      if (sc.provisioner === NOT_SUPPORTED_PROVISIONER) return false;
      if (!matchTopologySelectorTerms(sc.allowedTopologies, node.metadata?.labels ?? {})) return false;
      out.dynamicProvisions.push(claim);
    }
    return true;
  }

  /**
   * Assumes the bindings in the caches: volumes get the claim in claimRef (and the bound-by-controller
   * annotation when the user did not pre-bind them); claims to provision get the selected-node
   * annotation. Rewrites `podVolumes` with the assumed copies. Returns true when the pod's claims
   * are all bound already (nothing to do). On failure, reverts what it assumed and throws.
   */
  assumePodVolumes(pod: Pod, nodeName: string, podVolumes: PodVolumes): boolean {
    const ns = pod.metadata?.namespace ?? '';
    if (
      podClaimNames(pod).every(({ name }) => {
        const pvc = this.src.pvcs.get(ns, name);
        return pvc !== undefined && isClaimFullyBound(pvc);
      })
    ) {
      return true;
    }
    const bindings: BindingInfo[] = [];
    const provisions: PersistentVolumeClaim[] = [];
    try {
      for (const b of podVolumes.staticBindings) {
        const pv = bindVolumeToClaim(b.pv, b.pvc);
        if (pv !== b.pv) this.src.pvs.assume(pv);
        bindings.push({ pv, pvc: b.pvc });
      }
      for (const claim of podVolumes.dynamicProvisions) {
        const clone: PersistentVolumeClaim = structuredClone(claim);
        clone.metadata = {
          ...clone.metadata,
          annotations: { ...clone.metadata?.annotations, [ANN_SELECTED_NODE]: nodeName },
        };
        this.src.pvcs.assume(clone);
        provisions.push(clone);
      }
    } catch (e) {
      this.revertAssumedPodVolumes({ staticBindings: bindings, dynamicProvisions: provisions });
      throw e;
    }
    podVolumes.staticBindings = bindings;
    podVolumes.dynamicProvisions = provisions;
    return false;
  }

  /** Drops the assumptions made for `podVolumes`. Idempotent. */
  revertAssumedPodVolumes(podVolumes: PodVolumes): void {
    for (const b of podVolumes.staticBindings) this.src.pvs.restore('', b.pv.metadata?.name ?? '');
    for (const c of podVolumes.dynamicProvisions)
      this.src.pvcs.restore(c.metadata?.namespace ?? '', c.metadata?.name ?? '');
  }

  /**
   * Whether the PV controller finished: every chosen volume still points at its claim and every
   * claim is fully bound. Throws when a binding was undone (the pod must be scheduled again).
   */
  checkBindings(podVolumes: PodVolumes, node: Node): boolean {
    for (const b of podVolumes.staticBindings) {
      const name = b.pv.metadata?.name ?? '';
      const pv = this.src.pvs.get('', name);
      if (pv === undefined) throw new Error(`failed to check binding: persistentvolume "${name}" not found`);
      const ref = pv.spec?.claimRef;
      if (ref === undefined || ref === null || (ref.uid ?? '') !== (b.pvc.metadata?.uid ?? '')) {
        throw new Error(
          `binding of PV "${name}" to PVC "${b.pvc.metadata?.namespace ?? ''}/${b.pvc.metadata?.name ?? ''}" was undone`,
        );
      }
      const pvc = this.src.pvcs.get(b.pvc.metadata?.namespace ?? '', b.pvc.metadata?.name ?? '');
      if (pvc === undefined || !isClaimFullyBound(pvc)) return false;
    }
    for (const c of podVolumes.dynamicProvisions) {
      const ns = c.metadata?.namespace ?? '';
      const name = c.metadata?.name ?? '';
      const pvc = this.src.pvcs.get(ns, name);
      if (pvc === undefined)
        throw new Error(`failed to check provisioning pvc: persistentvolumeclaim "${name}" not found`);
      if (!isClaimFullyBound(pvc)) {
        if (pvc.metadata?.annotations?.[ANN_SELECTED_NODE] === undefined) {
          throw new Error(`selectedNode annotation reset for PVC "${name}"`);
        }
        return false;
      }
      const pv = this.src.pvs.get('', pvc.spec?.volumeName ?? '');
      if (pv === undefined) return false;
      if (!volumeNodeAffinityMatches(pv, node)) {
        throw new Error(
          `pv "${pv.metadata?.name ?? ''}" node affinity doesn't match node "${node.metadata?.name ?? ''}"`,
        );
      }
    }
    return true;
  }
}

/**
 * The volume with claimRef set to the claim (a copy; the same object when nothing changes), and the
 * bound-by-controller annotation when it was not pre-bound to this claim. Pure.
 */
export function bindVolumeToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): PersistentVolume {
  const prebound = isVolumeBoundToClaim(volume, claim);
  const ref = volume.spec?.claimRef;
  const needRef =
    ref === undefined ||
    ref === null ||
    ref.name !== claim.metadata?.name ||
    ref.namespace !== claim.metadata?.namespace ||
    (ref.uid ?? '') !== (claim.metadata?.uid ?? '');
  const needAnn = !prebound && !hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER);
  if (!needRef && !needAnn) return volume;
  const clone: PersistentVolume = structuredClone(volume);
  if (needRef) clone.spec = { ...clone.spec, claimRef: claimReference(claim) };
  if (needAnn)
    clone.metadata = {
      ...clone.metadata,
      annotations: { ...clone.metadata?.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' },
    };
  return clone;
}
