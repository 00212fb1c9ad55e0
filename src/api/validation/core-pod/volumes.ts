import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import { QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  nameIsDNSSubdomain,
} from '../../../apimachinery/validation/index.js';
import { validateEphemeralVolumeSource } from './ephemeral-volume.js';
import { legacyVolumeSources } from './legacy-volumes.js';
import type { PodValidationOptions } from './options.js';
import { validateMode, validatePathNoBacksteps } from './paths.js';
import {
  validateDownwardAPIVolumeSource,
  validateKeyToPath,
  validateProjectedVolumeSource,
} from './projected.js';
import { type Dict, has, isDict, obj, objList, str, wrongType } from './shape.js';

/** The volumes that validated, by name; their sources decide what mounts and devices may use. */
export type VolumeMap = ReadonlyMap<string, Dict>;

type SourceCheck = (src: Dict, fldPath: FieldPath, ctx: SourceContext, errs: FieldError[]) => void;

interface SourceContext {
  readonly volName: string;
  readonly volPath: FieldPath;
  readonly podName: string;
  readonly opts: PodValidationOptions;
}

const hostPathTypes = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

/** `Required value` when empty, `Unsupported value` when not Always/IfNotPresent/Never. */
export function validatePullPolicy(policy: string, fldPath: FieldPath): FieldError[] {
  if (policy === '') return [required(fldPath)];
  return pullPolicies.includes(policy) ? [] : [notSupported(fldPath, policy, pullPolicies)];
}

/** Upstream's ValidateCSIDriverName. Pure. */
export function validateCSIDriverName(driver: string, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (driver.length === 0) errs.push(required(fldPath));
  if (driver.length > 63) errs.push(tooLong(fldPath, '', 63));
  for (const msg of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalid(fldPath, driver, msg));
  return errs;
}

// Each source in upstream's order: the key, the path its own errors use (upstream spells a few
// differently from the JSON name, and clients see those paths), and its checks.
const sources: ReadonlyArray<{ key: string; at: string; check: SourceCheck }> = [
  {
    key: 'emptyDir',
    at: 'emptyDir',
    check: (src, p, _ctx, errs) => {
      const raw = src['sizeLimit'];
      if (raw === undefined || raw === null) return;
      try {
        if (quantityFromJSON(raw).sign() < 0) {
          errs.push(forbidden(p.child('sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
        }
      } catch (e) {
        if (!(e instanceof QuantityError)) throw e;
        errs.push(invalid(p.child('sizeLimit'), raw, e.message));
      }
    },
  },
  {
    key: 'hostPath',
    at: 'hostPath',
    check: (src, p, _ctx, errs) => {
      const path = str(src, 'path', p, errs);
      if (path === '') {
        errs.push(required(p.child('path')));
        return;
      }
      errs.push(...validatePathNoBacksteps(path, p.child('path')));
      const type = src['type'];
      if (typeof type === 'string' && !hostPathTypes.includes(type)) {
        errs.push(notSupported(p.child('type'), type, hostPathTypes));
      } else if (type !== undefined && type !== null && typeof type !== 'string') {
        errs.push(wrongType(p.child('type'), type, 'string'));
      }
    },
  },
  ...legacyVolumeSources.slice(0, 3),
  {
    key: 'secret',
    at: 'secret',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'secretName', p, errs) === '') errs.push(required(p.child('secretName')));
      validateMode(src, 'defaultMode', p, errs);
      for (const { item, index } of objList(src, 'items', p, errs)) {
        validateKeyToPath(item, p.child('items').index(index), errs);
      }
    },
  },
  ...legacyVolumeSources.slice(3, 7),
  {
    key: 'persistentVolumeClaim',
    at: 'persistentVolumeClaim',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'claimName', p, errs) === '') errs.push(required(p.child('claimName')));
    },
  },
  ...legacyVolumeSources.slice(7, 11),
  {
    key: 'downwardAPI',
    at: 'downwardAPI',
    check: (src, p, _ctx, errs) => validateDownwardAPIVolumeSource(src, p, errs),
  },
  ...legacyVolumeSources.slice(11, 13),
  {
    key: 'configMap',
    at: 'configMap',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'name', p, errs) === '') errs.push(required(p.child('name')));
      validateMode(src, 'defaultMode', p, errs);
      for (const { item, index } of objList(src, 'items', p, errs)) {
        validateKeyToPath(item, p.child('items').index(index), errs);
      }
    },
  },
  ...legacyVolumeSources.slice(13, 19),
  {
    key: 'projected',
    at: 'projected',
    check: (src, p, ctx, errs) => validateProjectedVolumeSource(src, p, ctx.opts, errs),
  },
  ...legacyVolumeSources.slice(19),
  {
    key: 'csi',
    at: 'csi',
    check: (src, p, _ctx, errs) => {
      errs.push(...validateCSIDriverName(str(src, 'driver', p, errs), p.child('driver')));
      const ref = obj(src, 'nodePublishSecretRef', p, errs);
      if (ref === undefined) return;
      const name = str(ref, 'name', p.child('nodePublishSecretRef'), errs);
      if (name === '') errs.push(required(p.child('nodePublishSecretRef', 'name')));
      else for (const msg of nameIsDNSSubdomain(name, false)) errs.push(invalid(p.child('name'), name, msg));
    },
  },
  {
    key: 'ephemeral',
    at: 'ephemeral',
    check: (src, p, ctx, errs) => {
      validateEphemeralVolumeSource(src, p, errs);
      if (ctx.podName !== '' && ctx.volName !== '') {
        const pvcName = `${ctx.podName}-${ctx.volName}`;
        for (const msg of nameIsDNSSubdomain(pvcName, false)) {
          errs.push(invalid(ctx.volPath.child('name'), ctx.volName, `PVC name "${pvcName}": ${msg}`));
        }
      }
    },
  },
  {
    key: 'image',
    at: 'image',
    check: (src, p, ctx, errs) => {
      if (ctx.opts.resourceIsPod === true && str(src, 'reference', p, errs) === '') {
        errs.push(required(p.child('reference')));
      }
      errs.push(...validatePullPolicy(str(src, 'pullPolicy', p, errs), p.child('pullPolicy')));
    },
  },
];

