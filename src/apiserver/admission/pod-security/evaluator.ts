import type { JsonObject } from '../../registry/types.js';
import * as b from './checks-baseline.js';
import * as r from './checks-restricted.js';
import type { CheckFn, CheckResult } from './check-helpers.js';
import type { LevelVersion } from './policy.js';

interface VersionedCheck {
  /** The first v1 minor release the implementation applies to. */
  readonly since: number;
  readonly fn: CheckFn;
  /** Baseline checks this restricted one replaces. */
  readonly overrides?: readonly string[];
}

interface Check {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  readonly versions: readonly VersionedCheck[];
}

/** The checks of the Pod Security Standards as of v1.36, each with its versions. */
export const CHECKS: readonly Check[] = [
  { id: 'appArmorProfile', level: 'baseline', versions: [{ since: 0, fn: b.appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ since: 0, fn: b.capabilitiesBaseline }] },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ since: 0, fn: b.hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ since: 0, fn: b.hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ since: 0, fn: b.hostPorts }] },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    versions: [{ since: 34, fn: b.hostProbesAndHostLifecycle }],
  },
  { id: 'privileged', level: 'baseline', versions: [{ since: 0, fn: b.privileged }] },
  {
    id: 'procMount',
    level: 'baseline',
    versions: [
      { since: 0, fn: b.procMount },
      { since: 35, fn: b.procMountRelaxed },
    ],
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    versions: [
      { since: 0, fn: b.seLinuxOptions10 },
      { since: 31, fn: b.seLinuxOptions131 },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    versions: [
      { since: 0, fn: b.seccompBaseline10 },
      { since: 19, fn: b.seccompBaseline119 },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { since: 0, fn: b.sysctls10 },
      { since: 27, fn: b.sysctls127 },
      { since: 29, fn: b.sysctls129 },
      { since: 32, fn: b.sysctls132 },
    ],
  },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ since: 0, fn: b.windowsHostProcess }] },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [
      { since: 8, fn: r.allowPrivilegeEscalation18 },
      { since: 25, fn: r.allowPrivilegeEscalation125 },
    ],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { since: 22, fn: r.capabilitiesRestricted122, overrides: ['capabilities_baseline'] },
      { since: 25, fn: r.capabilitiesRestricted125, overrides: ['capabilities_baseline'] },
    ],
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    versions: [{ since: 35, fn: b.procMount, overrides: ['procMount'] }],
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    versions: [{ since: 0, fn: r.restrictedVolumes, overrides: ['hostPathVolumes'] }],
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    versions: [
      { since: 0, fn: r.runAsNonRoot10 },
      { since: 35, fn: r.runAsNonRoot135 },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    versions: [
      { since: 23, fn: r.runAsUser123 },
      { since: 35, fn: r.runAsUser135 },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { since: 19, fn: r.seccompRestricted119, overrides: ['seccompProfile_baseline'] },
      { since: 25, fn: r.seccompRestricted125, overrides: ['seccompProfile_baseline'] },
    ],
  },
];

/** The newest minor release any check changed at: `latest` and newer versions evaluate as it. */
export const MAX_VERSION = Math.max(...CHECKS.flatMap((c) => c.versions.map((v) => v.since)));

// Baseline ids sorted, then restricted ids sorted: the order upstream reports violations in.
const ORDER = [
  ...CHECKS.filter((c) => c.level === 'baseline')
    .map((c) => c.id)
    .sort(),
  ...CHECKS.filter((c) => c.level === 'restricted')
    .map((c) => c.id)
    .sort(),
];

function versionAt(c: Check, minor: number): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const v of c.versions) if (v.since <= minor) found = v;
  return found;
}

const cache = new Map<string, CheckFn[]>();

/** The checks a level-version runs, in report order (memoized). Pure. */
export function checksFor(lv: LevelVersion): CheckFn[] {
  if (lv.level === 'privileged') return [];
  const minor = lv.version === 'latest' ? MAX_VERSION : Math.min(lv.version, MAX_VERSION);
  const key = `${lv.level}:${minor}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const active = new Map<string, VersionedCheck>();
  const overridden = new Set<string>();
  for (const c of CHECKS) {
    if (c.level === 'restricted' && lv.level !== 'restricted') continue;
    const v = versionAt(c, minor);
    if (v === undefined) continue;
    active.set(c.id, v);
    for (const o of v.overrides ?? []) overridden.add(o);
  }
  const fns = ORDER.filter((id) => active.has(id) && !overridden.has(id)).map((id) => active.get(id)!.fn);
  cache.set(key, fns);
  return fns;
}

/** The failed checks of a pod template at a level-version, in report order. Pure. */
export function evaluatePod(
  lv: LevelVersion,
  meta: JsonObject,
  spec: JsonObject,
): NonNullable<CheckResult>[] {
  const out: NonNullable<CheckResult>[] = [];
  for (const fn of checksFor(lv)) {
    const r = fn(meta, spec);
    if (r !== undefined) out.push(r);
  }
  return out;
}

/** `reason (detail), reason (detail)`: upstream's ForbiddenDetail of aggregated results. Pure. */
export function forbiddenDetail(results: readonly NonNullable<CheckResult>[]): string {
  return results.map((r) => (r.detail === '' ? r.reason : `${r.reason} (${r.detail})`)).join(', ');
}

/** `reason, reason`: upstream's ForbiddenReason of aggregated results. Pure. */
export function forbiddenReasons(results: readonly NonNullable<CheckResult>[]): string {
  return results.map((r) => r.reason).join(', ');
}
