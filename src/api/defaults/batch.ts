/** Defaults for batch/v1: Job and CronJob. */
import type { JsonObject } from './json.js';
import { child, clone, defaultPtr, defaultString, eachObject, ensure, isEmpty, own } from './json.js';
import { defaultPodTemplateSpec } from './pod.js';

/** Largest int32: the backoff limit of a job that counts failures per index instead. */
const MAX_INT32 = 2147483647;

/**
 * Job: completions and parallelism 1 (completions only when both are unset), backoff limit 6 (or
 * unlimited with a per-index limit), NonIndexed completion, not suspended, pod failure policy
 * condition status `True`, pod replacement policy, no manual selector, object labels from the
 * template, pod template defaults. Mutates; idempotent.
 */
export function defaultJob(job: JsonObject): void {
  const spec = ensure(job, 'spec');
  if (!spec) return;
  const completions = own(spec, 'completions');
  const parallelism = own(spec, 'parallelism');
  if (
    (completions === undefined || completions === null) &&
    (parallelism === undefined || parallelism === null)
  ) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  defaultPtr(spec, 'parallelism', 1);
  if (own(spec, 'backoffLimit') === undefined || own(spec, 'backoffLimit') === null) {
    const perIndex = own(spec, 'backoffLimitPerIndex');
    spec['backoffLimit'] = perIndex === undefined || perIndex === null ? 6 : MAX_INT32;
  }
  const template = ensure(spec, 'template');
  const templateMeta = template && child(template, 'metadata');
  const labels = templateMeta && child(templateMeta, 'labels');
  if (labels && Object.keys(labels).length > 0) {
    const metadata = ensure(job, 'metadata');
    if (metadata && isEmpty(own(metadata, 'labels'))) metadata['labels'] = clone(labels);
  }
  defaultPtr(spec, 'completionMode', 'NonIndexed');
  defaultPtr(spec, 'suspend', false);
  defaultPodFailurePolicy(spec);
  const hasFailurePolicy =
    own(spec, 'podFailurePolicy') !== undefined && own(spec, 'podFailurePolicy') !== null;
  defaultPtr(spec, 'podReplacementPolicy', hasFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultPtr(spec, 'manualSelector', false);
  if (template) defaultPodTemplateSpec(template);
}

/** Pod failure policy condition patterns match status `True` unless they say otherwise. */
function defaultPodFailurePolicy(jobSpec: JsonObject): void {
  const failurePolicy = child(jobSpec, 'podFailurePolicy');
  if (!failurePolicy) return;
  eachObject(failurePolicy, 'rules', (rule) => {
    eachObject(rule, 'onPodConditions', (pattern) => defaultString(pattern, 'status', 'True'));
  });
}

/**
 * CronJob: concurrency Allow, not suspended, keep 3 successful and 1 failed job; inside the job
 * template only the pod failure policy and pod template defaults apply (its spec is not
 * Job-defaulted: completions, backoff and the rest are set when the Job is created).
 * Mutates; idempotent.
 */
export function defaultCronJob(cj: JsonObject): void {
  const spec = ensure(cj, 'spec');
  if (!spec) return;
  defaultString(spec, 'concurrencyPolicy', 'Allow');
  defaultPtr(spec, 'suspend', false);
  defaultPtr(spec, 'successfulJobsHistoryLimit', 3);
  defaultPtr(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = ensure(spec, 'jobTemplate');
  const jobSpec = jobTemplate && ensure(jobTemplate, 'spec');
  if (!jobSpec) return;
  defaultPodFailurePolicy(jobSpec);
  const template = ensure(jobSpec, 'template');
  if (template) defaultPodTemplateSpec(template);
}
