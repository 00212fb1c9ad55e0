import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podGracePeriod, podQOSClass } from './pod-strategy.js';
import type { JsonObject } from './types.js';

const c = (requests?: JsonObject, limits?: JsonObject): JsonObject => ({
  name: 'c',
  image: 'i',
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
});

describe('podQOSClass', () => {
  const cases: Array<[name: string, spec: JsonObject, want: string]> = [
    ['no resources', { containers: [c()] }, 'BestEffort'],
    ['zero requests count as none', { containers: [c({ cpu: '0' })] }, 'BestEffort'],
    ['only storage resources', { containers: [c({ 'ephemeral-storage': '1Gi' })] }, 'BestEffort'],
    ['requests only', { containers: [c({ cpu: '100m' })] }, 'Burstable'],
    [
      'equal requests and limits',
      { containers: [c({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })] },
      'Guaranteed',
    ],
    [
      'equal in other spellings',
      { containers: [c({ cpu: '1000m', memory: '1024Mi' }, { cpu: '1', memory: '1Gi' })] },
      'Guaranteed',
    ],
    ['limits without memory', { containers: [c({ cpu: '1' }, { cpu: '1' })] }, 'Burstable'],
    [
      'requests below limits',
      { containers: [c({ cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })] },
      'Burstable',
    ],
    [
      'one best-effort container makes the pod burstable',
      { containers: [c({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }), c()] },
      'Burstable',
    ],
    [
      'init containers count',
      {
        initContainers: [c({ cpu: '1' })],
        containers: [c({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })],
      },
      'Burstable',
    ],
    [
      'pod-level resources decide when set',
      {
        resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
        containers: [c()],
      },
      'Guaranteed',
    ],
    ['unparsable quantities are ignored', { containers: [c({ cpu: 'lots' })] }, 'BestEffort'],
  ];
  for (const [name, spec, want] of cases) it(name, () => assert.equal(podQOSClass(spec), want));
});

describe('podGracePeriod', () => {
  const scheduled = (extra: JsonObject = {}): JsonObject => ({ spec: { nodeName: 'n', ...extra } });
  const cases: Array<[name: string, pod: JsonObject, requested: number | undefined, want: number]> = [
    ['spec default', scheduled({ terminationGracePeriodSeconds: 30 }), undefined, 30],
    ['request wins', scheduled({ terminationGracePeriodSeconds: 30 }), 5, 5],
    ['unscheduled pods go at once', { spec: { terminationGracePeriodSeconds: 30 } }, 10, 0],
    ['terminated pods go at once', { ...scheduled(), status: { phase: 'Succeeded' } }, 10, 0],
    ['negative becomes one second', scheduled(), -3, 1],
    ['no spec value and no request', scheduled(), undefined, 0],
  ];
  for (const [name, pod, requested, want] of cases)
    it(name, () => assert.equal(podGracePeriod(pod, requested), want));
});
