import {
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import { inclusiveRangeError, isDNS1123Label } from '../../../apimachinery/validation/index.js';
import { validateLocalDescendingPath } from './paths.js';
import { arr, type Dict, has, int, obj, str, strList } from './shape.js';

// The in-tree volume plugins most clusters no longer run. Their shapes are still part of the API,
// so their first-order checks are kept as upstream makes them.

/** A volume source: its JSON key, the path its errors use, and its checks. */
export interface LegacySource {
  readonly key: string;
  readonly at: string;
  readonly check: (src: Dict, fldPath: FieldPath, ctx: unknown, errs: FieldError[]) => void;
}

function requireStrings(...keys: string[]): LegacySource['check'] {
  return (src, p, _ctx, errs) => {
    for (const k of keys) if (str(src, k, p, errs) === '') errs.push(required(p.child(k)));
  };
}

const pdPartitionMsg = inclusiveRangeError(1, 255);

function partition(src: Dict, p: FieldPath, errs: FieldError[]): void {
  const n = int(src, 'partition', p, errs);
  if (n !== undefined && (n < 0 || n > 255)) errs.push(invalid(p.child('partition'), n, pdPartitionMsg));
}

const iqnRe = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\s]+)$/;
const euiRe = /^eui.[A-Za-z0-9]{16}$/;
const naaRe = /^naa.[A-Za-z0-9]{32}$/;

function iqnFormat(v: string, p: FieldPath, startMsg: string, errs: FieldError[]): void {
  if (!v.startsWith('iqn') && !v.startsWith('eui') && !v.startsWith('naa')) {
    errs.push(invalid(p, v, startMsg));
    return;
  }
  if (
    (v.startsWith('iqn') && !iqnRe.test(v)) ||
    (v.startsWith('eui') && !euiRe.test(v)) ||
    (v.startsWith('naa') && !naaRe.test(v))
  ) {
    errs.push(invalid(p, v, 'must be valid format'));
  }
}

const startMsg = 'must be valid format starting with iqn, eui, or naa';

