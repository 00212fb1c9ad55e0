import { type FieldPath, goQuote, path } from '../../../apimachinery/field/index.js';
import { QuantityError, quantityFromJSON } from '../../../apimachinery/quantity/index.js';
import { visitContainers } from './os-rules.js';
import { annotationsOf } from './pod-annotations.js';
import { type Dict, isDict } from './shape.js';

const deprecatedNodeLabels: Readonly<Record<string, string>> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region':
    'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone':
    'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type':
    'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

const deprecatedAnnotations: ReadonlyArray<[string, string]> = [
  [
    'scheduler.alpha.kubernetes.io/critical-pod',
    'non-functional in v1.16+; use the "priorityClassName" field instead',
  ],
  ['security.alpha.kubernetes.io/sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
  [
    'security.alpha.kubernetes.io/unsafe-sysctls',
    'non-functional in v1.11+; use the "sysctls" field instead',
  ],
];

// Volume plugins that are deprecated or gone, with the path name upstream's warning uses.
const deprecatedVolumes: ReadonlyArray<[string, string, string]> = [
  ['photonPersistentDisk', 'photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  ['gitRepo', 'gitRepo', 'deprecated in v1.11'],
  ['scaleIO', 'scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  ['flocker', 'flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  ['storageos', 'storageOS', 'deprecated in v1.22, non-functional in v1.25+'],
  ['quobyte', 'quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
  ['cephfs', 'cephfs', 'deprecated in v1.28, non-functional in v1.31+'],
  ['rbd', 'rbd', 'deprecated in v1.28, non-functional in v1.31+'],
];

function list(d: Dict | undefined, key: string): Dict[] {
  const v = d?.[key];
  return Array.isArray(v) ? v.map((x) => (isDict(x) ? x : {})) : [];
}

function dict(d: Dict | undefined, key: string): Dict | undefined {
  const v = d?.[key];
  return isDict(v) ? v : undefined;
}

function strOf(d: Dict | undefined, key: string): string {
  const v = d?.[key];
  return typeof v === 'string' ? v : '';
}

function numOf(d: Dict | undefined, key: string): number {
  const v = d?.[key];
  return typeof v === 'number' ? v : 0;
}

function fractionalBytes(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const q = quantityFromJSON(raw);
    return q.milliValue() % 1000n !== 0n ? q.toString() : undefined;
  } catch (e) {
    if (e instanceof QuantityError) return undefined;
    throw e;
  }
}

function termWarnings(term: Dict | undefined, p: FieldPath, out: string[]): void {
  list(term, 'matchExpressions').forEach((e, i) => {
    const key = strOf(e, 'key');
    const msg = deprecatedNodeLabels[key];
    if (msg !== undefined) out.push(`${p.child('matchExpressions').index(i).child('key')}: ${key} is ${msg}`);
  });
}

/**
 * Upstream's warnings for a pod spec and its metadata (GetWarningsForPod / ...PodTemplate):
 * deprecated node labels and annotations, deprecated volume plugins, duplicated paths beside
 * token projections, duplicate host aliases and pull secrets, fractional byte quantities, seccomp
 * annotations without fields, env entries hiding earlier ones, overlapping ports, negative grace
 * periods and null pod affinity selectors. `base` is undefined for a Pod and the template's path
 * (`spec.template`) for templates. Pure.
 */
export function podSpecWarnings(spec: unknown, meta: unknown, base: FieldPath | undefined): string[] {
  const at = (...segments: [string, ...string[]]): FieldPath =>
    base === undefined ? path(...segments) : base.child(...segments);
  const s: Dict = isDict(spec) ? spec : {};
  const ann = annotationsOf(meta);
  const out: string[] = [];
  for (const k of Object.keys(dict(s, 'nodeSelector') ?? {})) {
    const msg = deprecatedNodeLabels[k];
    if (msg !== undefined) out.push(`${at('spec', 'nodeSelector').key(k)}: ${msg}`);
  }
  const na = dict(dict(s, 'affinity'), 'nodeAffinity');
  if (na !== undefined) {
    const req = dict(na, 'requiredDuringSchedulingIgnoredDuringExecution');
    if (req !== undefined) {
      const p = at(
        'spec',
        'affinity',
        'nodeAffinity',
        'requiredDuringSchedulingIgnoredDuringExecution',
        'nodeSelectorTerms',
      );
      list(req, 'nodeSelectorTerms').forEach((t, i) => {
        termWarnings(t, p.index(i), out);
      });
    }
    const p = at('spec', 'affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution');
    list(na, 'preferredDuringSchedulingIgnoredDuringExecution').forEach((t, i) => {
      termWarnings(dict(t, 'preference'), p.index(i).child('preference'), out);
    });
  }
  list(s, 'topologySpreadConstraints').forEach((t, i) => {
    const p = at('spec', 'topologySpreadConstraints').index(i);
    const key = strOf(t, 'topologyKey');
    const msg = deprecatedNodeLabels[key];
    if (msg !== undefined) out.push(`${p.child('topologyKey')}: ${key} is ${msg}`);
    if (!isDict(t['labelSelector']))
      out.push(`${p.child('labelSelector')}: a null labelSelector results in matching no pod`);
  });
  for (const [key, msg] of deprecatedAnnotations) {
    if (key in ann) out.push(`${at('metadata', 'annotations').key(key)}: ${msg}`);
  }
  const volumes = list(s, 'volumes');
  volumes.forEach((v, i) => {
    for (const [key, name, msg] of deprecatedVolumes) {
      if (isDict(v[key])) out.push(`${at('spec', 'volumes').index(i).child(name)}: ${msg}`);
    }
  });
  const tokenPaths = new Set<string>();
  for (const v of volumes) {
    for (const src of list(dict(v, 'projected'), 'sources')) {
      const token = dict(src, 'serviceAccountToken');
      if (token !== undefined) tokenPaths.add(strOf(token, 'path'));
    }
  }
  if (tokenPaths.size > 0) {
    volumes.forEach((v, i) => {
      const p = at('spec', 'volumes').index(i).child('projected', 'sources');
      for (const src of list(dict(v, 'projected'), 'sources')) {
        const dup = (where: FieldPath, itemPath: string): void => {
          if (tokenPaths.has(itemPath))
            out.push(`${where}: has duplicated path with ServiceAccountToken ${goQuote(itemPath)}`);
        };
        list(dict(src, 'configMap'), 'items').forEach((it, j) => {
          dup(p.child('configMap').index(j), strOf(it, 'path'));
        });
        list(dict(src, 'secret'), 'items').forEach((it, j) => {
          dup(p.child('secrets').index(j), strOf(it, 'path'));
        });
        list(dict(src, 'downwardAPI'), 'items').forEach((it, j) => {
          dup(p.child('downwardAPI').index(j), strOf(it, 'path'));
        });
        const bundle = dict(src, 'clusterTrustBundle');
        if (bundle !== undefined) dup(p.child('ClusterTrustBundle'), strOf(bundle, 'path'));
      }
    });
  }
  const seenIPs = new Set<string>();
  list(s, 'hostAliases').forEach((h, i) => {
    const ip = strOf(h, 'ip');
    if (seenIPs.has(ip))
      out.push(`${at('spec', 'hostAliases').index(i).child('ip')}: duplicate ip ${goQuote(ip)}`);
    else seenIPs.add(ip);
  });
  const secrets = list(s, 'imagePullSecrets');
  const seenSecrets = new Set<string>();
  secrets.forEach((r, i) => {
    const name = strOf(r, 'name');
    if (seenSecrets.has(name))
      out.push(`${at('spec', 'imagePullSecrets').index(i).child('name')}: duplicate name ${goQuote(name)}`);
    else seenSecrets.add(name);
  });
  secrets.forEach((r, i) => {
    const name = strOf(r, 'name');
    if (name === '')
      out.push(`${at('spec', 'imagePullSecrets').index(i).child('name')}: invalid empty name ""`);
  });
  const overhead = dict(s, 'overhead');
  for (const res of ['memory', 'ephemeral-storage']) {
    const f = fractionalBytes(overhead?.[res]);
    if (f !== undefined)
      out.push(
        `${at('spec', 'overhead').key(res)}: fractional byte value ${goQuote(f)} is invalid, must be an integer`,
      );
  }
  const sc = dict(s, 'securityContext');
  if (!isDict(sc?.['seccompProfile']) && 'seccomp.security.alpha.kubernetes.io/pod' in ann) {
    out.push(
      `${at('metadata', 'annotations').key('seccomp.security.alpha.kubernetes.io/pod')}: non-functional in v1.27+; use the "seccompProfile" field instead`,
    );
  }
  const hasPodAppArmor = isDict(sc?.['appArmorProfile']);
  const specPath = at('spec');
  const ctrs = visitContainers(s, specPath);
  for (const { ctr, path: p } of ctrs) {
    const csc = dict(ctr, 'securityContext');
    const name = strOf(ctr, 'name');
    const seccompKey = `container.seccomp.security.alpha.kubernetes.io/${name}`;
    if (!isDict(csc?.['seccompProfile']) && seccompKey in ann) {
      out.push(
        `${at('metadata', 'annotations').key(seccompKey)}: non-functional in v1.27+; use the "seccompProfile" field instead`,
      );
    }
    const appArmorKey = `container.apparmor.security.beta.kubernetes.io/${name}`;
    if (base !== undefined && !hasPodAppArmor && !isDict(csc?.['appArmorProfile']) && appArmorKey in ann) {
      out.push(
        `${at('metadata', 'annotations').key(appArmorKey)}: deprecated since v1.30; use the "appArmorProfile" field instead`,
      );
    }
    const res = dict(ctr, 'resources');
    for (const [kind, resName] of [
      ['limits', 'memory'],
      ['requests', 'memory'],
      ['limits', 'ephemeral-storage'],
      ['requests', 'ephemeral-storage'],
    ] as const) {
      const f = fractionalBytes(dict(res, kind)?.[resName]);
      if (f !== undefined) {
        out.push(
          `${p.child('resources', kind).key(resName)}: fractional byte value ${goQuote(f)} is invalid, must be an integer`,
        );
      }
    }
    const seen = new Set<string>();
    list(ctr, 'env').forEach((e, i) => {
      const envName = strOf(e, 'name');
      if (!seen.has(envName)) {
        seen.add(envName);
        return;
      }
      const ref = `$(${envName})`;
      const value = strOf(e, 'value');
      if (isDict(e['valueFrom']) || value === ref || !value.includes(ref)) {
        out.push(
          `${p.child('env').index(i)}: hides previous definition of ${goQuote(envName)}, which may be dropped when using apply`,
        );
      }
    });
  }
  portWarnings(ctrs, out);
  const grace = s['terminationGracePeriodSeconds'];
  if (typeof grace === 'number' && grace < 0) {
    out.push(
      `${at('spec', 'terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid and will be treated as 1`,
    );
  }
  const affinity = dict(s, 'affinity');
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = dict(affinity, kind);
    if (pa === undefined) continue;
    const req = at('spec', 'affinity', kind, 'requiredDuringSchedulingIgnoredDuringExecution');
    list(pa, 'requiredDuringSchedulingIgnoredDuringExecution').forEach((t, i) => {
      if (!isDict(t['labelSelector']))
        out.push(`${req.index(i).child('labelSelector')}: a null labelSelector results in matching no pod`);
    });
    const pref = at('spec', 'affinity', kind, 'preferredDuringSchedulingIgnoredDuringExecution');
    list(pa, 'preferredDuringSchedulingIgnoredDuringExecution').forEach((t, i) => {
      if (!isDict(dict(t, 'podAffinityTerm')?.['labelSelector'])) {
        out.push(
          `${pref.index(i).child('podAffinityTerm', 'labelSelector')}: a null labelSelector results in matching no pod`,
        );
      }
    });
  }
  return out;
}

function portWarnings(ctrs: ReadonlyArray<{ ctr: Dict; path: FieldPath }>, out: string[]): void {
  const all = new Map<string, Array<{ field: FieldPath; port: Dict }>>();
  for (const { ctr, path: p } of ctrs) {
    list(ctr, 'ports').forEach((port, i) => {
      const field = p.child('ports').index(i);
      const hostIP = strOf(port, 'hostIP');
      const hostPort = numOf(port, 'hostPort');
      if (hostIP !== '' && hostPort === 0) {
        out.push(
          `${field}: hostIP set without hostPort: {Name:${strOf(port, 'name')} HostPort:${hostPort} ContainerPort:${numOf(port, 'containerPort')} Protocol:${strOf(port, 'protocol')} HostIP:${hostIP}}`,
        );
      }
      const k = `${numOf(port, 'containerPort')}/${strOf(port, 'protocol')}`;
      const others = all.get(k) ?? [];
      for (const other of others) {
        const oIP = strOf(other.port, 'hostIP');
        const oPort = numOf(other.port, 'hostPort');
        if (hostIP === oIP && hostPort === oPort) {
          out.push(`${field}: duplicate port definition with ${other.field}`);
        } else if (hostPort === 0 || oPort === 0) {
          out.push(`${field}: overlapping port definition with ${other.field}`);
        } else if (hostPort === oPort && (hostIP === '') !== (oIP === '')) {
          out.push(`${field}: dangerously ambiguous port definition with ${other.field}`);
        }
      }
      all.set(k, [...others, { field, port }]);
    });
  }
}
