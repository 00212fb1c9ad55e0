import { errorString } from '../../../apimachinery/field/index.js';
import { forbidden, internalError, invalid } from '../../../apimachinery/errors/index.js';
import type { AdmissionAttributes } from '../../registry/admission.js';
import type { JsonObject } from '../../registry/types.js';
import { RESOURCES } from '../resources.js';
import type { AdmissionLookup, AdmissionPlugin } from '../types.js';
import { isObject, metadataOf, objectAt, objectsAt, stringAt, stringMapAt } from '../util.js';
import { evaluatePod, forbiddenDetail, forbiddenReasons } from './evaluator.js';
import {
  compareLevels,
  equivalent,
  LABEL_PREFIX,
  type LevelVersion,
  levelVersionString,
  type Policy,
  policyFromLabels,
} from './policy.js';

/** Upstream's plugin name. */
export const POD_SECURITY = 'PodSecurity';

/** What the plugin enforces where a namespace has no labels, and who is exempt. */
export interface PodSecurityOptions {
  /** Default policy (kube-apiserver's default: privileged:latest in every mode). */
  readonly defaults?: Policy;
  /** Users whose requests are never checked. */
  readonly exemptUsernames?: readonly string[];
  /** Namespaces whose pods are never checked. */
  readonly exemptNamespaces?: readonly string[];
  /** Runtime classes whose pods are never checked. */
  readonly exemptRuntimeClasses?: readonly string[];
  /** How many existing pods a namespace relabel checks at most (default 3000, as upstream). */
  readonly maxPodsToCheck?: number;
}

const PRIVILEGED: LevelVersion = { level: 'privileged', version: 'latest' };

/** The default policy of kube-apiserver: privileged:latest for enforce, audit and warn. */
export const DEFAULT_POD_SECURITY_POLICY: Policy = {
  enforce: PRIVILEGED,
  audit: PRIVILEGED,
  warn: PRIVILEGED,
};

// Subresources of pods that cannot change what the pod runs.
const IGNORED_POD_SUBRESOURCES = new Set([
  'exec',
  'attach',
  'binding',
  'eviction',
  'log',
  'portforward',
  'proxy',
  'status',
]);

// Workload kinds whose pod template is evaluated (for warnings only).
const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  '/replicationcontrollers': ['spec', 'template'],
  '/podtemplates': ['template'],
  'apps/replicasets': ['spec', 'template'],
  'apps/deployments': ['spec', 'template'],
  'apps/statefulsets': ['spec', 'template'],
  'apps/daemonsets': ['spec', 'template'],
  'batch/jobs': ['spec', 'template'],
  'batch/cronjobs': ['spec', 'jobTemplate', 'spec', 'template'],
};

function templateOf(obj: JsonObject, at: readonly string[]): JsonObject | undefined {
  let cur: JsonObject | undefined = obj;
  for (const k of at) cur = objectAt(cur, k);
  return cur;
}

// Upstream's isSignificantPodUpdate: only image changes and added ephemeral containers count.
function significantPodUpdate(pod: JsonObject, old: JsonObject): boolean {
  const spec = objectAt(pod, 'spec');
  const oldSpec = objectAt(old, 'spec');
  for (const list of ['containers', 'initContainers']) {
    const now = objectsAt(spec, list);
    const before = objectsAt(oldSpec, list);
    if (now.length !== before.length) return true;
    if (now.some((c, i) => stringAt(c, 'image') !== stringAt(before[i], 'image'))) return true;
  }
  const oldEphemeral = objectsAt(oldSpec, 'ephemeralContainers');
  for (const c of objectsAt(spec, 'ephemeralContainers')) {
    const prev = oldEphemeral.find((o) => stringAt(o, 'name') === stringAt(c, 'name'));
    if (prev === undefined || stringAt(prev, 'image') !== stringAt(c, 'image')) return true;
  }
  return false;
}

/**
 * PodSecurity: enforces the Pod Security Standards the namespace labels
 * `pod-security.kubernetes.io/{enforce,warn,audit}[-version]` ask for. Pods violating the
 * enforce level are refused (403 `violates PodSecurity "baseline:latest": ...`); pods and
 * workload templates violating the warn level are admitted with a `would violate PodSecurity`
 * warning (appended to `a.warnings`); namespaces with invalid labels are refused (422), and a
 * namespace whose enforce level is tightened gets warnings about its existing pods. The audit
 * mode is parsed but not recorded: there is no audit log. Validating only; reads namespaces
 * (and pods on a relabel).
 */
