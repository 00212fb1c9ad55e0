/**
 * Defaulting of built-in API objects, field by field as the upstream API server does it, on
 * decoded JSON. The API server calls {@link defaultObject} on every object it decodes from a
 * request or from storage, before validation.
 */
import { isObject } from './json.js';
import { DEFAULTERS } from './registry.js';

export type { ImageReference } from './image-reference.js';
export { effectiveImageTag, ImageReferenceError, parseImageReference } from './image-reference.js';
export type { JsonObject } from './json.js';
export { defaultPodSpec, defaultPodTemplateSpec, defaultPullPolicy } from './pod.js';

/**
 * Applies the defaults of `apiVersion`/`kind` to `obj`. Mutates `obj` in place; idempotent
 * (applying twice is applying once); never throws: fields of the wrong type are left for
 * validation to report. Kinds without defaults, and non-object input, are left untouched.
 */
export function defaultObject(apiVersion: string, kind: string, obj: object): void {
  if (!isObject(obj)) return;
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
