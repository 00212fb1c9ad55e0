import {
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import { isDNS1123Subdomain, regexError } from '../../../apimachinery/validation/index.js';
import { type JobSpecFacts, validatePodFailurePolicy, validateSuccessPolicy } from './job-policies.js';
import type { PodValidationOptions } from '../core-pod/index.js';
import { type ReadTemplate, readTemplate, validateTemplate } from './pod-template.js';
import { type Dict, dict, int32, nonNegative, nonNegativeInt32, nonNegativeInt64, optStr } from './shape.js';

const maxParallelismForIndexedJob = 100_000;
const maxFailedIndexesForIndexedJob = 100_000;
const completionsSoftLimit = 100_000;
const parallelismLimitForHighCompletions = 10_000;
const maxFailedIndexesLimitForHighCompletions = 10_000;
const maxManagedByLength = 63;
const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^${httpPathFmt}$`);

// Upstream's IsDomainPrefixedPath: `host/path` with a DNS subdomain host and an HTTP path.
function validateDomainPrefixedPath(v: string, fldPath: FieldPath, errs: FieldError[]): void {
  if (v === '') {
    errs.push(required(fldPath, ''));
    return;
  }
  const slash = v.indexOf('/');
  const host = slash < 0 ? v : v.slice(0, slash);
  const rest = slash < 0 ? '' : v.slice(slash + 1);
  if (slash < 0 || host === '' || rest === '') {
    errs.push(invalid(fldPath, v, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    return;
  }
  for (const msg of isDNS1123Subdomain(host)) errs.push(invalid(fldPath, host, msg));
  if (!httpPathRe.test(rest)) errs.push(invalid(fldPath, rest, regexError('Invalid path', httpPathFmt)));
}

/** A JobSpec as the rules read it. */
export interface ReadJobSpec extends JobSpecFacts {
  readonly parallelism: number | undefined;
  readonly completionMode: string | undefined;
  readonly maxFailedIndexes: number | undefined;
  readonly template: ReadTemplate;
}

/**
 * Upstream's validateJobSpec (the part Jobs and CronJob job templates share): counts ≥ 0,
 * completion mode and its Indexed limits, backoffLimitPerIndex / maxFailedIndexes only when
 * Indexed, managedBy, pod failure / success / replacement policies, the template and its
 * restartPolicy (OnFailure or Never; Never when a pod failure policy is set). Appends errors.
 */
export function validateJobSpecCore(
  spec: Dict,
  fldPath: FieldPath,
  opts: PodValidationOptions,
  errs: FieldError[],
): ReadJobSpec {
  const parallelism = nonNegativeInt32(spec['parallelism'], fldPath.child('parallelism'), errs);
  const completions = nonNegativeInt32(spec['completions'], fldPath.child('completions'), errs);
  nonNegativeInt64(spec['activeDeadlineSeconds'], fldPath.child('activeDeadlineSeconds'), errs);
  nonNegativeInt32(spec['backoffLimit'], fldPath.child('backoffLimit'), errs);
  nonNegativeInt32(spec['ttlSecondsAfterFinished'], fldPath.child('ttlSecondsAfterFinished'), errs);
  const blpiPath = fldPath.child('backoffLimitPerIndex');
  const backoffLimitPerIndex = nonNegativeInt32(spec['backoffLimitPerIndex'], blpiPath, errs);
  const mfiPath = fldPath.child('maxFailedIndexes');
  const maxFailedIndexes = int32(spec['maxFailedIndexes'], mfiPath, errs);
  if (maxFailedIndexes !== undefined) {
    nonNegative(maxFailedIndexes, mfiPath, errs);
    if (backoffLimitPerIndex === undefined)
      errs.push(required(blpiPath, 'when maxFailedIndexes is specified'));
  }
  const mbPath = fldPath.child('managedBy');
  const managedBy = optStr(spec['managedBy'], mbPath, errs);
  if (managedBy !== undefined) {
    validateDomainPrefixedPath(managedBy, mbPath, errs);
    if (Buffer.byteLength(managedBy, 'utf8') > maxManagedByLength)
      errs.push(tooLong(mbPath, '', maxManagedByLength));
  }
  const cmPath = fldPath.child('completionMode');
  const completionMode = optStr(spec['completionMode'], cmPath, errs);
  if (completionMode !== undefined) {
    if (completionMode !== 'NonIndexed' && completionMode !== 'Indexed') {
      errs.push(notSupported(cmPath, completionMode, ['NonIndexed', 'Indexed']));
    }
    if (completionMode === 'Indexed') {
      checkIndexedLimits(completions, parallelism, backoffLimitPerIndex, maxFailedIndexes, fldPath, errs);
    }
  }
  if (completionMode === undefined || completionMode === 'NonIndexed') {
    if (backoffLimitPerIndex !== undefined) {
      errs.push(invalid(blpiPath, backoffLimitPerIndex, 'requires indexed completion mode'));
    }
    if (maxFailedIndexes !== undefined)
      errs.push(invalid(mfiPath, maxFailedIndexes, 'requires indexed completion mode'));
  }
  const facts: JobSpecFacts = { spec, completions, backoffLimitPerIndex };
  const pfpPath = fldPath.child('podFailurePolicy');
  const pfp = dict(spec['podFailurePolicy'], pfpPath, errs);
  if (pfp !== undefined) validatePodFailurePolicy(pfp, facts, pfpPath, errs);
  const spPath = fldPath.child('successPolicy');
  const sp = dict(spec['successPolicy'], spPath, errs);
  if (sp !== undefined) {
    if (completionMode !== 'Indexed') errs.push(invalid(spPath, sp, 'requires indexed completion mode'));
    else validateSuccessPolicy(sp, facts, spPath, errs);
  }
  validatePodReplacementPolicy(spec, pfp !== undefined, fldPath.child('podReplacementPolicy'), errs);

  const tPath = fldPath.child('template');
  const template = readTemplate(spec['template']);
  validateTemplate(template, tPath, opts, errs);
  checkJobRestartPolicy(template, pfp !== undefined, tPath.child('spec', 'restartPolicy'), errs);
  return { ...facts, parallelism, completionMode, maxFailedIndexes, template };
}

function checkIndexedLimits(
  completions: number | undefined,
  parallelism: number | undefined,
  backoffLimitPerIndex: number | undefined,
  maxFailedIndexes: number | undefined,
  fldPath: FieldPath,
  errs: FieldError[],
): void {
  const pPath = fldPath.child('parallelism');
  const mfiPath = fldPath.child('maxFailedIndexes');
  if (completions === undefined)
    errs.push(required(fldPath.child('completions'), 'when completion mode is Indexed'));
  if (parallelism !== undefined && parallelism > maxParallelismForIndexedJob) {
    errs.push(
      invalid(
        pPath,
        parallelism,
        `must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`,
      ),
    );
  }
  if (completions !== undefined && maxFailedIndexes !== undefined && maxFailedIndexes > completions) {
    errs.push(invalid(mfiPath, maxFailedIndexes, 'must be less than or equal to completions'));
  }
  if (maxFailedIndexes !== undefined && maxFailedIndexes > maxFailedIndexesForIndexedJob) {
    errs.push(
      invalid(mfiPath, maxFailedIndexes, `must be less than or equal to ${maxFailedIndexesForIndexedJob}`),
    );
  }
  if (completions !== undefined && completions > completionsSoftLimit && backoffLimitPerIndex !== undefined) {
    const tail = `when completions are above ${completionsSoftLimit} and used with backoff limit per index`;
    if (maxFailedIndexes === undefined) {
      errs.push(required(mfiPath, `must be specified when completions is above ${completionsSoftLimit}`));
    }
    if (parallelism !== undefined && parallelism > parallelismLimitForHighCompletions) {
      errs.push(
        invalid(
          pPath,
          parallelism,
          `must be less than or equal to ${parallelismLimitForHighCompletions} ${tail}`,
        ),
      );
    }
    if (maxFailedIndexes !== undefined && maxFailedIndexes > maxFailedIndexesLimitForHighCompletions) {
      errs.push(
        invalid(
          mfiPath,
          maxFailedIndexes,
          `must be less than or equal to ${maxFailedIndexesLimitForHighCompletions} ${tail}`,
        ),
      );
    }
  }
}

function validatePodReplacementPolicy(
  spec: Dict,
  hasPodFailurePolicy: boolean,
  fldPath: FieldPath,
  errs: FieldError[],
) {
  const policy = optStr(spec['podReplacementPolicy'], fldPath, errs);
  if (policy === undefined) return;
  if (hasPodFailurePolicy) {
    if (policy !== 'Failed') errs.push(notSupported(fldPath, policy, ['Failed']));
  } else if (policy !== 'Failed' && policy !== 'TerminatingOrFailed') {
    errs.push(notSupported(fldPath, policy, ['Failed', 'TerminatingOrFailed']));
  }
}

// An unset restartPolicy is defaulted to Always, so both mean "not chosen for a Job".
function checkJobRestartPolicy(
  t: ReadTemplate,
  hasPodFailurePolicy: boolean,
  fldPath: FieldPath,
  errs: FieldError[],
) {
  const rp = t.restartPolicy;
  if (rp === 'Always' || rp === '') {
    errs.push(required(fldPath, 'valid values: "OnFailure", "Never"'));
  } else if (rp !== 'OnFailure' && rp !== 'Never') {
    errs.push(notSupported(fldPath, rp, ['OnFailure', 'Never']));
  } else if (hasPodFailurePolicy && rp !== 'Never') {
    errs.push(invalid(fldPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  }
}