/** The legacy sources, in upstream's order (see volumes.ts for where they slot in). */
export const legacyVolumeSources: readonly LegacySource[] = [
  {
    key: 'gitRepo',
    at: 'gitRepo',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'repository', p, errs) === '') errs.push(required(p.child('repository')));
      errs.push(...validateLocalDescendingPath(str(src, 'directory', p, errs), p.child('directory')));
    },
  },
  {
    key: 'gcePersistentDisk',
    at: 'persistentDisk',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'pdName', p, errs) === '') errs.push(required(p.child('pdName')));
      partition(src, p, errs);
    },
  },
  {
    key: 'awsElasticBlockStore',
    at: 'awsElasticBlockStore',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'volumeID', p, errs) === '') errs.push(required(p.child('volumeID')));
      partition(src, p, errs);
    },
  },
  {
    key: 'nfs',
    at: 'nfs',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'server', p, errs) === '') errs.push(required(p.child('server')));
      const path = str(src, 'path', p, errs);
      if (path === '') errs.push(required(p.child('path')));
      if (!path.startsWith('/')) errs.push(invalid(p.child('path'), path, 'must be an absolute path'));
    },
  },
  {
    key: 'iscsi',
    at: 'iscsi',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'targetPortal', p, errs) === '') errs.push(required(p.child('targetPortal')));
      const iqn = str(src, 'iqn', p, errs);
      if (iqn === '') errs.push(required(p.child('iqn')));
      else iqnFormat(iqn, p.child('iqn'), startMsg, errs);
      const lun = int(src, 'lun', p, errs) ?? 0;
      if (lun < 0 || lun > 255) errs.push(invalid(p.child('lun'), lun, inclusiveRangeError(0, 255)));
      if ((src['chapAuthDiscovery'] === true || src['chapAuthSession'] === true) && !has(src, 'secretRef')) {
        errs.push(required(p.child('secretRef')));
      }
      if (has(src, 'initiatorName')) {
        iqnFormat(str(src, 'initiatorName', p, errs), p.child('initiatorname'), startMsg, errs);
      }
    },
  },
  { key: 'glusterfs', at: 'glusterfs', check: requireStrings('endpoints', 'path') },
  {
    key: 'flocker',
    at: 'flocker',
    check: (src, p, _ctx, errs) => {
      const name = str(src, 'datasetName', p, errs);
      const uuid = str(src, 'datasetUUID', p, errs);
      if (name === '' && uuid === '')
        errs.push(required(p, 'one of datasetName and datasetUUID is required'));
      if (name !== '' && uuid !== '') {
        errs.push(invalid(p, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
      }
      if (name.includes('/')) errs.push(invalid(p.child('datasetName'), name, "must not contain '/'"));
    },
  },
  {
    key: 'rbd',
    at: 'rbd',
    check: (src, p, _ctx, errs) => {
      if (arr(src, 'monitors', p, errs).length === 0) errs.push(required(p.child('monitors')));
      if (str(src, 'image', p, errs) === '') errs.push(required(p.child('image')));
    },
  },
  {
    key: 'cinder',
    at: 'cinder',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'volumeID', p, errs) === '') errs.push(required(p.child('volumeID')));
      const ref = obj(src, 'secretRef', p, errs);
      if (ref !== undefined && str(ref, 'name', p.child('secretRef'), errs) === '') {
        errs.push(required(p.child('secretRef', 'name')));
      }
    },
  },
  {
    key: 'cephfs',
    at: 'cephfs',
    check: (src, p, _ctx, errs) => {
      if (arr(src, 'monitors', p, errs).length === 0) errs.push(required(p.child('monitors')));
    },
  },
  {
    key: 'quobyte',
    at: 'quobyte',
    check: (src, p, _ctx, errs) => {
      const registry = str(src, 'registry', p, errs);
      const hostPortMsg = 'must be a host:port pair or multiple pairs separated by commas';
      if (registry === '') {
        errs.push(required(p.child('registry'), hostPortMsg));
      } else if (str(src, 'tenant', p, errs).length >= 65) {
        errs.push(required(p.child('tenant'), 'must be a UUID and may not exceed a length of 64 characters'));
      } else {
        for (const pair of registry.split(',')) {
          if (!/^(\[[^\]]*\]|[^:[\]]*):[^:[\]]*$/.test(pair))
            errs.push(invalid(p.child('registry'), registry, hostPortMsg));
        }
      }
      if (str(src, 'volume', p, errs) === '') errs.push(required(p.child('volume')));
    },
  },
  {
    key: 'fc',
    at: 'fc',
    check: (src, p, _ctx, errs) => {
      const wwns = strList(src, 'targetWWNs', p, errs);
      const wwids = strList(src, 'wwids', p, errs);
      if (wwns.length < 1 && wwids.length < 1) {
        errs.push(required(p.child('targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
      }
      if (wwns.length !== 0 && wwids.length !== 0) {
        errs.push(
          invalid(p.child('targetWWNs'), wwns, 'targetWWNs and wwids can not be specified simultaneously'),
        );
      }
      if (wwns.length !== 0) {
        const lun = int(src, 'lun', p, errs);
        if (lun === undefined)
          errs.push(required(p.child('lun'), 'lun is required if targetWWNs is specified'));
        else if (lun < 0 || lun > 255) errs.push(invalid(p.child('lun'), lun, inclusiveRangeError(0, 255)));
      }
    },
  },
  {
    key: 'flexVolume',
    at: 'flexVolume',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'driver', p, errs) === '') errs.push(required(p.child('driver')));
      const options = obj(src, 'options', p, errs) ?? {};
      for (const k of Object.keys(options)) {
        const slash = k.indexOf('/');
        const ns = slash >= 0 ? k.slice(0, slash) : k;
        const normalized = `.${ns.toLowerCase()}`;
        if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io')) {
          errs.push(
            invalid(p.child('options').key(k), k, 'kubernetes.io and k8s.io namespaces are reserved'),
          );
        }
      }
    },
  },
  { key: 'azureFile', at: 'azureFile', check: requireStrings('secretName', 'shareName') },
  { key: 'vsphereVolume', at: 'vsphereVolume', check: requireStrings('volumePath') },
  { key: 'photonPersistentDisk', at: 'photonPersistentDisk', check: requireStrings('pdID') },
  { key: 'portworxVolume', at: 'portworxVolume', check: requireStrings('volumeID') },
  {
    key: 'azureDisk',
    at: 'azureDisk',
    check: (src, p, _ctx, errs) => {
      if (str(src, 'diskName', p, errs) === '') errs.push(required(p.child('diskName')));
      const uri = str(src, 'diskURI', p, errs);
      if (uri === '') errs.push(required(p.child('diskURI')));
      const caching = src['cachingMode'];
      if (typeof caching === 'string' && !['None', 'ReadOnly', 'ReadWrite'].includes(caching)) {
        errs.push(notSupported(p.child('cachingMode'), caching, ['None', 'ReadOnly', 'ReadWrite']));
      }
      const kind = src['kind'];
      if (typeof kind === 'string') {
        if (!['Dedicated', 'Managed', 'Shared'].includes(kind)) {
          errs.push(notSupported(p.child('kind'), kind, ['Dedicated', 'Managed', 'Shared']));
        }
        if (kind === 'Managed' && !uri.startsWith('/subscriptions/')) {
          errs.push(
            notSupported(p.child('diskURI'), uri, [
              '/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}',
            ]),
          );
        }
        if (kind !== 'Managed' && !uri.startsWith('https://')) {
          errs.push(
            notSupported(p.child('diskURI'), uri, [
              'https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd',
            ]),
          );
        }
      }
    },
  },
  {
    key: 'storageos',
    at: 'storageos',
    check: (src, p, _ctx, errs) => {
      const name = str(src, 'volumeName', p, errs);
      if (name === '') errs.push(required(p.child('volumeName')));
      else for (const msg of isDNS1123Label(name)) errs.push(invalid(p.child('volumeName'), name, msg));
      const ns = str(src, 'volumeNamespace', p, errs);
      if (ns !== '')
        for (const msg of isDNS1123Label(ns)) errs.push(invalid(p.child('volumeNamespace'), ns, msg));
      const ref = obj(src, 'secretRef', p, errs);
      if (ref !== undefined && str(ref, 'name', p.child('secretRef'), errs) === '') {
        errs.push(required(p.child('secretRef', 'name')));
      }
    },
  },
  { key: 'scaleIO', at: 'scaleIO', check: requireStrings('gateway', 'system', 'volumeName') },
];
