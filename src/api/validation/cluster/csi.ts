import {
  duplicate,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import { quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import {
  FieldImmutableErrorMsg,
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNSSubdomain,
  validateImmutableField,
  validateNonnegativeField,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach, validateLabelSelector } from './common.js';
import { defineKind } from './kind.js';
import { byteLen, isObj, quietReader, type Reader } from './shape.js';

const maxAttachmentMetadataSize = 256 * 1024;
const maxVolumeErrorMessageSize = 1024;

function validateCSIDriverSpec(obj: JsonObject, r: Reader): void {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p);
  if (r.bool(spec, 'attachRequired', p.child('attachRequired')) === undefined) {
    r.errs.push(required(p.child('attachedRequired')));
  }
  if (r.bool(spec, 'podInfoOnMount', p.child('podInfoOnMount')) === undefined) {
    r.errs.push(required(p.child('podInfoOnMount')));
  }
  if (r.bool(spec, 'storageCapacity', p.child('storageCapacity')) === undefined) {
    r.errs.push(required(p.child('storageCapacity')));
  }
  const fsGroup = r.optStr(spec, 'fsGroupPolicy', p.child('fsGroupPolicy'));
  const policies = ['File', 'None', 'ReadWriteOnceWithFSType'];
  if (fsGroup !== undefined && !policies.includes(fsGroup)) {
    r.errs.push(notSupported(p.child('fsGroupPolicy'), fsGroup, policies));
  }
  const audiences = new Set<string>();
  for (const [tr, i] of r.objs(spec, 'tokenRequests', p.child('tokenRequests'))) {
    const tp = p.child('tokenRequests').index(i);
    const audience = r.str(tr, 'audience', tp.child('audience'));
    if (audiences.has(audience)) {
      r.errs.push(duplicate(tp.child('audience'), audience));
      continue;
    }
    audiences.add(audience);
    const exp = r.int(tr, 'expirationSeconds', tp.child('expirationSeconds'));
    if (exp === undefined) continue;
    if (exp < 600)
      r.errs.push(
        invalid(tp.child('expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'),
      );
    if (exp > 2 ** 32) {
      r.errs.push(
        invalid(tp.child('expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'),
      );
    }
  }
  for (const mode of r.strs(spec, 'volumeLifecycleModes', p.child('volumeLifecycleModes'))) {
    if (mode !== 'Persistent' && mode !== 'Ephemeral') {
      r.errs.push(notSupported(p.child('volumeLifecycleModes'), mode, ['Persistent', 'Ephemeral']));
    }
  }
  // Required since the SELinux mount feature is on by default; defaulting sets it to false.
  if (r.bool(spec, 'seLinuxMount', p.child('seLinuxMount')) === undefined) {
    r.errs.push(required(p.child('seLinuxMount')));
  }
  r.bool(spec, 'requiresRepublish', p.child('requiresRepublish'));
  const period = r.int(
    spec,
    'nodeAllocatableUpdatePeriodSeconds',
    p.child('nodeAllocatableUpdatePeriodSeconds'),
  );
  if (period !== undefined && period < 10) {
    r.errs.push(
      invalid(
        p.child('nodeAllocatableUpdatePeriodSeconds'),
        period,
        'must be greater than or equal to 10 seconds',
      ),
    );
  }
}

/** storage.k8s.io/v1 CSIDriver. */
export const csiDriverValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create: validateCSIDriverSpec,
  update(obj, old, r) {
    const spec = (o: JsonObject): JsonObject => (isObj(o['spec']) ? o['spec'] : {});
    r.errs.push(
      ...validateImmutableField(
        spec(obj)['attachRequired'] ?? null,
        spec(old)['attachRequired'] ?? null,
        path('spec', 'attachedRequired'),
      ),
      ...validateImmutableField(
        spec(obj)['volumeLifecycleModes'] ?? null,
        spec(old)['volumeLifecycleModes'] ?? null,
        path('spec', 'volumeLifecycleModes'),
      ),
    );
  },
});

/** A CSI driver name inside an object (not the object's own name): required, DNS subdomain, ≤ 63. */
function validateCSIDriverName(name: string, p: FieldPath): ReturnType<typeof invalidEach> {
  const errs = name === '' ? [required(p)] : [];
  if (byteLen(name) > 63) errs.push(tooLong(p, name, 63));
  errs.push(...invalidEach(p, name, isDNS1123Subdomain(name.toLowerCase())));
  return errs;
}

function validateCSINodeSpec(obj: JsonObject, r: Reader): void {
  const p = path('spec', 'drivers');
  const names = new Set<string>();
  for (const [d, i] of r.objs(r.obj(obj, 'spec', path('spec')), 'drivers', p)) {
    const dp = p.index(i);
    const name = r.str(d, 'name', dp.child('name'));
    r.errs.push(...validateCSIDriverName(name, dp.child('name')));
    const nodeID = r.str(d, 'nodeID', dp.child('nodeID'));
    if (nodeID === '') r.errs.push(required(dp.child('nodeID')));
    if (byteLen(nodeID) > 256)
      r.errs.push(invalid(dp.child('nodeID'), nodeID, 'must be 256 characters or less'));
    const count = r.int(
      r.obj(d, 'allocatable', dp.child('allocatable')),
      'count',
      dp.child('allocatable', 'count'),
    );
    if (count !== undefined)
      r.errs.push(...validateNonnegativeField(count, dp.child('allocatable', 'count')));
    if (names.has(name)) r.errs.push(duplicate(dp.child('name'), name));
    names.add(name);
    const keys = new Set<string>();
    for (const key of r.strs(d, 'topologyKeys', dp.child('topologyKeys'))) {
      if (key === '') r.errs.push(required(dp));
      if (keys.has(key)) r.errs.push(duplicate(dp, key));
      keys.add(key);
      r.errs.push(...invalidEach(dp, key, isQualifiedName(key)));
    }
  }
}

/** storage.k8s.io/v1 CSINode. */
export const csiNodeValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create: validateCSINodeSpec,
  update(obj, old, r) {
    const q = quietReader();
    const drivers = (o: JsonObject): JsonObject[] =>
      q.objs(q.obj(o, 'spec', path('spec')), 'drivers', path('d')).map(([d]) => d);
    // The allocatable count may change (it is refreshed by the node); the rest of an entry may not.
    const strip = (d: JsonObject): JsonObject => {
      const { allocatable: _allocatable, ...rest } = d;
      return rest;
    };
    for (const od of drivers(old)) {
      for (const nd of drivers(obj)) {
        if (od['name'] === nd['name'] && !deepEqual(strip(nd), strip(od))) {
          r.errs.push(invalid(path('spec', 'drivers'), strip(nd), FieldImmutableErrorMsg));
        }
      }
    }
  },
});

