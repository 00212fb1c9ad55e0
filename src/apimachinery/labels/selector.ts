import { compareStrings, type Labels, newRequirement, Requirement } from './requirement.js';

/** What a selector exposes of its requirements: `selectable` is false only for nothing(). */
export interface SelectorRequirements {
  readonly requirements: readonly Requirement[];
  readonly selectable: boolean;
}

/**
 * A parsed label selector: the AND of its requirements. Immutable and safe to share;
 * `add` returns a new selector.
 */
export interface Selector {
  /** Whether every requirement holds for `labels`. */
  matches(labels: Labels): boolean;
  /** True when the selector restricts nothing (everything(), '' and {} selectors). */
  empty(): boolean;
  /** Upstream's canonical text: requirements sorted by key, each with sorted values. */
  toString(): string;
  /** A new selector with `reqs` added, sorted by key (stable). */
  add(...reqs: Requirement[]): Selector;
  /** The requirements, and whether the selector can select anything at all. */
  requirements(): SelectorRequirements;
  /**
   * The single value the selector demands for `label` (`=`, `==`, or `in` with one value),
   * judged by the first requirement on that key; undefined otherwise.
   */
  requiresExactMatch(label: string): string | undefined;
}

function byKey(a: Requirement, b: Requirement): number {
  return compareStrings(a.key, b.key);
}

class RequirementsSelector implements Selector {
  constructor(private readonly reqs: readonly Requirement[]) {}

  matches(labels: Labels): boolean {
    return this.reqs.every((r) => r.matches(labels));
  }

  empty(): boolean {
    return this.reqs.length === 0;
  }

  toString(): string {
    return this.reqs.map((r) => r.toString()).join(',');
  }

  add(...reqs: Requirement[]): Selector {
    return new RequirementsSelector([...this.reqs, ...reqs].sort(byKey));
  }

  requirements(): SelectorRequirements {
    return { requirements: this.reqs, selectable: true };
  }

  requiresExactMatch(label: string): string | undefined {
    const r = this.reqs.find((x) => x.key === label);
    if (r === undefined) return undefined;
    const exact = r.operator === '=' || r.operator === '==' || r.operator === 'in';
    return exact && r.values.length === 1 ? r.values[0] : undefined;
  }
}

class NothingSelector implements Selector {
  matches(): boolean {
    return false;
  }

  empty(): boolean {
    return false;
  }

  toString(): string {
    return '';
  }

  add(): Selector {
    return this;
  }

  requirements(): SelectorRequirements {
    return { requirements: [], selectable: false };
  }

  requiresExactMatch(): string | undefined {
    return undefined;
  }
}

const everythingSelector: Selector = new RequirementsSelector([]);
const nothingSelector: Selector = new NothingSelector();

/** The selector that matches every label set (empty; prints as ''). Shared, immutable. */
export function everything(): Selector {
  return everythingSelector;
}

/** The selector that matches no label set (not empty; prints as ''). Shared, immutable. */
export function nothing(): Selector {
  return nothingSelector;
}

/** Whether `s` is the nothing() selector (an unsatisfiable parsed selector is not). */
export function matchesNothing(s: Selector): boolean {
  return s === nothingSelector;
}

/** A selector of exactly these requirements, sorted by key (stable). Trusts its input. */
export function selectorFromRequirements(reqs: readonly Requirement[]): Selector {
  return new RequirementsSelector([...reqs].sort(byKey));
}

/**
 * A selector matching label sets that contain every pair of `set` (`k=v` requirements,
 * sorted by key). No validation, as upstream: an invalid set yields a selector the server
 * rejects. null/undefined/{} give an empty selector.
 */
export function selectorFromSet(set: Labels | null | undefined): Selector {
  if (set === null || set === undefined) return everythingSelector;
  const keys = Object.keys(set).sort(compareStrings);
  return new RequirementsSelector(keys.map((k) => new Requirement(k, '=', [set[k]!])));
}

/**
 * As selectorFromSet, but each pair is validated first; throws LabelSelectorError on the
 * first invalid pair in key order (for example `values[0][Key]: Invalid value: ...`).
 */
export function validatedSelectorFromSet(set: Labels | null | undefined): Selector {
  if (set === null || set === undefined) return everythingSelector;
  const keys = Object.keys(set).sort(compareStrings);
  return new RequirementsSelector(keys.map((k) => newRequirement(k, '=', [set[k]!])));
}
