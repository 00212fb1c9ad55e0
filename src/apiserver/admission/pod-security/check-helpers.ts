import type { JsonObject } from '../../registry/types.js';
import { objectAt, objectsAt } from '../util.js';

/** The outcome of one check: undefined when allowed, else the reason and detail upstream prints. */
export type CheckResult = { readonly reason: string; readonly detail: string } | undefined;

/** A check of a pod's metadata and spec; pure. */
export type CheckFn = (meta: JsonObject, spec: JsonObject) => CheckResult;

/** `"a", "b"`: items quoted and joined, as upstream's joinQuote. Pure. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** The singular form for one, the plural otherwise. Pure. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Sorted distinct strings, as Go's sets.String.List(). Pure. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}

/** Every container of the pod: init, then regular, then ephemeral ones. Pure. */
export function allContainers(spec: JsonObject): JsonObject[] {
  return [
    ...objectsAt(spec, 'initContainers'),
    ...objectsAt(spec, 'containers'),
    ...objectsAt(spec, 'ephemeralContainers'),
  ];
}

/** `container.securityContext` (undefined when absent). Pure. */
export function securityContext(c: JsonObject | undefined): JsonObject | undefined {
  return objectAt(c, 'securityContext');
}

/** `"container "a""` or `"containers "a", "b""`. Pure. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Whether the pod runs in its own user namespace (spec.hostUsers false). Pure. */
export function inUserNamespace(spec: JsonObject): boolean {
  return spec['hostUsers'] === false;
}

/** Whether the pod declares the Windows OS. Pure. */
export function isWindows(spec: JsonObject): boolean {
  return objectAt(spec, 'os')?.['name'] === 'windows';
}
