import { type FieldError, invalid, path } from '../../../apimachinery/field/index.js';

/** The three Pod Security Standards, least to most restrictive. */
export type Level = 'privileged' | 'baseline' | 'restricted';

/** A policy version: `latest`, or the minor release of v1 (`v1.30` is 30). */
export type Version = 'latest' | number;

/** A level at a version, printed `baseline:latest` / `restricted:v1.30`. */
export interface LevelVersion {
  readonly level: Level;
  readonly version: Version;
}

/** What a namespace asks for in each mode. */
export interface Policy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

/** The label prefix of the namespace labels. */
export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** `level:version` as upstream prints it. Pure. */
export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${lv.version === 'latest' ? 'latest' : `v1.${lv.version}`}`;
}

/** -1, 0 or 1 as `a` is less, as or more restrictive than `b`. Pure. */
export function compareLevels(a: Level, b: Level): number {
  return Math.sign(LEVELS.indexOf(a) - LEVELS.indexOf(b));
}

function parseLevel(s: string): Level | undefined {
  return (LEVELS as readonly string[]).includes(s) ? (s as Level) : undefined;
}

function parseVersion(s: string): Version | undefined {
  if (s === 'latest') return 'latest';
  const m = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(s);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Whether two level-versions mean the same (every privileged one is equivalent). Pure. */
export function equivalent(a: LevelVersion, b: LevelVersion): boolean {
  return (
    (a.level === 'privileged' && b.level === 'privileged') || (a.level === b.level && a.version === b.version)
  );
}

/**
 * The policy a namespace's labels ask for over `defaults`, as upstream's PolicyToEvaluate: an
 * invalid enforce level counts as restricted (fail closed), invalid audit/warn levels as
 * privileged (fail open), invalid versions as latest; each invalid label is a field error on
 * `metadata.labels[...]`. Without an explicit warn level, warn is raised to a stricter enforce
 * level. Pure.
 */
export function policyFromLabels(
  labels: Readonly<Record<string, string>>,
  defaults: Policy,
): { policy: Policy; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const modes = {
    enforce: { ...defaults.enforce },
    audit: { ...defaults.audit },
    warn: { ...defaults.warn },
  };
  const labelsPath = path('metadata', 'labels');
  let hasEnforceLevel = false;
  let hasWarnLevel = false;
  let hasWarnVersion = false;
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const levelKey = `${LABEL_PREFIX}${mode}`;
    const level = labels[levelKey];
    if (level !== undefined) {
      const parsed = parseLevel(level);
      if (parsed === undefined) {
        errors.push(invalid(labelsPath.key(levelKey), level, `must be one of ${LEVELS.join(', ')}`));
        modes[mode].level = mode === 'enforce' ? 'restricted' : 'privileged';
      } else {
        modes[mode].level = parsed;
        if (mode === 'enforce') hasEnforceLevel = true;
      }
      if (mode === 'warn') hasWarnLevel = true;
    }
    const versionKey = `${LABEL_PREFIX}${mode}-version`;
    const version = labels[versionKey];
    if (version !== undefined) {
      const parsed = parseVersion(version);
      if (parsed === undefined)
        errors.push(invalid(labelsPath.key(versionKey), version, 'must be "latest" or "v1.x"'));
      modes[mode].version = parsed ?? 'latest';
      if (mode === 'warn') hasWarnVersion = true;
    }
  }
  if (!hasWarnLevel && hasEnforceLevel && compareLevels(modes.enforce.level, modes.warn.level) > 0) {
    modes.warn.level = modes.enforce.level;
    if (!hasWarnVersion) modes.warn.version = modes.enforce.version;
  }
  return { policy: modes, errors };
}
