/**
 * Printers of storage kinds: persistentvolumes, persistentvolumeclaims, storageclasses,
 * volumeattributesclasses, csidrivers, csinodes and volumeattachments.
 */
import { AGE, column, NAME, simplePrinter, wide } from './columns.js';
import { age, instantMs, isZero, name, quantityValue, timestamp } from './format.js';
import { at, bool, isSet, list, type Obj, objList, optBool, optStr, str, strList, strMap } from './json.js';
import type { PrintContext, Printer, PrintedRow } from './types.js';

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** Access modes as `RWO,ROX,RWX,RWOP`, in that fixed order, each once. */
export function accessModes(o: unknown, ...path: readonly string[]): string {
  const modes = new Set(strList(o, ...path));
  const out: string[] = [];
  if (modes.has('ReadWriteOnce')) out.push('RWO');
  if (modes.has('ReadOnlyMany')) out.push('ROX');
  if (modes.has('ReadWriteMany')) out.push('RWX');
  if (modes.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** The storage class of a PV or PVC: the beta annotation when present, else the spec field. */
function storageClass(o: Obj): string {
  const annotations = strMap(o, 'metadata', 'annotations');
  if (Object.hasOwn(annotations, BETA_CLASS_ANNOTATION)) return annotations[BETA_CLASS_ANNOTATION] ?? '';
  return str(o, 'spec', 'storageClassName');
}

function phase(o: Obj): string {
  return isSet(o, 'metadata', 'deletionTimestamp') ? 'Terminating' : str(o, 'status', 'phase');
}

/** PersistentVolumes: CAPACITY, ACCESS MODES, RECLAIM POLICY, STATUS, CLAIM, STORAGECLASS, ... */
export const persistentVolumePrinter: Printer = simplePrinter(
  [
    NAME,
    column('Capacity', 'string', 'Storage capacity of the volume.'),
    column('Access Modes', 'string', 'Ways the volume can be mounted.'),
    column('Reclaim Policy', 'string', 'What happens to the volume when its claim is released.'),
    column('Status', 'string', 'Phase of the volume.'),
    column('Claim', 'string', 'The claim bound to the volume.'),
    column('StorageClass', 'string', 'Storage class of the volume.'),
    column('VolumeAttributesClass', 'string', 'Volume attributes class of the volume.'),
    column('Reason', 'string', 'Why the volume is in its phase.'),
    AGE,
    wide('VolumeMode', 'string', 'Whether the volume is a filesystem or a block device.'),
  ],
  (o, ctx) => {
    const claim = isSet(o, 'spec', 'claimRef')
      ? `${str(o, 'spec', 'claimRef', 'namespace')}/${str(o, 'spec', 'claimRef', 'name')}`
      : '';
    return [
      name(o),
      quantityValue(o, 'spec', 'capacity', 'storage'),
      accessModes(o, 'spec', 'accessModes'),
      str(o, 'spec', 'persistentVolumeReclaimPolicy'),
      phase(o),
      claim,
      storageClass(o),
      optStr(o, 'spec', 'volumeAttributesClassName') ?? '<unset>',
      str(o, 'status', 'reason'),
      age(o, ctx),
      optStr(o, 'spec', 'volumeMode') ?? '<unset>',
    ];
  },
);

/** PersistentVolumeClaims: STATUS, VOLUME, CAPACITY, ACCESS MODES, STORAGECLASS, ... */
export const persistentVolumeClaimPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Status', 'string', 'Phase of the claim.'),
    column('Volume', 'string', 'The volume bound to the claim.'),
    column('Capacity', 'string', 'Storage capacity of the bound volume.'),
    column('Access Modes', 'string', 'Ways the bound volume can be mounted.'),
    column('StorageClass', 'string', 'Storage class of the claim.'),
    column('VolumeAttributesClass', 'string', 'Volume attributes class of the claim.'),
    AGE,
    wide('VolumeMode', 'string', 'Whether the claim asks for a filesystem or a block device.'),
  ],
  (o, ctx) => {
    const volume = str(o, 'spec', 'volumeName');
    // Capacity and modes describe the bound volume, so they stay empty until the claim is bound.
    const bound = volume !== '';
    const annotations = strMap(o, 'metadata', 'annotations');
    const cls = Object.hasOwn(annotations, BETA_CLASS_ANNOTATION)
      ? (annotations[BETA_CLASS_ANNOTATION] ?? '')
      : (optStr(o, 'spec', 'storageClassName') ?? '');
    return [
      name(o),
      phase(o),
      volume,
      bound ? quantityValue(o, 'status', 'capacity', 'storage') : '',
      bound ? accessModes(o, 'status', 'accessModes') : '',
      cls,
      optStr(o, 'spec', 'volumeAttributesClassName') ?? '<unset>',
      age(o, ctx),
      optStr(o, 'spec', 'volumeMode') ?? '<unset>',
    ];
  },
);

