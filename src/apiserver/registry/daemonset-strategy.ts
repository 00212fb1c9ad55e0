// DaemonSet's template generation: upstream keeps an internal spec.templateGeneration, served in
// apps/v1 as the `deprecated.daemonset.template.generation` annotation. It starts at 1 (or what the
// creator set, if higher), cannot be changed by updates, and goes up by one with every change of
// the pod template. The DaemonSet controller labels pods with it (pod-template-generation).
import { deepEqual } from '../../apimachinery/meta/index.js';
import { isJsonObject } from './object-meta.js';
import type { JsonObject } from './types.js';

/** The annotation that carries the template generation in apps/v1. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

function generationOf(obj: JsonObject): number {
  const meta = isJsonObject(obj['metadata']) ? obj['metadata'] : {};
  const ann = isJsonObject(meta['annotations']) ? meta['annotations'] : {};
  const v = ann[TEMPLATE_GENERATION_ANNOTATION];
  const n = typeof v === 'string' && /^[0-9]{1,15}$/.test(v) ? Number(v) : 0;
  return n;
}

function setGeneration(obj: JsonObject, n: number): void {
  if (!isJsonObject(obj['metadata'])) obj['metadata'] = {};
  const meta = obj['metadata'] as JsonObject;
  if (!isJsonObject(meta['annotations'])) meta['annotations'] = {};
  (meta['annotations'] as JsonObject)[TEMPLATE_GENERATION_ANNOTATION] = String(n);
}

function templateOf(obj: JsonObject): unknown {
  return isJsonObject(obj['spec']) ? obj['spec']['template'] : undefined;
}

/** On create: generation 1 unless the creator asked for a higher one. Mutates `ds`. */
export function prepareDaemonSetForCreate(ds: JsonObject): void {
  setGeneration(ds, Math.max(1, generationOf(ds)));
}

/** On update: the stored generation, plus one when the pod template changed. Mutates `ds`. */
export function prepareDaemonSetForUpdate(ds: JsonObject, old: JsonObject): void {
  const previous = generationOf(old);
  const next = deepEqual(templateOf(ds), templateOf(old)) ? previous : previous + 1;
  if (next === 0) {
    const meta = isJsonObject(ds['metadata']) ? ds['metadata'] : {};
    if (isJsonObject(meta['annotations'])) delete meta['annotations'][TEMPLATE_GENERATION_ANNOTATION];
    return;
  }
  setGeneration(ds, next);
}
