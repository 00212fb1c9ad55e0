import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusOf } from '../registry/test-helpers.js';
import type { JsonObject } from '../registry/types.js';
import { applyPodDefaults, claimViolations, limitRanger, podViolations } from './limit-ranger.js';
import { attrs, mapLookup } from './test-env.js';

function limitRange(...limits: JsonObject[]): JsonObject {
  return { metadata: { name: 'lr' }, spec: { limits } };
}

function pod(...containers: JsonObject[]): JsonObject {
  return { metadata: { name: 'p' }, spec: { containers } };
}

const container = (name: string, requests?: JsonObject, limits?: JsonObject): JsonObject => ({
  name,
  image: 'x',
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
});

describe('LimitRanger defaults', () => {
  it('fills missing requests and limits and records them', () => {
    const lr = limitRange({
      type: 'Container',
      default: { cpu: '500m', memory: '256Mi' },
      defaultRequest: { cpu: '100m', memory: '128Mi' },
    });
    const p = pod(container('a'), container('b', { cpu: '200m' }, { cpu: '1' }));
    (p['spec'] as JsonObject)['initContainers'] = [container('i')];
    applyPodDefaults(lr, p);
    const [a, b] = (p['spec'] as JsonObject)['containers'] as JsonObject[];
    assert.deepEqual(a!['resources'], {
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '100m', memory: '128Mi' },
    });
    assert.deepEqual(b!['resources'], {
      requests: { cpu: '200m', memory: '128Mi' },
      limits: { cpu: '1', memory: '256Mi' },
    });
    assert.equal(
      ((p['metadata'] as JsonObject)['annotations'] as JsonObject)['kubernetes.io/limit-ranger'],
      'LimitRanger plugin set: cpu, memory request for container a; cpu, memory limit for container a; ' +
        'memory request for container b; memory limit for container b; ' +
        'cpu, memory request for init container i; cpu, memory limit for init container i',
    );
  });

  it('leaves a pod that has everything alone', () => {
    const lr = limitRange({ type: 'Container', default: { cpu: '1' } });
    const p = pod(container('a', undefined, { cpu: '2' }));
    applyPodDefaults(lr, p);
    assert.deepEqual(p, pod(container('a', undefined, { cpu: '2' })));
  });
});

describe('LimitRanger validation', () => {
  const cases: { name: string; lr: JsonObject; pod: JsonObject; want: string[] }[] = [
    {
      name: 'container min and max',
      lr: limitRange({ type: 'Container', min: { cpu: '100m' }, max: { cpu: '1', memory: '1Gi' } }),
      pod: pod(container('a', { cpu: '50m' }, { cpu: '2' })),
      want: [
        'minimum cpu usage per Container is 100m, but request is 50m',
        'maximum cpu usage per Container is 1, but limit is 2',
        'maximum memory usage per Container is 1Gi.  No limit is specified',
      ],
    },
    {
      name: 'no request for a minimum',
      lr: limitRange({ type: 'Container', min: { memory: '1Mi' } }),
      pod: pod(container('a')),
      want: ['minimum memory usage per Container is 1Mi.  No request is specified'],
    },
    {
      name: 'limit to request ratio',
      lr: limitRange({ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }),
      pod: pod(container('a', { cpu: '100m' }, { cpu: '300m' }), container('b', {}, { cpu: '1' })),
      want: [
        'cpu max limit to request ratio per Container is 2, but provided ratio is 3.000000',
        'cpu max limit to request ratio per Container is 2, but no request is specified or request is 0',
      ],
    },
    {
      name: 'pod totals',
      lr: limitRange({ type: 'Pod', max: { memory: '1Gi' } }),
      pod: pod(
        container('a', { memory: '600Mi' }, { memory: '600Mi' }),
        container('b', { memory: '600Mi' }, { memory: '600Mi' }),
      ),
      want: ['maximum memory usage per Pod is 1Gi, but limit is 1200Mi'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(podViolations(c.lr, c.pod), c.want);
    });
  }

  it('counts sidecars and init containers as upstream does', () => {
    const lr = limitRange({ type: 'Pod', max: { cpu: '1' } });
    const p = pod(container('a', { cpu: '500m' }, { cpu: '500m' }));
    (p['spec'] as JsonObject)['initContainers'] = [
      { ...container('side', { cpu: '300m' }, { cpu: '300m' }), restartPolicy: 'Always' },
      container('init', { cpu: '900m' }, { cpu: '900m' }),
    ];
    // Sidecar + app = 800m; init step = 900m + 300m sidecar = 1200m.
    assert.deepEqual(podViolations(lr, p), ['maximum cpu usage per Pod is 1, but limit is 1200m']);
  });

  it('lets pod-level resources replace the cpu and memory totals, without overhead', () => {
    const lr = limitRange({ type: 'Pod', max: { cpu: '1', memory: '1Gi' } });
    const p = pod(container('a', { cpu: '2', memory: '2Gi' }, { cpu: '2', memory: '2Gi' }));
    const spec = p['spec'] as JsonObject;
    spec['resources'] = { limits: { cpu: '500m' }, requests: { cpu: '500m' } };
    spec['overhead'] = { memory: '1Mi' };
    assert.deepEqual(podViolations(lr, p), ['maximum memory usage per Pod is 1Gi, but limit is 2Gi']);
  });

  it('checks claims against PersistentVolumeClaim items', () => {
    const lr = limitRange({
      type: 'PersistentVolumeClaim',
      min: { storage: '1Gi' },
      max: { storage: '10Gi' },
    });
    const pvc = (storage: string) => ({
      metadata: { name: 'c' },
      spec: { resources: { requests: { storage } } },
    });
    assert.deepEqual(claimViolations(lr, pvc('5Gi')), []);
    assert.deepEqual(claimViolations(lr, pvc('20Gi')), [
      'maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi',
    ]);
    assert.deepEqual(claimViolations(lr, pvc('500Mi')), [
      'minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    ]);
  });

  it('answers 403 with the aggregated message', async () => {
    const lookup = mapLookup({
      'limitranges/default/lr': limitRange({ type: 'Container', max: { cpu: '1' }, default: { cpu: '2' } }),
    });
    const plugin = limitRanger(lookup);
    const a = attrs(['', 'v1', 'pods'], 'CREATE', { object: pod(container('a'), container('b')) });
    await plugin.admit!(a);
    const e = await statusOf(plugin.validate!(a));
    assert.equal(e.code, 403);
    assert.equal(
      e.status.message,
      'pods "p" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
    const two = attrs(['', 'v1', 'pods'], 'CREATE', {
      object: pod(container('a', {}, { cpu: '2' }), container('b', {}, { cpu: '3' })),
    });
    const e2 = await statusOf(plugin.validate!(two));
    assert.equal(
      e2.status.message,
      'pods "p" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, maximum cpu usage per Container is 1, but limit is 3]',
    );
    // Pod updates are not checked (containers cannot change), resizes are.
    const big = pod(container('a', {}, { cpu: '2' }));
    await plugin.validate!(attrs(['', 'v1', 'pods'], 'UPDATE', { name: 'p', object: big }));
    const resize = await statusOf(
      plugin.validate!(
        attrs(['', 'v1', 'pods'], 'UPDATE', { name: 'p', object: big, subresource: 'resize' }),
      ),
    );
    assert.equal(
      resize.status.message,
      'pods "p" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
  });
});
