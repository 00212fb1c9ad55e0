import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorString, type FieldError } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';

/** A table case: a name, a change to a copy of the base object, and the errors expected. */
export type Case = readonly [name: string, change: (o: JsonObject) => void, want: readonly string[]];

/** A fresh deep copy of `base` with `change` applied. Does not mutate `base`. */
export function variant(base: JsonObject, change: (o: JsonObject) => void): JsonObject {
  const o = structuredClone(base);
  change(o);
  return o;
}

/** Runs each case as a test: `run` on the changed copy must give exactly `want`, in order. */
export function table(run: (o: JsonObject) => FieldError[], base: JsonObject, cases: readonly Case[]): void {
  for (const [name, change, want] of cases) {
    test(name, () => assert.deepEqual(run(variant(base, change)).map(errorString), want));
  }
}

/** Walks to a nested object, creating none: throws if a step is missing (test bugs show up early). */
export function at(o: JsonObject, ...keys: string[]): JsonObject {
  let cur: unknown = o;
  for (const k of keys) {
    cur = (cur as JsonObject)[k];
    if (cur === null || typeof cur !== 'object') throw new Error(`no object at ${keys.join('.')}`);
  }
  return cur as JsonObject;
}

/** The metadata an update carries: the stored object's plus a resourceVersion. */
export function stored(o: JsonObject): JsonObject {
  const c = structuredClone(o);
  at(c, 'metadata')['resourceVersion'] = '1';
  return c;
}

/** A defaulted pod template with the given labels and restart policy. */
export function podTemplate(labels: Record<string, string>, restartPolicy = 'Always'): JsonObject {
  return {
    metadata: { labels },
    spec: {
      restartPolicy,
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      containers: [
        {
          name: 'abc',
          image: 'image',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
    },
  };
}
