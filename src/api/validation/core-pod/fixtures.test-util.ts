import { errorString, type FieldError } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';

// Test fixtures: objects shaped as they arrive after defaulting.

/** A defaulted container named `name`. */
export function container(name = 'ctr'): JsonObject {
  return {
    name,
    image: 'image',
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePolicy: 'File',
    terminationMessagePath: '/dev/termination-log',
    resources: {},
  };
}

/** A defaulted, valid pod spec with one container. */
export function podSpec(): JsonObject {
  return {
    containers: [container()],
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler',
    securityContext: {},
    enableServiceLinks: true,
  };
}

/** A defaulted, valid pod named `name` in `default`. */
export function pod(name = 'pod'): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', resourceVersion: '1' },
    spec: podSpec(),
  };
}

/** A deep copy with `mutate` applied to it. */
export function edit<T>(v: T, mutate: (copy: T) => void): T {
  const copy = structuredClone(v);
  mutate(copy);
  return copy;
}

/** The errors as upstream prints them. */
export function strings(errs: readonly FieldError[]): string[] {
  return errs.map(errorString);
}

/** Member access for fixtures whose shape the test knows. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are edited freely in table cases.
export type Any = any;
