import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { errorString, type FieldError, path } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';
import { container, pod, podSpec } from './fixtures.test-util.js';
import {
  corePodValidations,
  validateLabelSelector,
  validatePodBinding,
  validatePodEphemeralContainersUpdate,
  validatePodResize,
  validatePodSpec,
  validatePodTemplateSpec,
} from './index.js';

// Random JSON must never crash a validator: every outcome is a list of well-formed field errors.

function checkErrors(errs: readonly FieldError[]): void {
  assert.ok(Array.isArray(errs));
  for (const e of errs) {
    assert.equal(typeof e.field, 'string');
    assert.equal(typeof e.detail, 'string');
    assert.equal(typeof errorString(e), 'string');
  }
}

const json = fc.jsonValue({ maxDepth: 4 });

const specKeys = Object.keys({
  ...podSpec(),
  volumes: 0,
  initContainers: 0,
  ephemeralContainers: 0,
  affinity: 0,
  tolerations: 0,
  topologySpreadConstraints: 0,
  dnsConfig: 0,
  os: 0,
  overhead: 0,
  resources: 0,
  resourceClaims: 0,
  hostAliases: 0,
  hostNetwork: 0,
  hostUsers: 0,
  schedulingGates: 0,
  readinessGates: 0,
});
const containerKeys = Object.keys({
  ...container(),
  ports: 0,
  env: 0,
  envFrom: 0,
  volumeMounts: 0,
  volumeDevices: 0,
  livenessProbe: 0,
  readinessProbe: 0,
  startupProbe: 0,
  lifecycle: 0,
  securityContext: 0,
  resizePolicy: 0,
  restartPolicy: 0,
});

// A valid pod with a few members (of the spec and of its container) replaced by random JSON,
// which reaches far deeper than fully random objects do.
const mutatedPod = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...specKeys), json, { maxKeys: 3 }),
    fc.dictionary(fc.constantFrom(...containerKeys), json, { maxKeys: 3 }),
  )
  .map(([specPatch, ctrPatch]) => {
    const p = pod() as JsonObject & { spec: JsonObject };
    const ctr = { ...container(), ...ctrPatch };
    p.spec = { ...p.spec, ...specPatch, containers: [ctr] };
    return p;
  });

test('every validator survives random JSON', () => {
  fc.assert(
    fc.property(json, json, (a, b) => {
      const obj = { metadata: a, spec: b, template: b, status: a } as JsonObject;
      const old = { metadata: b, spec: a, status: b } as JsonObject;
      for (const kind of Object.values(corePodValidations)) {
        checkErrors(kind.validate(obj));
        checkErrors(kind.validateUpdate(obj, old));
        if (kind.validateStatusUpdate !== undefined) checkErrors(kind.validateStatusUpdate(obj, old));
        if (kind.warnings !== undefined) assert.ok(Array.isArray(kind.warnings(obj, old)));
      }
      checkErrors(validatePodSpec(a, b, path('spec')));
      checkErrors(validatePodTemplateSpec(a, path('template')));
      checkErrors(validateLabelSelector(a, path('selector')));
      checkErrors(validatePodEphemeralContainersUpdate(obj, old));
      checkErrors(validatePodResize(obj, old));
      checkErrors(validatePodBinding(obj));
    }),
    { seed: 1729, numRuns: 2000 },
  );
});

test('pod validators survive random members in an otherwise valid pod', () => {
  fc.assert(
    fc.property(mutatedPod, mutatedPod, (p, old) => {
      const podKind = corePodValidations['v1/Pod']!;
      checkErrors(podKind.validate(p));
      checkErrors(podKind.validateUpdate(p, old));
      checkErrors(podKind.validateStatusUpdate!(p, old));
      checkErrors(validatePodEphemeralContainersUpdate(p, old));
      checkErrors(validatePodResize(p, old));
      assert.ok(Array.isArray(podKind.warnings!(p, old)));
    }),
    { seed: 31337, numRuns: 2000 },
  );
});
