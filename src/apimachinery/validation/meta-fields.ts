import { type FieldError, type FieldPath, invalid } from '../field/index.js';
import {
  deepEqual,
  formatRFC3339,
  type Instant,
  isZeroTime,
  MetaParseError,
  parseTime,
} from '../meta/index.js';
import { type Dict, readInt, readString } from './json-shape.js';

/** The message of every immutability error. */
export const FieldImmutableErrorMsg = 'field is immutable';
/** The message for negative values where upstream wants ≥ 0. */
export const IsNegativeErrorMsg = 'must be greater than or equal to 0';

/** `Invalid value: -1: must be greater than or equal to 0` for a negative number. Pure. */
export function validateNonnegativeField(value: number, fldPath: FieldPath): FieldError[] {
  return value < 0 ? [invalid(fldPath, value, IsNegativeErrorMsg)] : [];
}

/**
 * `Invalid value: <new>: field is immutable` unless the two values are equal as JSON (member
 * order ignored, undefined members equal missing ones). Pure.
 */
export function validateImmutableField(newVal: unknown, oldVal: unknown, fldPath: FieldPath): FieldError[] {
  return deepEqual(newVal, oldVal) ? [] : [invalid(fldPath, newVal, FieldImmutableErrorMsg)];
}

/** A timestamp member: unset (absent/null), a parsed instant, or text that does not parse. */
export type TimeField = { kind: 'unset' } | { kind: 'set'; at: Instant } | { kind: 'bad'; raw: unknown };

function readTime(v: unknown, fldPath: FieldPath, errs: FieldError[]): TimeField {
  try {
    const at = parseTime(v);
    return at === undefined ? { kind: 'unset' } : { kind: 'set', at };
  } catch (e) {
    if (!(e instanceof MetaParseError)) throw e;
    errs.push(invalid(fldPath, v, e.message));
    return { kind: 'bad', raw: v };
  }
}

/**
 * Whether two timestamps are the same instant. `pointer` distinguishes an explicit zero time from
 * an unset one (deletionTimestamp is a pointer upstream; creationTimestamp is not).
 */
export function sameTime(a: TimeField, b: TimeField, pointer: boolean): boolean {
  const norm = (t: TimeField): TimeField =>
    !pointer && t.kind === 'set' && isZeroTime(t.at) ? { kind: 'unset' } : t;
  const x = norm(a);
  const y = norm(b);
  if (x.kind === 'set' && y.kind === 'set') return x.at.seconds === y.at.seconds && x.at.nanos === y.at.nanos;
  if (x.kind === 'bad' && y.kind === 'bad') return deepEqual(x.raw, y.raw);
  return x.kind === 'unset' && y.kind === 'unset';
}

/** The value an error prints for a timestamp: metav1.Time's JSON (zero and unset print as null). */
export function timeValue(t: TimeField): unknown {
  if (t.kind === 'bad') return t.raw;
  if (t.kind === 'unset' || isZeroTime(t.at)) return null;
  return formatRFC3339(t.at);
}

/** The scalar members of ObjectMeta, read with type checks. */
export interface MetaScalars {
  readonly name: string;
  readonly generateName: string;
  readonly namespace: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly generation: number;
  readonly creationTimestamp: TimeField;
  readonly deletionTimestamp: TimeField;
  readonly deletionGracePeriodSeconds: number | undefined;
}

/**
 * Reads the scalar members of a decoded ObjectMeta, appending a type error for each member of the
 * wrong JSON type (it then reads as unset) and a parse error for each bad timestamp.
 */
export function readMetaScalars(meta: Dict, fldPath: FieldPath, errs: FieldError[]): MetaScalars {
  readString(meta['selfLink'], fldPath.child('selfLink'), errs);
  return {
    name: readString(meta['name'], fldPath.child('name'), errs),
    generateName: readString(meta['generateName'], fldPath.child('generateName'), errs),
    namespace: readString(meta['namespace'], fldPath.child('namespace'), errs),
    uid: readString(meta['uid'], fldPath.child('uid'), errs),
    resourceVersion: readString(meta['resourceVersion'], fldPath.child('resourceVersion'), errs),
    generation: readInt(meta['generation'], fldPath.child('generation'), errs) ?? 0,
    creationTimestamp: readTime(meta['creationTimestamp'], fldPath.child('creationTimestamp'), errs),
    deletionTimestamp: readTime(meta['deletionTimestamp'], fldPath.child('deletionTimestamp'), errs),
    deletionGracePeriodSeconds: readInt(
      meta['deletionGracePeriodSeconds'],
      fldPath.child('deletionGracePeriodSeconds'),
      errs,
    ),
  };
}