export function podSecurity(lookup: AdmissionLookup, opts: PodSecurityOptions = {}): AdmissionPlugin {
  const defaults = opts.defaults ?? DEFAULT_POD_SECURITY_POLICY;
  const exemptUsers = new Set(opts.exemptUsernames ?? []);
  const exemptNamespaces = new Set(opts.exemptNamespaces ?? []);
  const exemptRuntimeClasses = new Set(opts.exemptRuntimeClasses ?? []);
  const maxPods = opts.maxPodsToCheck ?? 3000;
  const warn = (a: AdmissionAttributes, w: string) => a.warnings?.push(w);
  const labelsOf = (obj: JsonObject | undefined) => stringMapAt(metadataOf(obj), 'labels');
  const exemptRuntime = (spec: JsonObject) => exemptRuntimeClasses.has(stringAt(spec, 'runtimeClassName'));

  async function namespacePolicy(a: AdmissionAttributes, failClosed: boolean) {
    const ns = await lookup.get(RESOURCES.namespaces, '', a.namespace);
    if (ns === undefined) {
      if (failClosed) throw internalError(`failed to lookup namespace "${a.namespace}"`);
      return undefined;
    }
    return policyFromLabels(labelsOf(ns), defaults);
  }

  // Warn-mode evaluation of an admitted pod or template.
  function warnFor(a: AdmissionAttributes, policy: Policy, meta: JsonObject, spec: JsonObject): void {
    const results = evaluatePod(policy.warn, meta, spec);
    if (results.length > 0) {
      warn(a, `would violate PodSecurity "${levelVersionString(policy.warn)}": ${forbiddenDetail(results)}`);
    }
  }

  async function validatePod(a: AdmissionAttributes): Promise<void> {
    if (IGNORED_POD_SUBRESOURCES.has(a.subresource)) return;
    if (exemptNamespaces.has(a.namespace) || exemptUsers.has(a.ctx.user)) return;
    const p = await namespacePolicy(a, true);
    if (p === undefined) return;
    const { policy, errors } = p;
    const fullyPrivileged = [policy.enforce, policy.audit, policy.warn].every(
      (m) => m.level === 'privileged',
    );
    if (errors.length === 0 && fullyPrivileged) return;
    const pod = a.object!;
    if (a.operation === 'UPDATE' && a.oldObject !== undefined && !significantPodUpdate(pod, a.oldObject))
      return;
    const meta = metadataOf(pod) ?? {};
    const spec = objectAt(pod, 'spec') ?? {};
    if (exemptRuntime(spec)) return;
    const results = evaluatePod(policy.enforce, meta, spec);
    if (results.length > 0) {
      const name = a.name || stringAt(meta, 'name');
      throw forbidden(
        { group: '', resource: 'pods' },
        name,
        `violates PodSecurity "${levelVersionString(policy.enforce)}": ${forbiddenDetail(results)}`,
      );
    }
    warnFor(a, policy, meta, spec);
  }

  async function validateController(a: AdmissionAttributes, at: readonly string[]): Promise<void> {
    if (a.subresource !== '') return;
    if (exemptNamespaces.has(a.namespace) || exemptUsers.has(a.ctx.user)) return;
    const p = await namespacePolicy(a, false);
    if (p === undefined) return;
    const { policy, errors } = p;
    if (errors.length === 0 && policy.warn.level === 'privileged' && policy.audit.level === 'privileged')
      return;
    const template = templateOf(a.object!, at);
    if (template === undefined) return;
    const spec = objectAt(template, 'spec') ?? {};
    if (exemptRuntime(spec)) return;
    warnFor(a, policy, metadataOf(template) ?? {}, spec);
  }

  async function validateNamespace(a: AdmissionAttributes): Promise<void> {
    if (a.subresource !== '') return;
    const ns = a.object!;
    const name = a.name || stringAt(metadataOf(ns), 'name');
    const labels = labelsOf(ns);
    const { policy, errors } = policyFromLabels(labels, defaults);
    const refuse = () => invalid({ group: '', kind: 'Namespace' }, name, errors);
    if (a.operation === 'CREATE') {
      if (errors.length > 0) throw refuse();
      if (exemptNamespaces.has(name)) exemptWarning(a, name, policy, labels);
      return;
    }
    const old = policyFromLabels(labelsOf(a.oldObject), defaults);
    if (errors.length > 0) {
      const same = old.errors.map(errorString).join('\n') === errors.map(errorString).join('\n');
      if (old.errors.length === 0 || !same) throw refuse();
    }
    const next = policy.enforce;
    const prev = old.policy.enforce;
    if (next.level === prev.level && next.version === prev.version) return;
    if (next.level === 'privileged') return;
    if (next.version === prev.version && compareLevels(next.level, prev.level) < 1) return;
    if (exemptNamespaces.has(name)) {
      exemptWarning(a, name, policy, labels);
      return;
    }
    for (const w of await existingPodWarnings(name, next)) warn(a, w);
  }

  function exemptWarning(
    a: AdmissionAttributes,
    name: string,
    policy: Policy,
    labels: Record<string, string>,
  ): void {
    const fullyPrivileged = [policy.enforce, policy.audit, policy.warn].every(
      (m) => m.level === 'privileged',
    );
    const same =
      equivalent(policy.enforce, defaults.enforce) &&
      equivalent(policy.audit, defaults.audit) &&
      equivalent(policy.warn, defaults.warn);
    if (fullyPrivileged || same) return;
    const parts: string[] = [];
    for (const mode of ['enforce', 'audit', 'warn'] as const) {
      const explicit = `${LABEL_PREFIX}${mode}` in labels || `${LABEL_PREFIX}${mode}-version` in labels;
      if (policy[mode].level !== 'privileged' && explicit)
        parts.push(`${mode}=${levelVersionString(policy[mode])}`);
    }
    warn(
      a,
      `namespace "${name}" is exempt from Pod Security, and the policy (${parts.join(', ')}) will be ignored`,
    );
  }

  async function existingPodWarnings(namespace: string, enforce: LevelVersion): Promise<string[]> {
    let pods: JsonObject[];
    try {
      pods = await lookup.list(RESOURCES.pods, namespace);
    } catch {
      return ['failed to list pods while checking new PodSecurity enforce level'];
    }
    // One pod per controller first, as upstream prioritizes them.
    const first: JsonObject[] = [];
    const repeats: JsonObject[] = [];
    const seen = new Set<string>();
    for (const pod of pods) {
      if (exemptRuntime(objectAt(pod, 'spec') ?? {})) continue;
      const owner = objectsAt(metadataOf(pod), 'ownerReferences').find((o) => o['controller'] === true);
      const uid = stringAt(owner, 'uid');
      if (owner === undefined) first.push(pod);
      else if (seen.has(uid)) repeats.push(pod);
      else {
        seen.add(uid);
        first.push(pod);
      }
    }
    const ordered = [...first, ...repeats];
    const checked = ordered.slice(0, maxPods);
    const counts = new Map<string, { pod: string; count: number }>();
    for (const pod of checked) {
      const results = evaluatePod(enforce, metadataOf(pod) ?? {}, objectAt(pod, 'spec') ?? {});
      if (results.length === 0) continue;
      const reason = forbiddenReasons(results);
      const podName = stringAt(metadataOf(pod), 'name');
      const c = counts.get(reason);
      if (c === undefined) counts.set(reason, { pod: podName, count: 1 });
      else {
        c.count++;
        if (podName < c.pod) c.pod = podName;
      }
    }
    const out: string[] = [];
    if (checked.length < ordered.length) {
      out.push(
        `new PodSecurity enforce level only checked against the first ${checked.length} of ${ordered.length} existing pods`,
      );
    }
    if (counts.size > 0) {
      out.push(
        `existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "${levelVersionString(enforce)}"`,
      );
    }
    const podWarnings = [...counts].map(([reason, c]) => {
      if (c.count === 1) return `${c.pod}: ${reason}`;
      if (c.count === 2) return `${c.pod} (and 1 other pod): ${reason}`;
      return `${c.pod} (and ${c.count - 1} other pods): ${reason}`;
    });
    return [...out, ...podWarnings.sort()];
  }

  return {
    name: POD_SECURITY,
    async validate(a: AdmissionAttributes): Promise<void> {
      if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
      if (!isObject(a.object)) return;
      const key = `${a.resource.group}/${a.resource.plural}`;
      if (key === '/pods') return validatePod(a);
      if (key === '/namespaces') return validateNamespace(a);
      const at = TEMPLATE_PATHS[key];
      if (at !== undefined) return validateController(a, at);
    },
  };
}
