// Which PersistentVolume suits a claim: class, access modes, size, volume mode, selector and
// pre-binding rules of upstream's volume index (smallest fitting volume among those with the
// fewest access modes that cover the claim's).
import type {
  PersistentVolume,
  PersistentVolumeClaim,
  PersistentVolumeSpec,
} from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { labelSelectorAsSelector, type Selector } from '../../apimachinery/labels/index.js';
import { type Quantity, tryParseQuantity } from '../../apimachinery/quantity/index.js';

/** Set on a claim once binding finished; its absence means the claim is not (yet) bound. */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** Set on a volume or claim the controller bound (rather than a user pre-binding it). */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
/** Set by whatever provisioned a volume (never by this controller). */
export const ANN_DYNAMICALLY_PROVISIONED = 'pv.kubernetes.io/provisioned-by';
/** The node the scheduler chose for a claim of a WaitForFirstConsumer class that must be provisioned. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** The provisioner a claim waits for. */
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
/** The deprecated spelling of ANN_STORAGE_PROVISIONER, still written. */
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
/** The deprecated class annotation, which wins over spec.storageClassName when present. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
/** Marks the default StorageClass. */
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
/** The deprecated spelling of ANN_DEFAULT_CLASS. */
export const ANN_BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
/** Set on a volume handed to a CSI driver by migration: the controller then leaves it alone. */
export const ANN_MIGRATED_TO = 'pv.kubernetes.io/migrated-to';

function annotation(obj: { metadata?: { annotations?: Record<string, string> } }, key: string) {
  const a = obj.metadata?.annotations;
  return a !== undefined && Object.hasOwn(a, key) ? a[key] : undefined;
}

/** Whether the object carries annotation `key` (any value). Pure. */
export function hasAnnotation(obj: { metadata?: { annotations?: Record<string, string> } }, key: string) {
  return annotation(obj, key) !== undefined;
}

/** The class a claim asks for: the beta annotation if present, else spec.storageClassName or ''. */
export function claimClass(claim: PersistentVolumeClaim): string {
  return annotation(claim, ANN_BETA_STORAGE_CLASS) ?? claim.spec?.storageClassName ?? '';
}

/** Whether the claim names a class at all (an empty name counts: it asks for no class). */
export function claimHasClass(claim: PersistentVolumeClaim): boolean {
  return hasAnnotation(claim, ANN_BETA_STORAGE_CLASS) || claim.spec?.storageClassName != null;
}

/** The class of a volume: the beta annotation if present, else spec.storageClassName or ''. */
export function volumeClass(volume: PersistentVolume): string {
  return annotation(volume, ANN_BETA_STORAGE_CLASS) ?? volume.spec?.storageClassName ?? '';
}

/** Whether `class` is marked default (either annotation equal to "true"). */
export function isDefaultClass(sc: StorageClass): boolean {
  return annotation(sc, ANN_DEFAULT_CLASS) === 'true' || annotation(sc, ANN_BETA_DEFAULT_CLASS) === 'true';
}

