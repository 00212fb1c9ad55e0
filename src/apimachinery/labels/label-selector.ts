import { goQuote } from '../field/index.js';
import { LabelSelectorError } from './errors.js';
import { parseToRequirements } from './parser.js';
import {
  compareStrings,
  type Labels,
  newRequirement,
  type Operator,
  type Requirement,
} from './requirement.js';
import { everything, matchesNothing, nothing, type Selector, selectorFromRequirements } from './selector.js';

/** One `matchExpressions` entry of a metav1.LabelSelector. */
export interface LabelSelectorRequirement {
  key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`; anything else is rejected when converted. */
  operator: string;
  values?: string[] | null;
}

/** The structured selector of API objects (metav1.LabelSelector); both parts are ANDed. */
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

const structuredOperators: Readonly<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

const structuredNames = { in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' } as const;

/**
 * The Selector a structured selector stands for, as upstream converts it: null/undefined
 * select nothing, `{}` (no labels, no expressions) selects everything. Match labels become
 * `k=v` requirements (checked in key order), expressions keep their operator. Does not
 * mutate `ls`. Throws LabelSelectorError: `"X" is not a valid label selector operator`, or
 * the requirement's field errors (`values: Invalid value: null: for 'in', 'notin' operators,
 * values set can't be empty`, `values set must be empty for exists and does not exist`, ...),
 * or `invalid label selector: ...` when decoded JSON has the wrong types (a kite guard; typed
 * upstream code cannot meet such input).
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return nothing();
  checkShape(ls);
  const matchLabels = ls.matchLabels ?? {};
  const expressions = ls.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels).sort(compareStrings);
  if (labelKeys.length + expressions.length === 0) return everything();
  const reqs: Requirement[] = [];
  for (const k of labelKeys) reqs.push(newRequirement(k, '=', [matchLabels[k]!]));
  for (const expr of expressions) {
    const op = Object.hasOwn(structuredOperators, expr.operator)
      ? structuredOperators[expr.operator]
      : undefined;
    if (op === undefined) {
      throw new LabelSelectorError(`${goQuote(expr.operator)} is not a valid label selector operator`);
    }
    // An absent or empty list is upstream's nil slice: it prints as `null` in messages.
    const values =
      expr.values === null || expr.values === undefined || expr.values.length === 0 ? null : expr.values;
    reqs.push(newRequirement(expr.key, op, values));
  }
  return selectorFromRequirements(reqs);
}

function isStringList(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

// Typed callers never fail this; it guards decoded JSON that skipped schema validation, so that
// such input gets a precise error instead of a crash deeper down.
function checkShape(ls: unknown): void {
  const bad = (what: string): never => {
    throw new LabelSelectorError(`invalid label selector: ${what}`);
  };
  if (typeof ls !== 'object' || ls === null || Array.isArray(ls)) bad('must be an object');
  const { matchLabels, matchExpressions } = ls as Record<string, unknown>;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (typeof matchLabels !== 'object' || Array.isArray(matchLabels)) bad('matchLabels must be an object');
    for (const [k, v] of Object.entries(matchLabels as object)) {
      if (typeof v !== 'string') bad(`matchLabels[${k}] must be a string`);
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) bad('matchExpressions must be a list');
    (matchExpressions as unknown[]).forEach((e, i) => {
      if (typeof e !== 'object' || e === null || Array.isArray(e))
        bad(`matchExpressions[${i}] must be an object`);
      const { key, operator, values } = e as Record<string, unknown>;
      if (typeof key !== 'string') bad(`matchExpressions[${i}].key must be a string`);
      if (typeof operator !== 'string') bad(`matchExpressions[${i}].operator must be a string`);
      if (values !== undefined && values !== null && !isStringList(values)) {
        bad(`matchExpressions[${i}].values must be a list of strings`);
      }
    });
  }
}

/**
 * Whether `labels` satisfy the structured selector (null matches nothing, {} everything).
 * Throws LabelSelectorError when the selector itself is invalid.
 */
export function matchLabelSelector(ls: LabelSelector | null | undefined, labels: Labels): boolean {
  return labelSelectorAsSelector(ls).matches(labels);
}

