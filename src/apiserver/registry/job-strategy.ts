import { isJsonObject } from './object-meta.js';
import type { JsonObject } from './types.js';

/** The label pairs a generated Job selector puts on the pod template: name labels, then uid labels. */
const NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
const UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
const SELECTOR_LABEL = 'batch.kubernetes.io/controller-uid';

function child(parent: JsonObject, field: string): JsonObject | undefined {
  const v = parent[field];
  if (v === undefined || v === null) {
    const fresh: JsonObject = {};
    parent[field] = fresh;
    return fresh;
  }
  return isJsonObject(v) ? v : undefined;
}

/**
 * What upstream's Job strategy does on create unless `spec.manualSelector` is true: the pod
 * template gets the `job-name` and `controller-uid` labels (legacy and `batch.kubernetes.io/`
 * forms, each only when absent) and the selector matches `batch.kubernetes.io/controller-uid`
 * (when the user has not set that key; a wrong value is left for validation to reject).
 * Needs `metadata.uid` and `metadata.name` already filled. Mutates `job`; fields of the wrong
 * shape are left untouched for validation to report.
 */
export function prepareJobForCreate(job: JsonObject): void {
  const spec = job['spec'];
  if (!isJsonObject(spec) || spec['manualSelector'] === true) return;
  const meta = isJsonObject(job['metadata']) ? job['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const uid = typeof meta['uid'] === 'string' ? meta['uid'] : '';
  const template = child(spec, 'template');
  const templateMeta = template === undefined ? undefined : child(template, 'metadata');
  const labels = templateMeta === undefined ? undefined : child(templateMeta, 'labels');
  if (labels !== undefined) {
    for (const key of NAME_LABELS) if (!Object.hasOwn(labels, key)) labels[key] = name;
    for (const key of UID_LABELS) if (!Object.hasOwn(labels, key)) labels[key] = uid;
  }
  const selector = child(spec, 'selector');
  const matchLabels = selector === undefined ? undefined : child(selector, 'matchLabels');
  if (matchLabels !== undefined && !Object.hasOwn(matchLabels, SELECTOR_LABEL))
    matchLabels[SELECTOR_LABEL] = uid;
}
