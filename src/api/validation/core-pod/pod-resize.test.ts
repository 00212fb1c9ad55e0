import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Any, container, edit, pod, strings } from './fixtures.test-util.js';
import { computePodQOS, validatePodResize } from './index.js';

function sized(cpu: string, memory: string): Any {
  return edit(pod(), (p: Any) => {
    p.spec.containers[0].resources = { limits: { cpu, memory }, requests: { cpu, memory } };
    p.spec.containers[0].resizePolicy = [
      { resourceName: 'cpu', restartPolicy: 'NotRequired' },
      { resourceName: 'memory', restartPolicy: 'NotRequired' },
    ];
    p.status = { qosClass: 'Guaranteed' };
  });
}

const cases: Array<{ name: string; old: () => Any; mutate: (p: Any) => void; want: string[] }> = [
  {
    name: 'cpu and memory raised',
    old: () => sized('1', '1Gi'),
    mutate: (p) => {
      p.spec.containers[0].resources = {
        limits: { cpu: '2', memory: '2Gi' },
        requests: { cpu: '2', memory: '2Gi' },
      };
    },
    want: [],
  },
  {
    name: 'memory limit lowered without restart',
    old: () => sized('1', '2Gi'),
    mutate: (p) => {
      p.spec.containers[0].resources = {
        limits: { cpu: '1', memory: '1Gi' },
        requests: { cpu: '1', memory: '1Gi' },
      };
    },
    want: [
      'spec.containers[0].resources.limits[memory]: Forbidden: memory limits cannot be decreased unless resizePolicy is RestartContainer',
    ],
  },
  {
    name: 'QoS class would change',
    old: () => sized('1', '1Gi'),
    mutate: (p) => {
      p.spec.containers[0].resources = {
        limits: { cpu: '2', memory: '1Gi' },
        requests: { cpu: '1', memory: '1Gi' },
      };
    },
    want: ['spec: Invalid value: "Guaranteed": Pod QOS Class may not change as a result of resizing'],
  },
  {
    name: 'requests removed',
    old: () => sized('1', '1Gi'),
    mutate: (p) => {
      p.spec.containers[0].resources = { limits: { cpu: '1', memory: '1Gi' } };
    },
    want: [
      'spec: Invalid value: "Guaranteed": Pod QOS Class may not change as a result of resizing',
      'spec.containers[0].resources.requests: Forbidden: resource requests cannot be removed',
    ],
  },
  {
    name: 'something other than resources changed',
    old: () => sized('1', '1Gi'),
    mutate: (p) => {
      p.spec.containers[0].image = 'other';
    },
    want: ['spec: Forbidden: only cpu and memory resources are mutable'],
  },
  {
    name: 'static pods',
    old: () =>
      edit(sized('1', '1Gi'), (p: Any) => {
        p.metadata.annotations = { 'kubernetes.io/config.mirror': 'x' };
        p.spec.nodeName = 'n';
      }),
    mutate: () => {},
    want: [': Forbidden: static pods cannot be resized'],
  },
];

for (const c of cases) {
  test(`pod resize: ${c.name}`, () => {
    const old = c.old();
    assert.deepEqual(strings(validatePodResize(edit(old, c.mutate), old)), c.want);
  });
}

test('QoS classes', () => {
  const spec = (resources: Any): Any => ({ containers: [{ ...container(), resources }] });
  assert.equal(computePodQOS(spec({})), 'BestEffort');
  assert.equal(computePodQOS(spec({ requests: { cpu: '1' } })), 'Burstable');
  assert.equal(
    computePodQOS(spec({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } })),
    'Guaranteed',
  );
  assert.equal(
    computePodQOS(spec({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } })),
    'Burstable',
  );
});
