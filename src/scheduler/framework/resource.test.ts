import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { nonZeroRequests, podRequests } from './resource.js';

const MI = 1024 * 1024;

function c(name: string, req?: Record<string, string>, sidecar = false): Container {
  return {
    name,
    ...(req ? { resources: { requests: req } } : {}),
    ...(sidecar ? { restartPolicy: 'Always' } : {}),
  };
}

function pod(containers: Container[], init: Container[] = [], extra: Record<string, unknown> = {}): Pod {
  return { metadata: { name: 'p', namespace: 'ns' }, spec: { containers, initContainers: init, ...extra } };
}

describe('podRequests', () => {
  const cases: { name: string; pod: Pod; cpu: number; mem: number; nzCpu?: number; nzMem?: number }[] = [
    { name: 'no requests', pod: pod([c('a')]), cpu: 0, mem: 0, nzCpu: 100, nzMem: 200 * MI },
    {
      name: 'sum of containers',
      pod: pod([c('a', { cpu: '100m', memory: '1Gi' }), c('b', { cpu: '1', memory: '1Mi' })]),
      cpu: 1100,
      mem: 1024 * MI + MI,
    },
    {
      name: 'init container larger than the sum wins',
      pod: pod(
        [c('a', { cpu: '100m' }), c('b', { cpu: '200m' })],
        [c('i', { cpu: '2' }), c('j', { cpu: '1' })],
      ),
      cpu: 2000,
      mem: 0,
    },
    {
      name: 'sum larger than each init container',
      pod: pod([c('a', { cpu: '1' }), c('b', { cpu: '2' })], [c('i', { cpu: '2' })]),
      cpu: 3000,
      mem: 0,
    },
    {
      name: 'sidecar adds to the sum and to later init containers',
      // sidecar 1 + regular 1 = 2; init after sidecar: 2.5 + 1 = 3.5
      pod: pod([c('a', { cpu: '1' })], [c('s', { cpu: '1' }, true), c('i', { cpu: '2500m' })]),
      cpu: 3500,
      mem: 0,
    },
    {
      name: 'init container before the sidecar does not include it',
      pod: pod([c('a', { cpu: '1' })], [c('i', { cpu: '2500m' }), c('s', { cpu: '1' }, true)]),
      cpu: 2500,
      mem: 0,
    },
    {
      name: 'several sidecars accumulate',
      pod: pod([c('a', { cpu: '100m' })], [c('s1', { cpu: '1' }, true), c('s2', { cpu: '1' }, true)]),
      cpu: 2100,
      mem: 0,
    },
    {
      name: 'overhead is added',
      pod: pod([c('a', { cpu: '1', memory: '1Mi' })], [], { overhead: { cpu: '250m', memory: '1Mi' } }),
      cpu: 1250,
      mem: 2 * MI,
    },
    {
      name: 'pod-level requests replace the aggregate',
      pod: pod([c('a', { cpu: '1', memory: '1Mi' })], [], { resources: { requests: { cpu: '3' } } }),
      cpu: 3000,
      mem: MI,
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const r = podRequests(tc.pod);
      assert.equal(r.milliCPU, tc.cpu);
      assert.equal(r.memory, tc.mem);
      if (tc.nzCpu !== undefined) {
        const nz = nonZeroRequests(tc.pod);
        assert.equal(nz.milliCPU, tc.nzCpu);
        assert.equal(nz.memory, tc.nzMem);
      }
    });
  }

  it('non-zero defaults only apply to missing requests, not explicit zeros', () => {
    const nz = nonZeroRequests(pod([c('a', { cpu: '0' }), c('b', { memory: '1Mi' })]));
    assert.equal(nz.milliCPU, 0 + 100);
    assert.equal(nz.memory, 200 * MI + MI);
  });

  it('counts extended resources and hugepages as scalars', () => {
    const r = podRequests(pod([c('a', { 'example.com/gpu': '2', 'hugepages-2Mi': '4Mi' })]));
    assert.equal(r.scalar.get('example.com/gpu'), 2);
    assert.equal(r.scalar.get('hugepages-2Mi'), 4 * MI);
  });
});
