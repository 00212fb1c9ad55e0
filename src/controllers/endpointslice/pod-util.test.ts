import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { SERVICES } from '../../client/resources.js';
import { fnv128aHex, renderSlicePort } from './go-hash.js';
import { portMapKey } from './endpoint-set.js';
import { findPort, servicesToUpdateOnPodChange, shouldPodBeInEndpoints } from './pod-util.js';
import { newTestEnv, testPod, testService } from './testing.js';
import { formatRFC3339Nano, TriggerTimeTracker } from './trigger-time-tracker.js';

const withLabels = (p: Pod, labels: Record<string, string>, rv: string): Pod => ({
  ...p,
  metadata: { ...p.metadata, labels, resourceVersion: rv },
});

describe('pod helpers', () => {
  it('finds named ports in containers and restartable init containers only', () => {
    const p = testPod('a', '10.0.0.1');
    p.spec!.initContainers = [
      { name: 'side', image: 'i', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001 }] },
      { name: 'init', image: 'i', ports: [{ name: 'setup', containerPort: 9 }] },
    ];
    assert.equal(findPort(p, { port: 80, targetPort: 'http', protocol: 'TCP' }), 8080);
    assert.equal(findPort(p, { port: 80, targetPort: 'http', protocol: 'UDP' }), undefined);
    assert.equal(findPort(p, { port: 80, targetPort: 'proxy' }), 15001);
    assert.equal(findPort(p, { port: 80, targetPort: 'setup' }), undefined);
    assert.equal(findPort(p, { port: 80, targetPort: 9000 }), 9000);
  });

  it('keeps terminal and IP-less pods out, terminating ones only on request', () => {
    const p = testPod('a', '10.0.0.1');
    assert.equal(shouldPodBeInEndpoints(p, false), true);
    assert.equal(shouldPodBeInEndpoints({ ...p, status: { ...p.status, phase: 'Failed' } }, true), false);
    assert.equal(shouldPodBeInEndpoints({ ...p, status: { phase: 'Pending' } }, true), false);
    const t: Pod = { ...p, metadata: { ...p.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    assert.equal(shouldPodBeInEndpoints(t, false), false);
    assert.equal(shouldPodBeInEndpoints(t, true), true);
  });

  it('resyncs only the services a pod joined or left when just its labels change', () => {
    const env = newTestEnv();
    env.cache(SERVICES, testService('web'), testService('db', { selector: { app: 'db' } }));
    env.cache(SERVICES, testService('all', { selector: { tier: 'x' } }));
    const lister = env.informers.informerFor(SERVICES).lister;
    const old = withLabels(testPod('a', '10.0.0.1'), { app: 'web', tier: 'x' }, '1');
    const moved = withLabels(old, { app: 'db', tier: 'x' }, '2');
    assert.deepEqual([...servicesToUpdateOnPodChange(lister, old, moved)].sort(), ['ns/db', 'ns/web']);
    assert.deepEqual([...servicesToUpdateOnPodChange(lister, old, { ...old })], []);
    const notReady: Pod = {
      ...old,
      metadata: { ...old.metadata, resourceVersion: '3' },
      status: { ...old.status, conditions: [] },
    };
    assert.deepEqual([...servicesToUpdateOnPodChange(lister, old, notReady)].sort(), ['ns/all', 'ns/web']);
  });
});

describe('hashing', () => {
  it('computes FNV-1a 128', () => {
    assert.equal(fnv128aHex(''), '6c62272e07bb014262b821756295c58d');
    assert.equal(fnv128aHex('a'), 'd228cb696f1a8caf78912b704e4a8964');
  });

  it('hashes and orders ports as upstream does (values checked against Go spew output)', () => {
    const dnsPort = { name: 'dns', protocol: 'UDP', port: 53 };
    assert.equal(fnv128aHex(renderSlicePort(dnsPort)), '1caf216365b57b5d2659d4ba9f662580');
    const ports = [
      { name: 'metrics', protocol: 'TCP', port: 9153 },
      { name: 'dns-tcp', protocol: 'TCP', port: 53 },
      dnsPort,
    ];
    portMapKey(ports);
    assert.deepEqual(
      ports.map((p) => p.name),
      ['dns', 'dns-tcp', 'metrics'],
    );
  });

  it('orders slice ports by their hash, whatever the input order', () => {
    const a = [
      { name: 'http', port: 80, protocol: 'TCP' },
      { name: 'https', port: 443, protocol: 'TCP' },
      { name: 'dns', port: 53, protocol: 'UDP' },
    ];
    const b = [a[2]!, a[0]!, a[1]!];
    assert.equal(portMapKey(a), portMapKey(b));
    assert.deepEqual(a, b);
    assert.equal(
      renderSlicePort({ name: 'http', port: 80, protocol: 'TCP' }),
      '(v1.EndpointPort){Name:(*string)http Protocol:(*v1.Protocol)TCP Port:(*int32)80 AppProtocol:(*string)<nil>}',
    );
  });
});

describe('TriggerTimeTracker', () => {
  it('reports the service creation first, then only times that advanced', () => {
    const t = new TriggerTimeTracker();
    const svc = testService();
    const p = testPod('a', '10.0.0.1');
    assert.equal(t.compute('ns', svc, [p]), Date.parse('2026-01-01T00:00:00Z'));
    assert.equal(t.compute('ns', svc, [p]), undefined);
    const later: Pod = {
      ...p,
      status: {
        ...p.status,
        conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2026-01-01T00:05:00Z' }],
      },
    };
    assert.equal(t.compute('ns', svc, [later]), Date.parse('2026-01-01T00:05:00Z'));
  });

  it('formats as RFC 3339 with the fraction trimmed', () => {
    assert.equal(formatRFC3339Nano(Date.parse('2026-01-01T00:00:00Z')), '2026-01-01T00:00:00Z');
    assert.equal(formatRFC3339Nano(Date.parse('2026-01-01T00:00:00.120Z')), '2026-01-01T00:00:00.12Z');
  });
});
