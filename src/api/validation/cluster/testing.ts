import assert from 'node:assert/strict';
import { errorString, type FieldError } from '../../../apimachinery/field/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { isObj } from './shape.js';

/** One named table case: an object and the exact error strings expected (empty: valid). */
export interface Case {
  readonly name: string;
  readonly obj: JsonObject;
  readonly old?: JsonObject;
  readonly want: readonly string[];
}

/** Metadata for a test object; `namespace` set for namespaced kinds. */
export function meta(name: string, namespace?: string, extra: JsonObject = {}): JsonObject {
  return namespace === undefined ? { name, ...extra } : { name, namespace, ...extra };
}

/** The stored form of a test object: metadata with a resourceVersion, as an update sees it. */
export function stored(obj: JsonObject): JsonObject {
  const m = obj['metadata'];
  return { ...obj, metadata: { ...(isObj(m) ? m : {}), resourceVersion: '1' } };
}

/** The error strings of a validation result. */
export function strings(errs: readonly FieldError[]): string[] {
  return errs.map(errorString);
}

/**
 * Runs table cases against `validate` (or `validateUpdate` when a case has `old`), comparing the
 * exact error strings in order.
 */
export function runCases(
  kv: KindValidation,
  cases: readonly Case[],
  t: (name: string, fn: () => void) => unknown,
): void {
  for (const c of cases) {
    t(c.name, () => {
      const got = c.old === undefined ? kv.validate(c.obj) : kv.validateUpdate(stored(c.obj), stored(c.old));
      assert.deepEqual(strings(got), [...c.want]);
    });
  }
}
