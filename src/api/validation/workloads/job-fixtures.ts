import type { JsonObject } from '../types.js';
import { at, podTemplate } from './test-support.js';

// Shared Job objects for the Job tests: a defaulted Job whose selector was generated.

/** The uid the generated selector refers to. */
export const uid = '1a2b3c';
// The labels selector generation puts on the template.
const generatedLabels = {
  'batch.kubernetes.io/controller-uid': uid,
  'batch.kubernetes.io/job-name': 'myjob',
  'controller-uid': uid,
  'job-name': 'myjob',
};

/** A valid, defaulted Job. */
export const job: JsonObject = {
  metadata: { name: 'myjob', namespace: 'default', uid },
  spec: {
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    podReplacementPolicy: 'TerminatingOrFailed',
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    template: podTemplate(generatedLabels, 'OnFailure'),
  },
};

/** The spec of a Job under test. */
export const spec = (o: JsonObject) => at(o, 'spec');
/** The pod spec of a Job under test. */
export const tspec = (o: JsonObject) => at(o, 'spec', 'template', 'spec');

/** Makes the Job Indexed with the given completions. Mutates. */
export function indexed(o: JsonObject, completions = 5): void {
  spec(o)['completionMode'] = 'Indexed';
  spec(o)['completions'] = completions;
}

/** Gives the Job a one-rule pod failure policy on exit codes (and what it requires). Mutates. */
export function exitCodeRule(o: JsonObject, onExitCodes: JsonObject, action = 'FailJob'): void {
  tspec(o)['restartPolicy'] = 'Never';
  spec(o)['podReplacementPolicy'] = 'Failed';
  spec(o)['podFailurePolicy'] = { rules: [{ action, onExitCodes }] };
}
