import { path } from '../../../apimachinery/field/index.js';
import { isDNS1123Label } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { templateWarnings } from './pod-template.js';
import { semanticNormal } from './semantic.js';
import { asDict, type Dict } from './shape.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';

/** Whether an update changes the spec (what moves the generation upstream). Pure. */
export function specChanged(obj: JsonObject, old: JsonObject | undefined): boolean {
  return old === undefined || !deepEqual(semanticNormal(obj['spec']), semanticNormal(old['spec']));
}

/** Warnings of the apps/v1 workloads: the pod template's, at `spec.template`. Pure. */
export function workloadWarnings(obj: JsonObject, old?: JsonObject): string[] {
  return templateWarnings(asDict(obj['spec'])['template'], path('spec', 'template'), specChanged(obj, old));
}

/** The warning for a Job or CronJob name that is no DNS label (it names pods and hostnames). */
export function nameWarnings(obj: JsonObject): string[] {
  const name = asDict(obj['metadata'])['name'];
  const msgs = isDNS1123Label(typeof name === 'string' ? name : '');
  if (msgs.length === 0) return [];
  return [
    `metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`,
  ];
}

const completionsSoftLimit = 100_000;
const parallelismSoftLimit = 10_000;

/** Upstream's WarningsForJobSpec for the JobSpec at `at` (`spec` or `spec.jobTemplate.spec`). */
export function jobSpecWarnings(spec: Dict, at: string): string[] {
  const out: string[] = [];
  if (spec['completionMode'] === 'Indexed') {
    const completions = typeof spec['completions'] === 'number' ? spec['completions'] : 0;
    const parallelism = typeof spec['parallelism'] === 'number' ? spec['parallelism'] : 0;
    if (completions > completionsSoftLimit && parallelism > parallelismSoftLimit) {
      out.push(
        `${at}: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail`,
      );
    }
  }
  const segments = at.split('.');
  out.push(
    ...templateWarnings(spec['template'], path(segments[0] ?? 'spec', ...segments.slice(1), 'template')),
  );
  return out;
}