function validateVolumeAttachment(obj: JsonObject, r: Reader): void {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p);
  const attacher = r.str(spec, 'attacher', p.child('attacher'));
  if (attacher === '') r.errs.push(required(p.child('attacher')));
  const sp = p.child('source');
  const source = r.obj(spec, 'source', sp);
  const pvName = r.optStr(source, 'persistentVolumeName', sp.child('persistentVolumeName'));
  const inline = r.obj(source, 'inlineVolumeSpec', sp.child('inlineVolumeSpec'));
  if (inline === undefined && pvName === undefined) {
    r.errs.push(required(sp, 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  } else if (inline !== undefined && pvName !== undefined) {
    r.errs.push(forbidden(sp, 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  } else if (pvName === '') {
    r.errs.push(required(sp.child('persistentVolumeName'), 'must specify non empty persistentVolumeName'));
  }
  const nodeName = r.str(spec, 'nodeName', p.child('nodeName'));
  r.errs.push(...invalidEach(p.child('nodeName'), nodeName, isDNS1123Subdomain(nodeName)));
  validateVolumeAttachmentStatus(obj, r);
  // The v1 API adds a check of the attacher as a CSI driver name and of the volume name.
  r.errs.push(...validateCSIDriverName(attacher, path('spec.attacher')));
  if (pvName !== undefined) {
    r.errs.push(...invalidEach(path('spec.source.persistentVolumeName'), pvName, isDNS1123Subdomain(pvName)));
  }
}

function validateVolumeAttachmentStatus(obj: JsonObject, r: Reader): void {
  const p = path('status');
  const status = r.obj(obj, 'status', p);
  let size = 0;
  for (const [k, v] of r.strMap(status, 'attachmentMetadata', p.child('attachmentMetadata'))) {
    size += byteLen(k) + byteLen(v);
  }
  if (size > maxAttachmentMetadataSize)
    r.errs.push(tooLong(p.child('attachmentMetadata'), '', maxAttachmentMetadataSize));
  for (const key of ['attachError', 'detachError']) {
    const e = r.obj(status, key, p.child(key));
    if (e === undefined) continue;
    const message = r.str(e, 'message', p.child(key, 'message'));
    if (byteLen(message) > maxVolumeErrorMessageSize) {
      // Upstream reports the metadata limit here, not the message limit it checks.
      r.errs.push(tooLong(p.child(key, 'message'), '', maxAttachmentMetadataSize));
    }
    const code = r.int(e, 'errorCode', p.child(key, 'errorCode'));
    if (code !== undefined && code < 0) {
      r.errs.push(invalid(p.child(key, 'errorCode'), code, 'must be between 0 and 2147483647, inclusive'));
    }
  }
}

/** storage.k8s.io/v1 VolumeAttachment. */
export const volumeAttachmentValidation: KindValidation = defineKind({
  namespaced: false,
  nameFn: nameIsDNSSubdomain,
  create: validateVolumeAttachment,
  update(obj, old, r) {
    if (!deepEqual(obj['spec'] ?? {}, old['spec'] ?? {})) {
      r.errs.push(invalid(path('spec'), obj['spec'] ?? {}, FieldImmutableErrorMsg));
    }
  },
  status(obj, _old, r) {
    validateVolumeAttachmentStatus(obj, r);
  },
});

/** storage.k8s.io/v1 CSIStorageCapacity. */
export const csiStorageCapacityValidation: KindValidation = defineKind({
  namespaced: true,
  nameFn: nameIsDNSSubdomain,
  createOnly(obj, r) {
    const topology = r.obj(obj, 'nodeTopology', path('nodeTopology'));
    if (topology !== undefined) validateLabelSelector(topology, r, path('nodeTopology'));
    const className = r.str(obj, 'storageClassName', path('storageClassName'));
    r.errs.push(...invalidEach(path('storageClassName'), className, isDNS1123Subdomain(className)));
    for (const key of ['capacity', 'maximumVolumeSize']) {
      const raw = obj[key];
      if (raw === undefined || raw === null) continue;
      try {
        const q = quantityFromJSON(raw);
        if (key === 'capacity' && q.sign() < 0) {
          r.errs.push(invalid(path(key), q.toString(), 'must be greater than or equal to 0'));
        }
      } catch (e) {
        r.errs.push(
          invalid(
            path(key),
            raw,
            e instanceof Error ? e.message : 'quantities must match the regular expression',
          ),
        );
      }
    }
  },
  update(obj, old, r) {
    if (!deepEqual(obj['nodeTopology'] ?? null, old['nodeTopology'] ?? null)) {
      r.errs.push(invalid(path('nodeTopology'), obj['nodeTopology'] ?? null, FieldImmutableErrorMsg));
    }
    if ((obj['storageClassName'] ?? '') !== (old['storageClassName'] ?? '')) {
      r.errs.push(invalid(path('storageClassName'), obj['storageClassName'] ?? '', FieldImmutableErrorMsg));
    }
  },
});
