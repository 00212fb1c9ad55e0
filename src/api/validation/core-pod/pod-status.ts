import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  path,
} from '../../../apimachinery/field/index.js';
import {
  isQualifiedName,
  nameIsDNSSubdomain,
  validateImmutableField,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import { isValidIPLegacy, parseIPSloppy } from './ip.js';
import {
  annotationsOf,
  validatePodAnnotationUpdates,
  validatePodSpecificAnnotations,
} from './pod-annotations.js';
import { specOf } from './pod.js';
import { idErrors } from './security-context.js';
import { type Dict, isDict, objList, str, wrongType } from './shape.js';

function terminated(status: unknown): { name: unknown; exitCode: number } | undefined {
  if (!isDict(status) || !isDict(status['state']) || !isDict(status['state']['terminated'])) return undefined;
  const code = status['state']['terminated']['exitCode'];
  return { name: status['name'], exitCode: typeof code === 'number' ? code : 0 };
}

// A container that terminated for good (per the restart policy) may not come back.
function validateStateTransitions(
  newStatuses: readonly unknown[],
  oldStatuses: readonly unknown[],
  fldPath: FieldPath,
  restartPolicy: unknown,
  restartable: ReadonlySet<unknown>,
  errs: FieldError[],
): void {
  if (restartPolicy === 'Always') return;
  oldStatuses.forEach((os, i) => {
    const t = terminated(os);
    if (t === undefined) return;
    if (t.exitCode !== 0 && restartPolicy === 'OnFailure') return;
    if (restartable.has(t.name)) return;
    for (const ns of newStatuses) {
      if (isDict(ns) && ns['name'] === t.name && terminated(ns) === undefined) {
        errs.push(
          forbidden(fldPath.index(i).child('state'), 'may not be transitioned to non-terminated state'),
        );
      }
    }
  });
}

function ipList(
  status: Dict,
  key: string,
  fldPath: FieldPath,
  errs: FieldError[],
): Array<{ ip: string; item: Dict }> {
  return objList(status, key, fldPath, errs).map(({ item, index }) => ({
    ip: str(item, 'ip', fldPath.child(key).index(index), errs),
    item,
  }));
}

function dualStackErrors(
  ips: ReadonlyArray<{ ip: string; item: Dict }>,
  p: FieldPath,
  errs: FieldError[],
): void {
  const families = ips.map(({ ip }) => parseIPSloppy(ip)?.family);
  const dual =
    families.length === 2 &&
    families[0] !== undefined &&
    families[1] !== undefined &&
    families[0] !== families[1];
  if (!dual || ips.length > 2) {
    errs.push(
      invalid(
        p,
        ips.map(({ item }) => item),
        'may specify no more than one IP for each IP family',
      ),
    );
  }
}

function validateIPs(status: Dict, errs: FieldError[]): void {
  const statusPath = path('status');
  const podIPs = ipList(status, 'podIPs', statusPath, errs);
  const podPath = statusPath.child('podIPs');
  podIPs.forEach(({ ip }, i) => {
    errs.push(...isValidIPLegacy(podPath.index(i), ip));
  });
  if (podIPs.length > 1) {
    dualStackErrors(podIPs, podPath, errs);
    const seen = new Set<string>();
    podIPs.forEach(({ ip, item }, i) => {
      if (seen.has(ip)) errs.push(duplicate(podPath.index(i), item));
      seen.add(ip);
    });
  }
  const hostIPs = ipList(status, 'hostIPs', statusPath, errs);
  if (hostIPs.length === 0) return;
  const hostPath = statusPath.child('hostIPs');
  const hostIP = str(status, 'hostIP', statusPath, errs);
  if (hostIP !== hostIPs[0]!.ip)
    errs.push(invalid(hostPath.index(0).child('ip'), hostIPs[0]!.ip, 'must be equal to `hostIP`'));
  hostIPs.forEach(({ ip }, i) => {
    errs.push(...isValidIPLegacy(hostPath.index(i), ip));
  });
  if (hostIPs.length > 1) {
    const seen = new Set<string>();
    hostIPs.forEach(({ ip, item }, i) => {
      if (seen.has(ip)) errs.push(duplicate(hostPath.index(i), item));
      seen.add(ip);
    });
    dualStackErrors(hostIPs, hostPath, errs);
  }
}

function validateStatusUsers(
  statuses: readonly unknown[],
  fldPath: FieldPath,
  os: string,
  errs: FieldError[],
): void {
  statuses.forEach((s, i) => {
    if (!isDict(s) || !isDict(s['user'])) return;
    const linux = s['user']['linux'];
    const p = fldPath.index(i).child('linux');
    if (os === 'windows') {
      if (linux !== undefined && linux !== null) errs.push(forbidden(p, 'cannot be set for a windows pod'));
      return;
    }
    if (!isDict(linux)) return;
    for (const k of ['uid', 'gid']) {
      const v = linux[k];
      if (typeof v === 'number') for (const msg of idErrors(v)) errs.push(invalid(p.child(k), v, msg));
    }
    const groups = Array.isArray(linux['supplementalGroups']) ? linux['supplementalGroups'] : [];
    groups.forEach((g: unknown, j: number) => {
      if (typeof g === 'number')
        for (const msg of idErrors(g)) errs.push(invalid(p.child('supplementalGroups').index(j), g, msg));
    });
  });
}

function list(d: Dict | undefined, key: string): unknown[] {
  return d !== undefined && Array.isArray(d[key]) ? d[key] : [];
}

const systemConditions = new Set(['PodScheduled', 'Ready', 'Initialized']);

/**
 * Upstream's ValidatePodStatusUpdate: metadata update rules and pod annotations, condition types
 * (qualified names beyond the system ones; upstream reports them under `metadata.conditions`),
 * spec.nodeName unchanged, nominatedNodeName a node name, qosClass immutable, terminated
 * containers not restarted against the restart policy, claim statuses naming claims, podIPs and
 * hostIPs valid and dual-stack, and container users in range. Pure.
 */
export function validatePodStatusUpdate(pod: Dict, old: Dict): FieldError[] {
  const metaPath = path('metadata');
  const errs = validateObjectMetaUpdate(pod['metadata'], old['metadata'], metaPath);
  const ann = annotationsOf(pod['metadata']);
  const n = specOf(pod);
  const o = specOf(old);
  errs.push(
    ...validatePodAnnotationUpdates(ann, annotationsOf(old['metadata']), metaPath.child('annotations')),
  );
  errs.push(...validatePodSpecificAnnotations(ann, n, metaPath.child('annotations'), true));
  const rawStatus = pod['status'];
  if (rawStatus !== undefined && rawStatus !== null && !isDict(rawStatus))
    errs.push(wrongType(path('status'), rawStatus, 'object'));
  const status = isDict(rawStatus) ? rawStatus : {};
  const oldStatus = isDict(old['status']) ? old['status'] : {};
  const statusPath = path('status');
  for (const { item, index } of objList(status, 'conditions', statusPath, errs)) {
    const type = str(item, 'type', statusPath.child('conditions').index(index), errs);
    if (systemConditions.has(type)) continue;
    for (const msg of isQualifiedName(type))
      errs.push(invalid(metaPath.child('conditions').index(index).child('Type'), type, msg));
  }
  if ((n['nodeName'] ?? '') !== (o['nodeName'] ?? '')) {
    errs.push(forbidden(statusPath.child('nodeName'), 'may not be changed directly'));
  }
  const nominated = str(status, 'nominatedNodeName', statusPath, errs);
  if (nominated !== '' && nominated !== (oldStatus['nominatedNodeName'] ?? '')) {
    for (const msg of nameIsDNSSubdomain(nominated, false))
      errs.push(invalid(statusPath.child('nominatedNodeName'), nominated, msg));
  }
  errs.push(
    ...validateImmutableField(
      status['qosClass'] ?? '',
      oldStatus['qosClass'] ?? '',
      statusPath.child('qosClass'),
    ),
  );
  const restartable = new Set(
    list(o, 'initContainers')
      .filter((c) => isDict(c) && c['restartPolicy'] === 'Always')
      .map((c) => (c as Dict)['name']),
  );
  const policy = o['restartPolicy'];
  validateStateTransitions(
    list(status, 'containerStatuses'),
    list(oldStatus, 'containerStatuses'),
    statusPath.child('containerStatuses'),
    policy,
    new Set(),
    errs,
  );
  validateStateTransitions(
    list(status, 'initContainerStatuses'),
    list(oldStatus, 'initContainerStatuses'),
    statusPath.child('initContainerStatuses'),
    policy,
    restartable,
    errs,
  );
  validateStateTransitions(
    list(status, 'ephemeralContainerStatuses'),
    list(oldStatus, 'ephemeralContainerStatuses'),
    statusPath.child('ephemeralContainerStatuses'),
    'Never',
    new Set(),
    errs,
  );
  const claimNames = new Set(list(n, 'resourceClaims').map((c) => (isDict(c) ? c['name'] : undefined)));
  const seenClaims = new Set<string>();
  for (const { item, index } of objList(status, 'resourceClaimStatuses', statusPath, errs)) {
    const p = statusPath.child('resourceClaimStatuses').index(index);
    const name = str(item, 'name', p, errs);
    if (!claimNames.has(name))
      errs.push(invalid(p.child('name'), name, 'must match the name of an entry in `spec.resourceClaims`'));
    if (seenClaims.has(name)) errs.push(duplicate(p.child('name'), name));
    else seenClaims.add(name);
    const rcn = item['resourceClaimName'];
    if (typeof rcn === 'string')
      for (const msg of nameIsDNSSubdomain(rcn, false)) errs.push(invalid(p.child('name'), rcn, msg));
  }
  validateIPs(status, errs);
  const os = isDict(n['os']) && typeof n['os']['name'] === 'string' ? n['os']['name'] : 'linux';
  for (const key of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    validateStatusUsers(list(status, key), statusPath.child(key), os, errs);
  }
  list(status, 'ephemeralContainerStatuses').forEach((s, i) => {
    if (
      isDict(s) &&
      Array.isArray(s['allocatedResourcesStatus']) &&
      s['allocatedResourcesStatus'].length > 0
    ) {
      errs.push(
        forbidden(
          statusPath.child('ephemeralContainerStatuses').index(i).child('allocatedResourcesStatus'),
          'must not be specified in container status',
        ),
      );
    }
  });
  return errs;
}
