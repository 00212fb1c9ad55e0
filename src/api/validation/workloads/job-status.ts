import {
  duplicate,
  type FieldError,
  type FieldPath,
  invalid,
  omitValue,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  compareInstants,
  deepEqual,
  type Instant,
  MetaParseError,
  parseTime,
} from '../../../apimachinery/meta/index.js';
import { validateObjectMetaUpdate } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { IndexesError, validateIndexesFormat } from './indexes.js';
import { semanticNormal } from './semantic.js';
import { asDict, type Dict, dict, int32, isDict, list, nonNegative, optStr, str } from './shape.js';

// Whether the Job has a condition of `type` with status True.
function conditionTrue(job: JsonObject, type: string): boolean {
  const conditions = asDict(job['status'])['conditions'];
  if (!Array.isArray(conditions)) return false;
  return conditions.some((c) => isDict(c) && c['type'] === type && c['status'] === 'True');
}

const complete = (j: JsonObject) => conditionTrue(j, 'Complete');
const failed = (j: JsonObject) => conditionTrue(j, 'Failed');
const finished = (j: JsonObject) => complete(j) || failed(j);
const failureTarget = (j: JsonObject) => conditionTrue(j, 'FailureTarget');
const successCriteriaMet = (j: JsonObject) => conditionTrue(j, 'SuccessCriteriaMet');

// A timestamp as a comparable value: the instant, the raw value when it does not parse, or
// undefined when unset.
type Stamp = { kind: 'unset' } | { kind: 'at'; at: Instant } | { kind: 'bad'; raw: unknown };

function stamp(v: unknown): Stamp {
  try {
    const at = parseTime(v);
    return at === undefined ? { kind: 'unset' } : { kind: 'at', at };
  } catch (e) {
    if (!(e instanceof MetaParseError)) throw e;
    return { kind: 'bad', raw: v };
  }
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  if (a.kind === 'at' && b.kind === 'at') return compareInstants(a.at, b.at) === 0;
  if (a.kind === 'bad' && b.kind === 'bad') return deepEqual(a.raw, b.raw);
  return a.kind === b.kind;
}

/** The switches of upstream's status validation, chosen from what the update changes. */
interface StatusOptions {
  readonly rejectDecreasingSucceeded: boolean;
  readonly rejectInvalidCompletedIndexes: boolean;
  readonly rejectInvalidFailedIndexes: boolean;
  readonly rejectFailedIndexesOverlap: boolean;
  readonly rejectFinishedWithActive: boolean;
  readonly rejectFinishedWithoutStartTime: boolean;
  readonly rejectFinishedWithUncounted: boolean;
  readonly rejectStartTimeUpdate: boolean;
  readonly rejectCompletionBeforeStart: boolean;
  readonly rejectCompletionTimeChange: boolean;
  readonly rejectCompleteWithFailed: boolean;
  readonly rejectCompleteWithFailureTarget: boolean;
}

// The Job managedBy feature (on by default) makes the server check status transitions, but only
// for the fields an update changes, so that a controller can repair an inconsistent status.
function statusOptions(job: JsonObject, old: JsonObject): StatusOptions {
  const spec = asDict(job['spec']);
  const st = asDict(job['status']);
  const ost = asDict(old['status']);
  const indexed = spec['completionMode'] === 'Indexed';
  const changed = (key: string) => !deepEqual(semanticNormal(st[key]), semanticNormal(ost[key]));
  const finishedChanged = finished(old) !== finished(job);
  const completeChanged = complete(old) !== complete(job);
  const completedIdx = changed('completedIndexes');
  const failedIdx = changed('failedIndexes');
  const startChanged = !sameStamp(stamp(st['startTime']), stamp(ost['startTime']));
  const completionChanged = !sameStamp(stamp(st['completionTime']), stamp(ost['completionTime']));
  return {
    rejectDecreasingSucceeded: !indexed || (spec['completions'] ?? null) !== (spec['parallelism'] ?? null),
    rejectInvalidCompletedIndexes: completedIdx,
    rejectInvalidFailedIndexes: failedIdx,
    rejectFailedIndexesOverlap: failedIdx || completedIdx,
    rejectFinishedWithActive: finishedChanged || changed('active'),
    rejectFinishedWithoutStartTime: finishedChanged || startChanged,
    rejectFinishedWithUncounted: finishedChanged || changed('uncountedTerminatedPods'),
    rejectStartTimeUpdate: startChanged,
    rejectCompletionBeforeStart: startChanged || completionChanged,
    rejectCompletionTimeChange: completeChanged || completionChanged,
    rejectCompleteWithFailed: completeChanged || failed(old) !== failed(job),
    rejectCompleteWithFailureTarget: completeChanged || failureTarget(old) !== failureTarget(job),
  };
}

