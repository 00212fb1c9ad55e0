import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerPort, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { newNodeInfo } from '../../framework/node-info.js';
import type { FilterPlugin, Handle, PreFilterPlugin } from '../../framework/types.js';
import { ERR_REASON, factory } from './index.js';

const plugin = factory(undefined, {} as Handle) as PreFilterPlugin & FilterPlugin;

/** Ports as "proto/ip/port" strings, upstream's test shorthand. */
function podWithPorts(...specs: string[]): Pod {
  const ports: ContainerPort[] = specs.map((s) => {
    const [protocol, hostIP, port] = s.split('/') as [string, string, string];
    return { containerPort: Number(port), hostPort: Number(port), hostIP, protocol };
  });
  return {
    metadata: { name: 'p', uid: String(Math.random()) },
    spec: { nodeName: 'n', containers: [{ name: 'c', ports }] },
  };
}

test('NodePorts filter (upstream table)', () => {
  const cases: { name: string; pod: Pod; existing: Pod[]; fits: boolean }[] = [
    { name: 'nothing running', pod: podWithPorts(), existing: [], fits: true },
    {
      name: 'other port',
      pod: podWithPorts('UDP/127.0.0.1/8080'),
      existing: [podWithPorts('UDP/127.0.0.1/9090')],
      fits: true,
    },
    {
      name: 'same udp port',
      pod: podWithPorts('UDP/127.0.0.1/8080'),
      existing: [podWithPorts('UDP/127.0.0.1/8080')],
      fits: false,
    },
    {
      name: 'same tcp port',
      pod: podWithPorts('TCP/127.0.0.1/8080'),
      existing: [podWithPorts('TCP/127.0.0.1/8080')],
      fits: false,
    },
    {
      name: 'different host ip',
      pod: podWithPorts('TCP/127.0.0.1/8080'),
      existing: [podWithPorts('TCP/127.0.0.2/8080')],
      fits: true,
    },
    {
      name: 'different protocol',
      pod: podWithPorts('UDP/127.0.0.1/8080'),
      existing: [podWithPorts('TCP/127.0.0.1/8080')],
      fits: true,
    },
    {
      name: 'second udp port conflict',
      pod: podWithPorts('UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'),
      existing: [podWithPorts('UDP/127.0.0.1/8080')],
      fits: false,
    },
    {
      name: 'first tcp port conflict',
      pod: podWithPorts('TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'),
      existing: [podWithPorts('TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081')],
      fits: false,
    },
    {
      name: 'first tcp port conflict due to 0.0.0.0 hostIP',
      pod: podWithPorts('TCP/0.0.0.0/8001'),
      existing: [podWithPorts('TCP/127.0.0.1/8001')],
      fits: false,
    },
    {
      name: 'TCP hostPort conflict due to 0.0.0.0 hostIP',
      pod: podWithPorts('TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'),
      existing: [podWithPorts('TCP/127.0.0.1/8001')],
      fits: false,
    },
    {
      name: 'second tcp port conflict to 0.0.0.0 hostIP',
      pod: podWithPorts('TCP/127.0.0.1/8001'),
      existing: [podWithPorts('TCP/0.0.0.0/8001')],
      fits: false,
    },
    {
      name: 'second different protocol',
      pod: podWithPorts('UDP/127.0.0.1/8001'),
      existing: [podWithPorts('TCP/0.0.0.0/8001')],
      fits: true,
    },
    {
      name: 'UDP hostPort conflict due to 0.0.0.0 hostIP',
      pod: podWithPorts('UDP/127.0.0.1/8001'),
      existing: [podWithPorts('TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001')],
      fits: false,
    },
  ];
  for (const c of cases) {
    const state = new CycleState();
    const pre = plugin.preFilter(state, c.pod, []);
    if (pre.status?.isSkip()) {
      assert.equal(c.fits, true, c.name);
      continue;
    }
    const s = plugin.filter(state, c.pod, newNodeInfo({ metadata: { name: 'n' } }, c.existing));
    if (c.fits) assert.equal(s, undefined, c.name);
    else {
      assert.equal(s?.code, 'Unschedulable', c.name);
      assert.deepEqual(s?.reasons, [ERR_REASON], c.name);
    }
  }
});

test('NodePorts prefilter skips pods without host ports', () => {
  const pre = plugin.preFilter(
    new CycleState(),
    { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } },
    [],
  );
  assert.equal(pre.status?.code, 'Skip');
});
