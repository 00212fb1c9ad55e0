/**
 * `ResourceList` (resource name → quantity) and the list arithmetic that quota, the
 * scheduler and the kubelet use on requests, limits, capacity and allocatable.
 * Every function is pure: inputs are never mutated and results are new maps.
 */
import { formatWrong } from './errors.js';
import { quantityFromJSON } from './json.js';
import { Quantity } from './quantity.js';

/** Resource name → amount, as `corev1.ResourceList`. */
export type ResourceList = ReadonlyMap<string, Quantity>;

const ZERO = Quantity.parse('0');

/**
 * Reads a JSON object of quantities (`{"cpu": "100m", "memory": "1Gi"}`). `null` and
 * `undefined` give an empty list. Throws `QuantityError` for a bad value or a non-object.
 */
export function parseResourceList(value: unknown): Map<string, Quantity> {
  const result = new Map<string, Quantity>();
  if (value === null || value === undefined) return result;
  if (typeof value !== 'object' || Array.isArray(value)) throw formatWrong();
  for (const [name, q] of Object.entries(value)) result.set(name, quantityFromJSON(q));
  return result;
}

/** The JSON object form, keys sorted as upstream's encoder sorts map keys. */
export function formatResourceList(list: ResourceList): Record<string, string> {
  return Object.fromEntries(
    [...list.keys()].sort().map((name) => [name, (list.get(name) as Quantity).toString()]),
  );
}

/** True when both lists have the same names with equal amounts. */
export function resourceListsEqual(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [name, q] of a) {
    const other = b.get(name);
    if (!other || !q.equal(other)) return false;
  }
  return true;
}

/**
 * Checks a <= b for every name present in both (names only in one list are ignored).
 * Returns whether that holds and the sorted names where a exceeds b.
 */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { ok: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [name, limit] of b) {
    const used = a.get(name);
    if (used && used.cmp(limit) > 0) exceeded.push(name);
  }
  exceeded.sort();
  return { ok: exceeded.length === 0, exceeded };
}

/** The larger amount per name over the union of names. */
export function maxResourceList(a: ResourceList, b: ResourceList): Map<string, Quantity> {
  const result = new Map<string, Quantity>();
  for (const [name, q] of a) {
    const other = b.get(name);
    result.set(name, other && q.cmp(other) <= 0 ? other : q);
  }
  for (const [name, q] of b) if (!result.has(name)) result.set(name, q);
  return result;
}

/** a + b per name over the union of names. */
export function addResourceLists(a: ResourceList, b: ResourceList): Map<string, Quantity> {
  const result = new Map<string, Quantity>();
  for (const [name, q] of a) {
    const other = b.get(name);
    result.set(name, other ? q.add(other) : q);
  }
  for (const [name, q] of b) if (!result.has(name)) result.set(name, q);
  return result;
}

/** a - b per name over the union of names (a name only in b becomes its negation). */
export function subtractResourceLists(a: ResourceList, b: ResourceList): Map<string, Quantity> {
  const result = new Map<string, Quantity>();
  for (const [name, q] of a) {
    const other = b.get(name);
    result.set(name, other ? q.sub(other) : q);
  }
  for (const [name, q] of b) if (!result.has(name)) result.set(name, q.neg());
  return result;
}

/** a - b per name, with every non-positive result (and every name only in b) set to zero. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): Map<string, Quantity> {
  const result = new Map<string, Quantity>();
  for (const [name, q] of a) {
    const other = b.get(name);
    const diff = other ? q.sub(other) : q;
    result.set(name, diff.cmp(ZERO) > 0 ? diff : ZERO);
  }
  for (const name of b.keys()) if (!result.has(name)) result.set(name, ZERO);
  return result;
}

/** Only the entries whose names are listed. */
export function maskResourceList(list: ResourceList, names: Iterable<string>): Map<string, Quantity> {
  const keep = new Set(names);
  return new Map([...list].filter(([name]) => keep.has(name)));
}

/** The names in the list, sorted. */
export function resourceNames(list: ResourceList): string[] {
  return [...list.keys()].sort();
}

/** True when every amount is zero (an empty list is zero). */
export function isZeroResourceList(list: ResourceList): boolean {
  for (const q of list.values()) if (!q.isZero()) return false;
  return true;
}

/** The list without its zero amounts. */
export function removeZeros(list: ResourceList): Map<string, Quantity> {
  return new Map([...list].filter(([, q]) => !q.isZero()));
}

/** The sorted names whose amounts are negative. */
export function negativeResourceNames(list: ResourceList): string[] {
  return [...list]
    .filter(([, q]) => q.sign() < 0)
    .map(([name]) => name)
    .sort();
}