function uncounted(status: Dict, fldPath: FieldPath, errs: FieldError[]): number {
  const u = dict(status['uncountedTerminatedPods'], fldPath, errs);
  if (u === undefined) return 0;
  const seen = new Set<string>();
  let count = 0;
  for (const key of ['succeeded', 'failed']) {
    list(u[key], fldPath.child(key), errs).forEach((uid, i) => {
      count++;
      const p = fldPath.child(key).index(i);
      const s = str(uid, p, errs);
      if (s === '') errs.push(invalid(p, s, 'must not be empty'));
      else if (seen.has(s)) errs.push(duplicate(p, s));
      else seen.add(s);
    });
  }
  return count;
}

function parseIndexes(v: string, completions: number): [number, number][] | undefined {
  const out: [number, number][] = [];
  for (const interval of v.split(',')) {
    try {
      validateIndexesFormat(interval, completions);
      const [a, b] = interval.split('-');
      out.push([Number(a), b === undefined ? Number(a) : Number(b)]);
    } catch (e) {
      if (!(e instanceof IndexesError)) throw e;
      out.push([Number.NaN, Number.NaN]);
    }
  }
  return out;
}

// Upstream walks both interval lists together, skipping intervals that do not parse (their
// format errors are reported separately) and stopping at the first overlap.
function overlap(completed: string, failedIdx: string, completions: number): string | undefined {
  if (completed === '' || failedIdx === '') return undefined;
  const c = parseIndexes(completed, completions) ?? [];
  const f = parseIndexes(failedIdx, completions) ?? [];
  let i = 0;
  let j = 0;
  while (i < c.length && j < f.length) {
    const [cx, cy] = c[i] ?? [Number.NaN, Number.NaN];
    const [fx, fy] = f[j] ?? [Number.NaN, Number.NaN];
    if (Number.isNaN(cx)) i++;
    else if (Number.isNaN(fx)) j++;
    else if (cx <= fy && fx <= cy)
      return `failedIndexes and completedIndexes overlap at index: ${Math.max(cx, fx)}`;
    else if (cx <= fx) i++;
    else j++;
  }
  return undefined;
}

function checkIndexes(
  value: string,
  completions: number,
  fldPath: FieldPath,
  what: string,
  errs: FieldError[],
): void {
  try {
    validateIndexesFormat(value, completions);
  } catch (e) {
    if (!(e instanceof IndexesError)) throw e;
    errs.push(invalid(fldPath, value, `error parsing ${what}: ${e.message}`));
  }
}

function validateStatus(job: JsonObject, opts: StatusOptions, p: FieldPath, errs: FieldError[]): void {
  const status = dict(job['status'], p, errs) ?? {};
  const spec = asDict(job['spec']);
  const count = (key: string): number => {
    const v = int32(status[key], p.child(key), errs);
    nonNegative(v, p.child(key), errs);
    return v ?? 0;
  };
  const active = count('active');
  count('succeeded');
  count('failed');
  count('ready');
  count('terminating');
  const uncountedCount = uncounted(status, p.child('uncountedTerminatedPods'), errs);
  const cond = p.child('conditions');
  const startTime = stamp(status['startTime']);
  const completionTime = stamp(status['completionTime']);
  const isFinished = finished(job);
  if (opts.rejectCompleteWithFailed && complete(job) && failed(job)) {
    errs.push(invalid(cond, omitValue, 'cannot set Complete=True and Failed=true conditions'));
  }
  if (opts.rejectCompleteWithFailureTarget && complete(job) && failureTarget(job)) {
    errs.push(invalid(cond, omitValue, 'cannot set Complete=True and FailureTarget=true conditions'));
  }
  if (opts.rejectCompletionTimeChange && completionTime.kind !== 'unset' && !complete(job)) {
    errs.push(
      invalid(
        p.child('completionTime'),
        status['completionTime'],
        'cannot set completionTime when there is no Complete=True condition',
      ),
    );
  }
  if (opts.rejectCompletionTimeChange && completionTime.kind === 'unset' && complete(job)) {
    errs.push(required(p.child('completionTime'), 'completionTime is required for Complete jobs'));
  }
  if (
    opts.rejectCompletionBeforeStart &&
    startTime.kind === 'at' &&
    completionTime.kind === 'at' &&
    compareInstants(completionTime.at, startTime.at) < 0
  ) {
    errs.push(
      invalid(p.child('completionTime'), status['completionTime'], 'must be equal to or after `startTime`'),
    );
  }
  if (opts.rejectFinishedWithActive && active > 0 && isFinished) {
    errs.push(invalid(p.child('active'), active, 'active>0 is invalid for finished job'));
  }
  if (opts.rejectFinishedWithoutStartTime && startTime.kind === 'unset' && isFinished) {
    errs.push(required(p.child('startTime'), 'startTime is required for finished job'));
  }
  if (opts.rejectFinishedWithUncounted && isFinished && uncountedCount > 0) {
    errs.push(
      invalid(
        p.child('uncountedTerminatedPods'),
        status['uncountedTerminatedPods'],
        'must be empty for finished job',
      ),
    );
  }
  const completions = typeof spec['completions'] === 'number' ? spec['completions'] : undefined;
  const completedIndexes = str(status['completedIndexes'], p.child('completedIndexes'), errs);
  const failedIndexes = optStr(status['failedIndexes'], p.child('failedIndexes'), errs);
  const hasBackoffPerIndex =
    spec['backoffLimitPerIndex'] !== undefined && spec['backoffLimitPerIndex'] !== null;
  if (opts.rejectInvalidCompletedIndexes && completions !== undefined) {
    checkIndexes(completedIndexes, completions, p.child('completedIndexes'), 'completedIndexes', errs);
  }
  if (
    opts.rejectInvalidFailedIndexes &&
    completions !== undefined &&
    hasBackoffPerIndex &&
    failedIndexes !== undefined
  ) {
    checkIndexes(failedIndexes, completions, p.child('failedIndexes'), 'failedIndexes', errs);
  }
  const indexed = spec['completionMode'] === 'Indexed';
  if (opts.rejectInvalidCompletedIndexes && completedIndexes !== '' && !indexed) {
    errs.push(
      invalid(
        p.child('completedIndexes'),
        completedIndexes,
        'cannot set non-empty completedIndexes when non-indexed completion mode',
      ),
    );
  }
  if (opts.rejectInvalidFailedIndexes && !hasBackoffPerIndex && failedIndexes !== undefined) {
    errs.push(
      invalid(
        p.child('failedIndexes'),
        failedIndexes,
        'cannot set non-null failedIndexes when backoffLimitPerIndex is null',
      ),
    );
  }
  if (opts.rejectFailedIndexesOverlap && completions !== undefined && failedIndexes !== undefined) {
    const msg = overlap(completedIndexes, failedIndexes, completions);
    if (msg !== undefined) errs.push(invalid(p.child('failedIndexes'), failedIndexes, msg));
  }
  const met = successCriteriaMet(job);
  if (met && failed(job)) {
    errs.push(invalid(cond, omitValue, 'cannot set SuccessCriteriaMet=True and Failed=true conditions'));
  }
  if (met && failureTarget(job)) {
    errs.push(
      invalid(cond, omitValue, 'cannot set SuccessCriteriaMet=True and FailureTarget=true conditions'),
    );
  }
  if (isDict(spec['successPolicy']) && !met && complete(job)) {
    errs.push(
      invalid(
        cond,
        omitValue,
        'cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True',
      ),
    );
  }
}