/** The default class: among those marked, the newest, then by name. Pure. */
export function defaultClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const marked = classes.filter(isDefaultClass);
  marked.sort((a, b) => {
    const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
    if (ta !== tb) return tb - ta;
    const na = a.metadata?.name ?? '';
    const nb = b.metadata?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
  return marked[0];
}

/** Whether the volume's claimRef names this claim (and its uid, when the reference has one). */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (ref === undefined || ref === null) return false;
  if (ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return (ref.uid ?? '') === '' || ref.uid === claim.metadata?.uid;
}

/** Whether claim and volume disagree on volumeMode (absent means Filesystem on both sides). */
export function volumeModeMismatches(
  claim: PersistentVolumeClaim,
  spec: PersistentVolumeSpec | undefined,
): boolean {
  return (claim.spec?.volumeMode ?? 'Filesystem') !== (spec?.volumeMode ?? 'Filesystem');
}

/** Whether the volume offers every access mode the claim asks for. */
export function hasAccessModes(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = new Set(volume.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((m) => offered.has(m));
}

const ZERO = tryParseQuantity('0');

function quantity(list: Record<string, string> | undefined, name: string): Quantity {
  const raw = list?.[name];
  const q = raw === undefined ? undefined : tryParseQuantity(String(raw));
  if (q?.ok) return q.quantity;
  if (ZERO.ok) return ZERO.quantity;
  throw new Error('unreachable: zero quantity');
}

/** The storage the claim requests (zero when absent). */
export function requestedStorage(claim: PersistentVolumeClaim): Quantity {
  return quantity(claim.spec?.resources?.requests as Record<string, string> | undefined, 'storage');
}

/** The volume's storage capacity (zero when absent). */
export function volumeCapacity(volume: PersistentVolume): Quantity {
  return quantity(volume.spec?.capacity as Record<string, string> | undefined, 'storage');
}

/**
 * Why a volume the claim names in spec.volumeName cannot serve it, or undefined when it can.
 * Messages as upstream's checkVolumeSatisfyClaim.
 */
export function checkVolumeSatisfiesClaim(
  volume: PersistentVolume,
  claim: PersistentVolumeClaim,
): string | undefined {
  if (volume.metadata?.deletionTimestamp)
    return `the volume is marked for deletion "${volume.metadata.name ?? ''}"`;
  if (volumeCapacity(volume).value() < requestedStorage(claim).value()) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (volumeModeMismatches(claim, volume.spec)) return 'incompatible volumeMode';
  if (!hasAccessModes(claim, volume)) return 'incompatible accessMode';
  if ((volume.spec?.volumeAttributesClassName ?? '') !== (claim.spec?.volumeAttributesClassName ?? ''))
    return 'volumeAttributesClassName does not match';
  return undefined;
}

/**
 * Upstream's FindMatchingVolume on the controller's path (no node): a volume pre-bound to the
 * claim wins outright; otherwise the smallest Available volume that is large enough, of the
 * claim's class, volume mode and attributes class, matching its selector and not being deleted.
 * With `delayBinding` only pre-bound volumes are taken (the scheduler binds the rest). Throws on
 * an invalid claim selector.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  delayBinding: boolean,
): PersistentVolume | undefined {
  const requested = requestedStorage(claim);
  const requestedClass = claimClass(claim);
  let selector: Selector | undefined;
  if (claim.spec?.selector !== undefined && claim.spec.selector !== null) {
    try {
      selector = labelSelectorAsSelector(claim.spec.selector);
    } catch (e) {
      const key = `${claim.metadata?.namespace ?? ''}/${claim.metadata?.name ?? ''}`;
      throw new Error(
        `error creating internal label selector for claim: ${key}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  let smallest: PersistentVolume | undefined;
  let smallestQty: Quantity | undefined;
  for (const volume of volumes) {
    const ref = volume.spec?.claimRef;
    if (ref !== undefined && ref !== null && !isVolumeBoundToClaim(volume, claim)) continue;
    const qty = volumeCapacity(volume);
    if (qty.cmp(requested) < 0) continue;
    if (volumeModeMismatches(claim, volume.spec)) continue;
    if (volume.metadata?.deletionTimestamp) continue;
    if (isVolumeBoundToClaim(volume, claim)) return volume;
    if (delayBinding) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (selector !== undefined && !selector.matches(volume.metadata?.labels ?? {})) continue;
    if (volumeClass(volume) !== requestedClass) continue;
    if ((volume.spec?.volumeAttributesClassName ?? '') !== (claim.spec?.volumeAttributesClassName ?? ''))
      continue;
    if (smallest === undefined || (smallestQty !== undefined && smallestQty.cmp(qty) > 0)) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}

/**
 * Upstream's persistentVolumeOrderedIndex.findByClaim: volumes are grouped by their exact set of
 * access modes; the groups whose modes include all the claim asks for are searched in order of
 * fewest modes, and the first group with a match gives the answer.
 */
export function findBestMatchForClaim(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  delayBinding: boolean,
): PersistentVolume | undefined {
  const groups = new Map<string, { modes: Set<string>; volumes: PersistentVolume[] }>();
  for (const v of volumes) {
    const modes = [...new Set(v.spec?.accessModes ?? [])].sort();
    const key = modes.join(',');
    let g = groups.get(key);
    if (g === undefined) {
      g = { modes: new Set(modes), volumes: [] };
      groups.set(key, g);
    }
    g.volumes.push(v);
  }
  const wanted = claim.spec?.accessModes ?? [];
  const candidates = [...groups.values()]
    .filter((g) => wanted.every((m) => g.modes.has(m)))
    .sort((a, b) => a.modes.size - b.modes.size);
  for (const g of candidates) {
    const found = findMatchingVolume(claim, g.volumes, delayBinding);
    if (found !== undefined) return found;
  }
  return undefined;
}
