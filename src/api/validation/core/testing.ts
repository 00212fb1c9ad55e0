import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorString, type FieldError } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';

/** The errors as upstream's `Error()` strings, sorted (upstream's map iteration makes order vary). */
export function strs(errs: readonly FieldError[]): string[] {
  return errs.map(errorString).sort();
}

/** One named table case: a tweak applied to a fresh valid object and the exact errors expected. */
export interface Case {
  readonly name: string;
  readonly tweak: (o: JsonObject) => void;
  readonly want: readonly string[];
}

/** Runs table cases: each case tweaks `make()` and checks `check(obj)` gives exactly `want`. */
export function runCases(
  make: () => JsonObject,
  check: (o: JsonObject) => FieldError[],
  cases: readonly Case[],
): void {
  for (const c of cases) {
    test(c.name, () => {
      const o = make();
      c.tweak(o);
      assert.deepEqual(strs(check(o)), [...c.want].sort());
    });
  }
}

/** A JSON object member, created when missing (test helper for tweaks). */
export function at(o: JsonObject, ...keys: string[]): JsonObject {
  let cur: JsonObject = o;
  for (const k of keys) {
    const next = cur[k];
    if (next === undefined || next === null || typeof next !== 'object' || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as JsonObject;
  }
  return cur;
}

/** The subdomain rule's message, as the name validators print it. */
export const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** The DNS-1123 label rule's message. */
export const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
