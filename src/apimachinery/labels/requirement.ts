import {
  aggregateMessage,
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  path,
  goJSON,
} from '../field/index.js';
import { isLabelKey, isValidLabelValue } from '../validation/index.js';
import { LabelSelectorError } from './errors.js';
import { GoJson, parseInt64 } from './go-values.js';

/** The relations a requirement can state between a label and its values (upstream's spelling). */
export const Operator = {
  DoesNotExist: '!',
  Equals: '=',
  DoubleEquals: '==',
  In: 'in',
  NotEquals: '!=',
  NotIn: 'notin',
  Exists: 'exists',
  GreaterThan: 'gt',
  LessThan: 'lt',
} as const;
export type Operator = (typeof Operator)[keyof typeof Operator];

/** Operators that take values, in the order upstream lists them in messages. */
export const binaryOperators: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const unaryOperators: readonly Operator[] = ['exists', '!'];
const validOperators: readonly Operator[] = [...binaryOperators, ...unaryOperators];

/** A label set to match against: label key → value. Only own properties count as labels. */
export type Labels = Readonly<Record<string, string>>;

function lookup(labels: Labels, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

function isOperator(op: string): op is Operator {
  return (validOperators as readonly string[]).includes(op);
}

/**
 * One condition of a label selector: a key, an operator and (for binary operators) values.
 * Immutable. Build validated ones with newRequirement; the constructor trusts its input.
 */
export class Requirement {
  /** Trusted construction: no validation (as upstream's struct literal). Copies `values`. */
  constructor(
    readonly key: string,
    readonly operator: Operator,
    values: readonly string[],
  ) {
    this.values = [...values];
  }

  /** The values in the order given (parsing yields them sorted and without repeats). */
  readonly values: readonly string[];

  private hasValue(v: string): boolean {
    return this.values.includes(v);
  }

  /**
   * Whether `labels` satisfy this requirement, as upstream decides it: `in`/`=`/`==` need the
   * key with one of the values; `notin`/`!=` also match when the key is absent; `gt`/`lt`
   * need the key with an integer value compared against the single integer value.
   */
  matches(labels: Labels): boolean {
    const actual = lookup(labels, this.key);
    switch (this.operator) {
      case 'in':
      case '=':
      case '==':
        return actual !== undefined && this.hasValue(actual);
      case 'notin':
      case '!=':
        return actual === undefined || !this.hasValue(actual);
      case 'exists':
        return actual !== undefined;
      case '!':
        return actual === undefined;
      case 'gt':
      case 'lt': {
        if (actual === undefined || this.values.length !== 1) return false;
        const have = parseInt64(actual);
        const want = parseInt64(this.values[0]!);
        if (have === undefined || want === undefined) return false;
        return this.operator === 'gt' ? have > want : have < want;
      }
    }
  }

  /** Upstream's canonical text: `k=v`, `k in (a,b)`, `!k`, `k>1`; values sorted, input untouched. */
  toString(): string {
    const prefix = this.operator === '!' ? '!' : '';
    let op: string;
    switch (this.operator) {
      case 'exists':
      case '!':
        return prefix + this.key;
      case 'in':
        op = ' in ';
        break;
      case 'notin':
        op = ' notin ';
        break;
      case 'gt':
        op = '>';
        break;
      case 'lt':
        op = '<';
        break;
      default:
        op = this.operator;
    }
    const vals = this.values.length === 1 ? this.values[0]! : [...this.values].sort(compareStrings).join(',');
    const set = this.operator === 'in' || this.operator === 'notin';
    return set ? `${this.key}${op}(${vals})` : `${this.key}${op}${vals}`;
  }

  /** Same key, operator and values in the same order. */
  equals(other: Requirement): boolean {
    return (
      this.key === other.key &&
      this.operator === other.operator &&
      this.values.length === other.values.length &&
      this.values.every((v, i) => v === other.values[i])
    );
  }
}

/** Byte-order comparison of strings (Go's `<` on UTF-8 strings), for deterministic sorting. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      // Code point order is UTF-8 byte order; UTF-16 unit order differs for surrogates.
      return a.codePointAt(i)! < b.codePointAt(i)! ? -1 : 1;
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Options for where validation errors point. Without a path, upstream's `<nil>` root is used. */
export interface PathOptions {
  readonly path?: FieldPath;
}

function child(p: FieldPath | undefined, name: string): FieldPath {
  return p === undefined ? path(name) : p.child(name);
}

/** The field error for an invalid label key at `where` (printed `<nil>` when absent), if any. */
export function validateLabelKey(key: string, where: FieldPath | undefined): FieldError | undefined {
  const errs = isLabelKey(key);
  if (errs.length === 0) return undefined;
  return invalid(where ?? '<nil>', key, errs.join('; '));
}

function validateLabelValue(key: string, value: string, where: FieldPath): FieldError | undefined {
  const errs = isValidLabelValue(value);
  if (errs.length === 0) return undefined;
  return invalid(where.key(key), value, errs.join('; '));
}

/**
 * A validated requirement, or a LabelSelectorError carrying every field error (message as
 * upstream's aggregate: one error alone, several as `[a, b]`). Rules: the key is a qualified
 * name; `in`/`notin` need values; `=`/`==`/`!=` exactly one; `exists`/`!` none; `gt`/`lt`
 * exactly one integer; every value a valid label value. `values === null` stands for an
 * absent list (printed `null` in messages). Pure; throws only LabelSelectorError.
 */
export function newRequirement(
  key: string,
  op: string,
  values: readonly string[] | null,
  opts: PathOptions = {},
): Requirement {
  const errs: FieldError[] = [];
  const keyErr = validateLabelKey(key, child(opts.path, 'key'));
  if (keyErr !== undefined) errs.push(keyErr);
  const vals = values ?? [];
  const valuePath = child(opts.path, 'values');
  switch (op) {
    case 'in':
    case 'notin':
      if (vals.length === 0) {
        errs.push(
          invalid(
            valuePath,
            values === null ? null : [...values],
            "for 'in', 'notin' operators, values set can't be empty",
          ),
        );
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) {
        errs.push(
          invalid(
            valuePath,
            values === null ? null : [...values],
            'exact-match compatibility requires one single value',
          ),
        );
      }
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) {
        errs.push(
          invalid(
            valuePath,
            values === null ? null : [...values],
            'values set must be empty for exists and does not exist',
          ),
        );
      }
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) {
        errs.push(
          invalid(
            valuePath,
            values === null ? null : [...values],
            "for 'Gt', 'Lt' operators, exactly one value is required",
          ),
        );
      }
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(invalid(valuePath.index(i), v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
    default:
      errs.push(notSupported(child(opts.path, 'operator'), new GoJson(goJSON(op)), validOperators));
  }
  vals.forEach((v, i) => {
    const e = validateLabelValue(key, v, valuePath.index(i));
    if (e !== undefined) errs.push(e);
  });
  if (errs.length > 0 || !isOperator(op)) throw new LabelSelectorError(aggregateMessage(errs), errs);
  return new Requirement(key, op, vals);
}