/**
 * Upstream's Job status update validation with the transition checks the server enables by
 * default (Job managedBy): counters ≥ 0, uncounted pods unique and non-empty, condition
 * combinations (Complete/Failed/FailureTarget/SuccessCriteriaMet), start and completion times,
 * completed/failed index lists, and no going back on terminal conditions or counters. The checks
 * tied to a field run only when the update changes that field, as upstream does. Pure.
 */
export function validateJobStatusUpdate(job: JsonObject, old: JsonObject): FieldError[] {
  const errs = validateObjectMetaUpdate(job['metadata'], old['metadata']);
  const opts = statusOptions(job, old);
  const p = path('status');
  validateStatus(job, opts, p, errs);
  const cond = p.child('conditions');
  for (const type of ['Failed', 'Complete', 'FailureTarget']) {
    if (conditionTrue(old, type) && !conditionTrue(job, type)) {
      errs.push(invalid(cond, omitValue, `cannot disable the terminal ${type}=True condition`));
    }
  }
  const st = asDict(job['status']);
  const ost = asDict(old['status']);
  const num = (d: Dict, k: string): number => (typeof d[k] === 'number' ? (d[k] as number) : 0);
  if (num(st, 'failed') < num(ost, 'failed')) {
    errs.push(invalid(p.child('failed'), num(st, 'failed'), 'cannot decrease the failed counter'));
  }
  if (opts.rejectDecreasingSucceeded && num(st, 'succeeded') < num(ost, 'succeeded')) {
    errs.push(invalid(p.child('succeeded'), num(st, 'succeeded'), 'cannot decrease the succeeded counter'));
  }
  const completion = stamp(st['completionTime']);
  const oldCompletion = stamp(ost['completionTime']);
  if (
    completion.kind !== 'unset' &&
    oldCompletion.kind !== 'unset' &&
    !sameStamp(completion, oldCompletion)
  ) {
    errs.push(invalid(p.child('completionTime'), st['completionTime'], 'field is immutable'));
  }
  const start = stamp(st['startTime']);
  const oldStart = stamp(ost['startTime']);
  if (opts.rejectStartTimeUpdate && oldStart.kind !== 'unset' && !sameStamp(start, oldStart)) {
    if (asDict(job['spec'])['suspend'] !== true) {
      errs.push(required(p.child('startTime'), 'startTime cannot be removed for unsuspended job'));
    }
  }
  if (successCriteriaMet(old) && !successCriteriaMet(job)) {
    errs.push(invalid(cond, omitValue, 'cannot disable the SuccessCriteriaMet=True condition'));
  }
  if (complete(old) && !successCriteriaMet(old) && successCriteriaMet(job)) {
    errs.push(
      invalid(
        cond,
        omitValue,
        'cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions',
      ),
    );
  }
  return errs;
}
