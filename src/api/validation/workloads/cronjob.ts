import {
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  maxLenError,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import type { PodValidationOptions } from '../core-pod/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { CronScheduleError, checkCronSchedule } from './cron-schedule.js';
import { validateJobSpecCore } from './job-spec.js';
import { selectorValue } from './label-selector.js';
import { templateOptions } from './pod-template.js';
import { asDict, type Dict, dict, isDict, nonNegativeInt32, nonNegativeInt64, optStr, str } from './shape.js';
import { loadLocation } from './time-zone.js';
import { jobSpecWarnings, nameWarnings, specChanged } from './warnings.js';

// Job names are the CronJob's name plus an 11-character suffix, and must fit a DNS-1035 label.
const maxCronJobNameLength = 63 - 11;

const tzPartRe = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateSchedule(
  schedule: string,
  allowTZ: boolean,
  hasTimeZone: boolean,
  fldPath: FieldPath,
  errs: FieldError[],
) {
  try {
    checkCronSchedule(schedule);
  } catch (e) {
    if (!(e instanceof CronScheduleError)) throw e;
    errs.push(invalid(fldPath, schedule, e.message));
  }
  if (allowTZ && schedule.includes('TZ') && hasTimeZone) {
    errs.push(invalid(fldPath, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    errs.push(invalid(fldPath, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
}

function validateTimeZone(tz: string, fldPath: FieldPath, errs: FieldError[]): void {
  if (tz === '') {
    errs.push(invalid(fldPath, tz, 'timeZone must be nil or non-empty string'));
    return;
  }
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !tzPartRe.test(part)) {
      errs.push(invalid(fldPath, tz, `unknown time zone ${tz}`));
      return;
    }
  }
  if (tz.toLowerCase() === 'local') {
    errs.push(
      invalid(
        fldPath,
        tz,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  }
  const err = loadLocation(tz);
  if (err !== undefined) errs.push(invalid(fldPath, tz, err));
}

function validateJobTemplate(
  v: unknown,
  fldPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  const template = dict(v, fldPath, errs) ?? {};
  const specPath = fldPath.child('spec');
  const spec = dict(template['spec'], specPath, errs) ?? {};
  validateJobSpecCore(spec, specPath, opts, errs);
  if (isDict(spec['selector'])) {
    errs.push(
      invalid(
        specPath.child('selector'),
        selectorValue(spec['selector']),
        '`selector` will be auto-generated',
      ),
    );
  }
  if (spec['manualSelector'] === true) {
    errs.push(notSupported(specPath.child('manualSelector'), true, ['nil', 'false']));
  }
}

function validateSpec(spec: Dict, oldSpec: Dict | undefined, fldPath: FieldPath, errs: FieldError[]): void {
  const schedPath = fldPath.child('schedule');
  const schedule = str(spec['schedule'], schedPath, errs);
  const tzPath = fldPath.child('timeZone');
  const tz = optStr(spec['timeZone'], tzPath, errs);
  if (schedule === '') {
    errs.push(required(schedPath, ''));
  } else {
    const oldSchedule =
      oldSpec !== undefined && typeof oldSpec['schedule'] === 'string' ? oldSpec['schedule'] : '';
    validateSchedule(schedule, oldSchedule.includes('TZ'), tz !== undefined, schedPath, errs);
  }
  nonNegativeInt64(spec['startingDeadlineSeconds'], fldPath.child('startingDeadlineSeconds'), errs);
  const oldTz = oldSpec?.['timeZone'] ?? undefined;
  if (tz !== undefined && (oldSpec === undefined || oldTz !== tz)) validateTimeZone(tz, tzPath, errs);
  const cpPath = fldPath.child('concurrencyPolicy');
  const cp = str(spec['concurrencyPolicy'], cpPath, errs);
  if (cp === '') errs.push(required(cpPath, ''));
  else if (cp !== 'Allow' && cp !== 'Forbid' && cp !== 'Replace') {
    errs.push(notSupported(cpPath, cp, ['Allow', 'Forbid', 'Replace']));
  }
  const oldTemplate = asDict(asDict(asDict(oldSpec)['jobTemplate'])['spec'])['template'];
  const opts = oldSpec === undefined ? templateOptions() : templateOptions(oldTemplate);
  validateJobTemplate(spec['jobTemplate'], fldPath.child('jobTemplate'), opts, errs);
  nonNegativeInt32(spec['successfulJobsHistoryLimit'], fldPath.child('successfulJobsHistoryLimit'), errs);
  nonNegativeInt32(spec['failedJobsHistoryLimit'], fldPath.child('failedJobsHistoryLimit'), errs);
}

function validate(obj: JsonObject): FieldError[] {
  const errs = validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSSubdomain });
  validateSpec(dict(obj['spec'], path('spec'), errs) ?? {}, undefined, path('spec'), errs);
  const name = asDict(obj['metadata'])['name'];
  if (typeof name === 'string' && Buffer.byteLength(name, 'utf8') > maxCronJobNameLength) {
    errs.push(invalid(path('metadata', 'name'), name, maxLenError(maxCronJobNameLength)));
  }
  return errs;
}

function validateUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  // The name length rule is skipped so that older, longer-named CronJobs stay updatable.
  const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata']);
  validateSpec(dict(obj['spec'], path('spec'), errs) ?? {}, asDict(old['spec']), path('spec'), errs);
  return errs;
}

const jobSpecAt = 'spec.jobTemplate.spec';

function warnings(obj: JsonObject, old?: JsonObject): string[] {
  const spec = asDict(obj['spec']);
  const jobSpec = asDict(asDict(spec['jobTemplate'])['spec']);
  if (old === undefined) return [...nameWarnings(obj), ...jobSpecWarnings(jobSpec, jobSpecAt)];
  const out = specChanged(obj, old) ? jobSpecWarnings(jobSpec, jobSpecAt) : [];
  // Upstream names the field `spec.spec.schedule` in this warning.
  if (typeof spec['schedule'] === 'string' && spec['schedule'].includes('TZ')) {
    out.push(
      'cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details',
    );
  }
  return out;
}

function validateStatusUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  return validateObjectMetaUpdate(obj['metadata'], old['metadata']);
}

/**
 * batch/v1 CronJob: upstream's ValidateCronJobCreate (name ≤ 52 characters) and
 * ValidateCronJobUpdate: schedule syntax, TZ in the schedule (allowed only where the stored
 * schedule already had it), timeZone (checked when set or changed), concurrencyPolicy, history
 * limits and the job template (no selector, no manualSelector). Status updates check metadata
 * only, as upstream. Warnings: a name that is no DNS label, the job template's, and (on update) a
 * schedule still carrying TZ. Pure.
 */
export const cronJobValidation: KindValidation = { validate, validateUpdate, validateStatusUpdate, warnings };