function requirementsToLabelSelector(reqs: readonly Requirement[]): LabelSelector {
  const out: { matchLabels: Record<string, string>; matchExpressions: LabelSelectorRequirement[] } = {
    matchLabels: {},
    matchExpressions: [],
  };
  for (const r of reqs) {
    switch (r.operator) {
      case '=':
      case '==':
        if (r.values.length !== 1)
          throw new LabelSelectorError('equals operator must have exactly one value');
        out.matchLabels[r.key] = r.values[0]!;
        continue;
      case 'gt':
      case 'lt':
        throw new LabelSelectorError(`"${r.operator}" isn't supported in label selectors`);
      case 'in':
      case 'notin':
      case 'exists':
      case '!':
        out.matchExpressions.push({
          key: r.key,
          operator: structuredNames[r.operator],
          values: [...new Set(r.values)].sort(compareStrings),
        });
        continue;
      case '!=':
        throw new LabelSelectorError(`"${r.operator}" is not a valid label selector operator`);
    }
  }
  return out;
}

/**
 * The structured form of a selector string, as upstream's ParseToLabelSelector: `=`/`==`
 * go to matchLabels (a later pair on the same key wins), set operators to matchExpressions
 * with sorted, de-duplicated values; both parts are always present. Throws LabelSelectorError:
 * `couldn't parse the selector string "s": <parse error>`, `"gt" isn't supported in label
 * selectors`, `"!=" is not a valid label selector operator`.
 */
export function parseToLabelSelector(selector: string): LabelSelector {
  let reqs: Requirement[];
  try {
    reqs = parseToRequirements(selector);
  } catch (e) {
    if (e instanceof LabelSelectorError) {
      throw new LabelSelectorError(
        `couldn't parse the selector string "${selector}": ${e.message}`,
        e.fieldErrors,
      );
    }
    throw e;
  }
  return requirementsToLabelSelector(reqs);
}

/**
 * The structured form of a Selector: nothing() gives null (which converts back to nothing),
 * any other selector its requirements as parseToLabelSelector lays them out. Throws
 * LabelSelectorError for requirements the structured form cannot hold (`gt`, `lt`, `!=`).
 */
export function selectorToLabelSelector(s: Selector): LabelSelector | null {
  if (matchesNothing(s)) return null;
  return requirementsToLabelSelector(s.requirements().requirements);
}

/**
 * The plain map form (upstream's LabelSelectorAsMap): match labels plus `In` expressions with
 * exactly one value. null/undefined give null. Throws LabelSelectorError for expressions a map
 * cannot express (`operator "NotIn" cannot be converted into the old label selector format`).
 */
export function labelSelectorAsMap(ls: LabelSelector | null | undefined): Record<string, string> | null {
  if (ls === null || ls === undefined) return null;
  const out: Record<string, string> = { ...(ls.matchLabels ?? {}) };
  for (const expr of ls.matchExpressions ?? []) {
    switch (expr.operator) {
      case 'In':
        if (expr.values?.length !== 1) {
          throw new LabelSelectorError(
            `operator ${goQuote(expr.operator)} without a single value cannot be converted into the old label selector format`,
          );
        }
        out[expr.key] = expr.values[0]!;
        break;
      case 'NotIn':
      case 'Exists':
      case 'DoesNotExist':
        throw new LabelSelectorError(
          `operator ${goQuote(expr.operator)} cannot be converted into the old label selector format`,
        );
      default:
        throw new LabelSelectorError(`${goQuote(expr.operator)} is not a valid selector operator`);
    }
  }
  return out;
}

/** A structured selector with exactly these match labels; null/undefined give null. Copies. */
export function setAsLabelSelector(set: Labels | null | undefined): LabelSelector | null {
  if (set === null || set === undefined) return null;
  return { matchLabels: { ...set } };
}

/** The selector's canonical text, `<none>` when empty, `<error>` when invalid (as kubectl prints). */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  let text: string;
  try {
    text = labelSelectorAsSelector(ls).toString();
  } catch (e) {
    if (e instanceof LabelSelectorError) return '<error>';
    throw e;
  }
  return text === '' ? '<none>' : text;
}