function isDefaultClass(o: Obj): boolean {
  const annotations = strMap(o, 'metadata', 'annotations');
  return (
    annotations['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
}

function createdMs(o: Obj): number {
  const t = timestamp(o, 'metadata', 'creationTimestamp');
  return isZero(t) ? Number.NEGATIVE_INFINITY : instantMs(t);
}

/**
 * The effective default StorageClass among `classes`: of those annotated default, the most
 * recently created, ties going to the smaller name. Undefined when none is annotated.
 */
export function effectiveDefaultStorageClass(classes: readonly Obj[]): string | undefined {
  let best: Obj | undefined;
  for (const c of classes) {
    if (!isDefaultClass(c)) continue;
    if (best === undefined || createdMs(c) > createdMs(best)) best = c;
    else if (createdMs(c) === createdMs(best) && name(c) < name(best)) best = c;
  }
  return best === undefined ? undefined : name(best);
}

const STORAGE_CLASS_COLUMNS = [
  NAME,
  column('Provisioner', 'string', 'The volume plugin that provisions volumes of the class.'),
  column('ReclaimPolicy', 'string', 'Reclaim policy of volumes provisioned for the class.'),
  column('VolumeBindingMode', 'string', 'When volumes of the class are bound and provisioned.'),
  column('AllowVolumeExpansion', 'string', 'Whether volumes of the class can be expanded.'),
  AGE,
];

function printStorageClass(o: Obj, ctx: PrintContext, effectiveDefault: string | undefined): PrintedRow {
  const n = name(o);
  const cells = [
    effectiveDefault !== undefined && effectiveDefault !== '' && n === effectiveDefault
      ? `${n} (default)`
      : n,
    str(o, 'provisioner'),
    optStr(o, 'reclaimPolicy') ?? 'Delete',
    optStr(o, 'volumeBindingMode') ?? 'Immediate',
    optBool(o, 'allowVolumeExpansion') ?? false,
    age(o, ctx),
  ];
  return { cells, object: o };
}

/**
 * StorageClasses: PROVISIONER, RECLAIMPOLICY, VOLUMEBINDINGMODE, ALLOWVOLUMEEXPANSION. Only the
 * effective default class (see `effectiveDefaultStorageClass`) is marked `(default)`.
 */
export const storageClassPrinter: Printer = {
  columns: STORAGE_CLASS_COLUMNS,
  print: (objects, ctx) => {
    const effective = ctx.defaultStorageClass ?? effectiveDefaultStorageClass(objects);
    return objects.map((o) => printStorageClass(o, ctx, effective));
  },
};

/** VolumeAttributesClasses: DRIVERNAME. */
export const volumeAttributesClassPrinter: Printer = simplePrinter(
  [NAME, column('DriverName', 'string', 'The CSI driver the class is for.'), AGE],
  (o, ctx) => [name(o), str(o, 'driverName'), age(o, ctx)],
);

/** CSIDrivers: ATTACHREQUIRED, PODINFOONMOUNT, STORAGECAPACITY, TOKENREQUESTS, REQUIRESREPUBLISH, MODES. */
export const csiDriverPrinter: Printer = simplePrinter(
  [
    NAME,
    column('AttachRequired', 'boolean', 'Whether volumes need an attach step.'),
    column('PodInfoOnMount', 'boolean', 'Whether pod information is passed on mount.'),
    column('StorageCapacity', 'boolean', 'Whether the scheduler considers storage capacity.'),
    column('TokenRequests', 'string', 'Audiences of the service account tokens passed on mount.'),
    column('RequiresRepublish', 'boolean', 'Whether volumes are mounted again periodically.'),
    column('Modes', 'string', 'Volume lifecycle modes the driver supports.'),
    AGE,
  ],
  (o, ctx) => {
    const modes = strList(o, 'spec', 'volumeLifecycleModes').join(',');
    const tokenRequests = Array.isArray(at(o, 'spec', 'tokenRequests'))
      ? objList(o, 'spec', 'tokenRequests')
          .map((t) => str(t, 'audience'))
          .join(',')
      : '<unset>';
    return [
      name(o),
      optBool(o, 'spec', 'attachRequired') ?? true,
      optBool(o, 'spec', 'podInfoOnMount') ?? false,
      optBool(o, 'spec', 'storageCapacity') ?? false,
      tokenRequests,
      optBool(o, 'spec', 'requiresRepublish') ?? false,
      modes === '' ? '<none>' : modes,
      age(o, ctx),
    ];
  },
);

/** CSINodes: DRIVERS (count). */
export const csiNodePrinter: Printer = simplePrinter(
  [NAME, column('Drivers', 'integer', 'Number of CSI drivers registered on the node.'), AGE],
  (o, ctx) => [name(o), list(o, 'spec', 'drivers').length, age(o, ctx)],
);

/** VolumeAttachments: ATTACHER, PV, NODE, ATTACHED. */
export const volumeAttachmentPrinter: Printer = simplePrinter(
  [
    NAME,
    column('Attacher', 'string', 'The driver that attaches the volume.', { format: 'name' }),
    column('PV', 'string', 'The persistent volume being attached.'),
    column('Node', 'string', 'The node the volume is attached to.'),
    column('Attached', 'boolean', 'Whether the volume is attached.'),
    AGE,
  ],
  (o, ctx) => [
    name(o),
    str(o, 'spec', 'attacher'),
    optStr(o, 'spec', 'source', 'persistentVolumeName') ?? '',
    str(o, 'spec', 'nodeName'),
    bool(o, 'status', 'attached'),
    age(o, ctx),
  ],
);
