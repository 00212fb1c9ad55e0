/**
 * Defaulting of built-in API objects, field by field as the upstream API server does it, on
 * decoded JSON. The API server calls {@link defaultObject} on every object it decodes from a
 * request or from storage, before validation.
 */
import { isObject } from './json.js';
import { pruneUnknownFields } from './prune.js';
import { DEFAULTERS } from './registry.js';

export type { ImageReference } from './image-reference.js';
export { effectiveImageTag, ImageReferenceError, parseImageReference } from './image-reference.js';
export type { JsonObject } from './json.js';
export { defaultPodSpec, defaultPodTemplateSpec, defaultPullPolicy } from './pod.js';
export { pruneUnknownFields } from './prune.js';

/**
 * Decodes `obj` as the Go type of `apiVersion`/`kind` would and applies its defaults: fields the
 * kind's schema does not declare are dropped first (see pruneUnknownFields), then the kind's
 * defaulter runs. Mutates `obj` in place; idempotent (applying twice is applying once); never
 * throws: fields of the wrong type are left for validation to report. Kinds the schema does not
 * know and kinds without defaults are left as they are, as is non-object input.
 */
export function defaultObject(apiVersion: string, kind: string, obj: object): void {
  if (!isObject(obj)) return;
  pruneUnknownFields(apiVersion, kind, obj);
  DEFAULTERS.get(`${apiVersion}/${kind}`)?.(obj);
}

/** True when `apiVersion`/`kind` has defaults to apply. Pure. */
export function hasDefaulter(apiVersion: string, kind: string): boolean {
  return DEFAULTERS.has(`${apiVersion}/${kind}`);
}

/** Every apiVersion/kind pair that has defaults, as `[apiVersion, kind]`. Pure. */
export function defaultedKinds(): Array<[apiVersion: string, kind: string]> {
  return [...DEFAULTERS.keys()].map((key) => {
    const slash = key.lastIndexOf('/');
    return [key.slice(0, slash), key.slice(slash + 1)];
  });
}