// Upstream's "more than 1 volume type" errors spell these two paths this way.
const forbiddenAt: Readonly<Record<string, string>> = { downwardAPI: 'downwarAPI', cephfs: 'cephFS' };

function validateVolumeSource(vol: Dict, fldPath: FieldPath, ctx: SourceContext): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const s of sources) {
    const src = obj(vol, s.key, fldPath, errs);
    if (src === undefined) continue;
    if (count > 0) {
      errs.push(
        forbidden(fldPath.child(forbiddenAt[s.key] ?? s.key), 'may not specify more than 1 volume type'),
      );
    } else {
      count++;
      s.check(src, fldPath.child(s.at), ctx, errs);
    }
    if (s.key === 'iscsi' && has(src, 'initiatorName')) {
      const portal = typeof src['targetPortal'] === 'string' ? src['targetPortal'] : '';
      if (`${ctx.volName}:${portal}`.length > 64) {
        errs.push(
          invalid(
            fldPath.child('name'),
            ctx.volName,
            'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
          ),
        );
      }
    }
  }
  if (count === 0) errs.push(required(fldPath, 'must specify a volume type'));
  return errs;
}

/**
 * Upstream's ValidateVolumes: each volume a DNS label name, unique, with exactly one source that
 * is itself valid; a persistentVolumeClaim may not name a claim one of the pod's ephemeral
 * volumes creates. `podName` is '' for templates. Returns the valid volumes by name (mount and
 * device checks use it) and appends the errors to `errs`.
 */
export function validateVolumes(
  spec: Dict,
  podName: string,
  specPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): VolumeMap {
  const volumes = objList(spec, 'volumes', specPath, errs);
  const listPath = specPath.child('volumes');
  const vols = new Map<string, Dict>();
  const created = new Set<string>();
  if (podName !== '') {
    for (const { item } of volumes) {
      if (isDict(item['ephemeral']) && typeof item['name'] === 'string')
        created.add(`${podName}-${item['name']}`);
    }
  }
  for (const { item, index } of volumes) {
    const idxPath = listPath.index(index);
    const namePath = idxPath.child('name');
    const el: FieldError[] = [];
    const name = str(item, 'name', idxPath, el);
    el.push(...validateVolumeSource(item, idxPath, { volName: name, volPath: idxPath, podName, opts }));
    if (name === '') el.push(required(namePath));
    else for (const msg of isDNS1123Label(name)) el.push(invalid(namePath, name, msg));
    if (vols.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) vols.set(name, item);
    else errs.push(...el);
    const pvc = isDict(item['persistentVolumeClaim']) ? item['persistentVolumeClaim'] : undefined;
    const claim = typeof pvc?.['claimName'] === 'string' ? pvc['claimName'] : undefined;
    if (claim !== undefined && created.has(claim)) {
      errs.push(
        invalid(
          idxPath.child('persistentVolumeClaim', 'claimName'),
          claim,
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  }
  return vols;
}
