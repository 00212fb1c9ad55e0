import { FieldSelectorError } from './errors.js';
import { escapeValue, unescapeValue } from './escape.js';

/** Field values of one object: field path (`spec.nodeName`) → value. Absent fields read as ''. */
export type Fields = Readonly<Record<string, string>>;

function get(fields: Fields, field: string): string {
  return Object.hasOwn(fields, field) ? (fields[field] ?? '') : '';
}

/** One term of a field selector; `==` terms report `=` as upstream does. */
export interface FieldRequirement {
  readonly operator: '=' | '!=';
  readonly field: string;
  readonly value: string;
}

/**
 * Rewrites one term. Returning '' for both field and value drops the term. May throw to
 * reject the term; transform() lets the error through.
 */
export type TransformFunc = (field: string, value: string) => { field: string; value: string };

/** A parsed field selector: the AND of `field=value` and `field!=value` terms. Immutable. */
export interface FieldSelector {
  /** Whether every term holds; a missing field has the value ''. */
  matches(fields: Fields): boolean;
  /** True when the selector restricts nothing. */
  empty(): boolean;
  /** The value an `=` term on `field` demands (the first such term), undefined otherwise. */
  requiresExactMatch(field: string): string | undefined;
  /** A new selector with every term rewritten by `fn`; terms it empties are dropped. */
  transform(fn: TransformFunc): FieldSelector;
  /** The terms in order. */
  requirements(): FieldRequirement[];
  /** Upstream's text: terms in order, values escaped. */
  toString(): string;
}

class Term implements FieldSelector {
  constructor(
    private readonly operator: '=' | '!=',
    private readonly field: string,
    private readonly value: string,
  ) {}

  matches(fields: Fields): boolean {
    const equal = get(fields, this.field) === this.value;
    return this.operator === '=' ? equal : !equal;
  }

  empty(): boolean {
    return false;
  }

  requiresExactMatch(field: string): string | undefined {
    return this.operator === '=' && this.field === field ? this.value : undefined;
  }

  transform(fn: TransformFunc): FieldSelector {
    const next = fn(this.field, this.value);
    if (next.field === '' && next.value === '') return everythingSelector;
    return new Term(this.operator, next.field, next.value);
  }

  requirements(): FieldRequirement[] {
    return [{ operator: this.operator, field: this.field, value: this.value }];
  }

  toString(): string {
    return `${this.field}${this.operator}${escapeValue(this.value)}`;
  }
}

class And implements FieldSelector {
  constructor(private readonly terms: readonly FieldSelector[]) {}

  matches(fields: Fields): boolean {
    return this.terms.every((t) => t.matches(fields));
  }

  empty(): boolean {
    return this.terms.every((t) => t.empty());
  }

  requiresExactMatch(field: string): string | undefined {
    for (const t of this.terms) {
      const v = t.requiresExactMatch(field);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  transform(fn: TransformFunc): FieldSelector {
    return new And(this.terms.map((t) => t.transform(fn)).filter((t) => !t.empty()));
  }

  requirements(): FieldRequirement[] {
    return this.terms.flatMap((t) => t.requirements());
  }

  toString(): string {
    return this.terms.map((t) => t.toString()).join(',');
  }
}

class Nothing implements FieldSelector {
  matches(): boolean {
    return false;
  }

  empty(): boolean {
    return false;
  }

  requiresExactMatch(): string | undefined {
    return undefined;
  }

  transform(): FieldSelector {
    return this;
  }

  requirements(): FieldRequirement[] {
    return [];
  }

  toString(): string {
    return '';
  }
}

const everythingSelector: FieldSelector = new And([]);
const nothingSelector: FieldSelector = new Nothing();

/** The selector that matches every object (empty; prints as ''). */
export function everythingFields(): FieldSelector {
  return everythingSelector;
}

/** The selector that matches no object (not empty; prints as ''). */
export function nothingFields(): FieldSelector {
  return nothingSelector;
}

/** `field=value`, without parsing or escaping concerns. */
export function oneTermEqualSelector(field: string, value: string): FieldSelector {
  return new Term('=', field, value);
}

/** `field!=value`, without parsing or escaping concerns. */
export function oneTermNotEqualSelector(field: string, value: string): FieldSelector {
  return new Term('!=', field, value);
}

/** The AND of the given selectors, in order. */
export function andSelectors(...selectors: FieldSelector[]): FieldSelector {
  return new And(selectors);
}

/**
 * `k=v` terms for every pair of `set`, in key order (upstream leaves the order to map
 * iteration; a fixed order keeps the text deterministic). null/undefined match everything.
 */
export function fieldSelectorFromSet(set: Fields | null | undefined): FieldSelector {
  if (set === null || set === undefined) return everythingSelector;
  const terms = Object.keys(set)
    .sort(byteOrder)
    .map((k) => new Term('=', k, set[k] ?? ''));
  return terms.length === 1 ? terms[0]! : new And(terms);
}

/** The comma-separated terms of a selector; escaped commas stay inside terms, escapes intact. */
export function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

// `!=` and `==` are tried before `=` so that neither leaves a stray `=` in the value.
const termOperators = ['!=', '==', '='] as const;

/** A term split at its first operator, undefined when it has none. The value stays escaped. */
export function splitTerm(term: string): { lhs: string; op: '!=' | '==' | '='; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

function byteOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.codePointAt(i)! < b.codePointAt(i)! ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Parses a field selector and rewrites its terms with `fn`, as upstream's
 * ParseAndTransformSelector: comma-separated `field=value`, `field==value` or
 * `field!=value` terms, sorted as text; empty terms skipped; the field is everything before
 * the first operator; values may escape `\ , =` with a backslash. Throws FieldSelectorError:
 * `invalid selector: 'S'; can't understand 'T'` for a term without an operator, or an
 * escape error (see unescapeValue); errors thrown by `fn` pass through.
 */
export function parseAndTransformFieldSelector(selector: string, fn: TransformFunc): FieldSelector {
  const parts = splitTerms(selector).sort(byteOrder);
  const items: FieldSelector[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (t === undefined) {
      throw new FieldSelectorError('syntax', `invalid selector: '${selector}'; can't understand '${part}'`);
    }
    const value = unescapeValue(t.rhs);
    items.push(new Term(t.op === '!=' ? '!=' : '=', t.lhs, value));
  }
  if (items.length === 1) return items[0]!.transform(fn);
  return new And(items).transform(fn);
}

/** parseAndTransformFieldSelector with no rewriting. Pure; throws FieldSelectorError. */
export function parseFieldSelector(selector: string): FieldSelector {
  return parseAndTransformFieldSelector(selector, (field, value) => ({ field, value }));
}
