import type { FieldPath } from './path.js';
import { goJSON } from './go-json.js';
import { goQuote } from './quote.js';

/**
 * The kinds of field error upstream knows. The value is what appears as `details.causes[].reason`
 * in an Invalid Status; `label` is the phrase that starts the message.
 */
export const FieldErrorType = {
  NotFound: 'FieldValueNotFound',
  Required: 'FieldValueRequired',
  Duplicate: 'FieldValueDuplicate',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  Internal: 'InternalError',
  TypeInvalid: 'FieldValueTypeInvalid',
  TooShort: 'FieldValueTooShort',
  TooFew: 'FieldValueTooFew',
} as const;
export type FieldErrorType = (typeof FieldErrorType)[keyof typeof FieldErrorType];

const labels: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueTooShort: 'Too short',
  FieldValueTooFew: 'Too few',
};

/** Marks a bad value that must not be printed (secrets, huge strings). */
export const omitValue: unique symbol = Symbol('omitValue');

/** One validation failure at a field path. Plain data: build with the factories below. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** The field path as a string, e.g. `spec.containers[0].image`. */
  readonly field: string;
  readonly badValue: unknown;
  readonly detail: string;
}

/** A list of field errors; empty means valid. */
export type FieldErrorList = FieldError[];

function make(
  type: FieldErrorType,
  field: FieldPath | string,
  badValue: unknown,
  detail: string,
): FieldError {
  return { type, field: String(field), badValue, detail };
}

/** `spec.x: Required value[: detail]`. */
export function required(field: FieldPath | string, detail = ''): FieldError {
  return make(FieldErrorType.Required, field, '', detail);
}

/** `spec.x: Invalid value: "v"[: detail]`. */
export function invalid(field: FieldPath | string, value: unknown, detail = ''): FieldError {
  return make(FieldErrorType.Invalid, field, value, detail);
}

/** `spec.x: Not found: "v"`. */
export function notFound(field: FieldPath | string, value: unknown): FieldError {
  return make(FieldErrorType.NotFound, field, value, '');
}

/** `spec.x: Duplicate value: "v"`. */
export function duplicate(field: FieldPath | string, value: unknown): FieldError {
  return make(FieldErrorType.Duplicate, field, value, '');
}

/** `spec.x: Forbidden[: detail]`. */
export function forbidden(field: FieldPath | string, detail = ''): FieldError {
  return make(FieldErrorType.Forbidden, field, '', detail);
}

/** `spec.x: Unsupported value: "v": supported values: "a", "b"` (no detail when the list is empty). */
export function notSupported(
  field: FieldPath | string,
  value: unknown,
  validValues: readonly string[],
): FieldError {
  const detail =
    validValues.length > 0 ? `supported values: ${validValues.map((v) => goQuote(v)).join(', ')}` : '';
  return make(FieldErrorType.NotSupported, field, value, detail);
}

/** `spec.x: Too long: may not be more than N bytes` (the value itself is never printed). */
export function tooLong(field: FieldPath | string, _value: unknown, maxLength: number): FieldError {
  const detail =
    maxLength >= 0
      ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}`
      : 'value is too long';
  return make(FieldErrorType.TooLong, field, omitValue, detail);
}

/** `spec.x: Too long: may not be more than N characters`, for limits counted in characters. */
export function tooLongCharacters(field: FieldPath | string, _value: unknown, maxLength: number): FieldError {
  const detail =
    maxLength >= 0
      ? `may not be more than ${maxLength} ${maxLength === 1 ? 'character' : 'characters'}`
      : 'value is too long';
  return make(FieldErrorType.TooLong, field, omitValue, detail);
}

/** `spec.x: Too short: must be at least N characters`. */
export function tooShort(field: FieldPath | string, value: string, minLength: number): FieldError {
  const detail =
    minLength >= 0
      ? `must be at least ${minLength} ${minLength === 1 ? 'character' : 'characters'}`
      : 'value is too short';
  return make(FieldErrorType.TooShort, field, value, detail);
}

/** `spec.x: Too many: 5: must have at most 3 items` (the count is omitted when negative). */
export function tooMany(field: FieldPath | string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items';
  return make(FieldErrorType.TooMany, field, actual >= 0 ? actual : omitValue, detail);
}

/** `spec.x: Too few: 1: must have at least 2 items` (the count is omitted when negative). */
export function tooFew(field: FieldPath | string, actual: number, min: number): FieldError {
  const detail = min >= 0 ? `must have at least ${min} ${min === 1 ? 'item' : 'items'}` : 'has too few items';
  return make(FieldErrorType.TooFew, field, actual >= 0 ? actual : omitValue, detail);
}

/** `spec.x: Invalid value: "v": detail`, for values of the wrong JSON type. */
export function typeInvalid(field: FieldPath | string, value: unknown, detail: string): FieldError {
  return make(FieldErrorType.TypeInvalid, field, value, detail);
}

/** `spec.x: Internal error: message`. */
export function internalError(field: FieldPath | string, err: Error | string): FieldError {
  return make(FieldErrorType.Internal, field, undefined, typeof err === 'string' ? err : err.message);
}

/**
 * The message without the field path, as upstream's `ErrorBody()`: this is what goes into
 * `details.causes[].message`. Strings print Go-quoted, numbers and booleans plain, anything
 * else (null included) as Go's JSON encoder prints it.
 */
export function errorBody(e: FieldError): string {
  let s = labels[e.type];
  const valueless =
    e.type === FieldErrorType.Required ||
    e.type === FieldErrorType.Forbidden ||
    e.type === FieldErrorType.TooLong ||
    e.type === FieldErrorType.Internal ||
    e.badValue === omitValue;
  if (!valueless) s += `: ${formatValue(e.badValue)}`;
  if (e.detail !== '') s += `: ${e.detail}`;
  return s;
}

/** `field: body`, as upstream's `Error()`. */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return goJSON(v ?? null);
  } catch {
    return String(v);
  }
}

/**
 * The errors as one message, as upstream's aggregate: a single message alone, several as
 * `[a, b]`, repeats dropped (first occurrence kept). Empty list → empty string.
 */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const seen: string[] = [];
  for (const e of errs) {
    const m = errorString(e);
    if (!seen.includes(m)) seen.push(m);
  }
  if (seen.length === 0) return '';
  if (seen.length === 1) return seen[0]!;
  return `[${seen.join(', ')}]`;
}

/** Keeps the errors whose type is not in `types` (upstream's ErrorList.Filter by type). */
export function filterOutTypes(errs: readonly FieldError[], ...types: FieldErrorType[]): FieldErrorList {
  return errs.filter((e) => !types.includes(e.type));
}
