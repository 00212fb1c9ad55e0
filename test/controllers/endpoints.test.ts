// The Endpoints, EndpointSlice, service account and root CA publisher controllers against a real
// API server: a service and its pods (marked ready through the status subresource, standing in for
// a kubelet) end up in an Endpoints object and an EndpointSlice, and a new namespace gets its
// `default` ServiceAccount and kube-root-ca.crt ConfigMap.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  CONFIG_MAPS,
  ENDPOINT_SLICES,
  ENDPOINTS,
  NAMESPACES,
  NODES,
  PODS,
  SERVICE_ACCOUNTS,
  SERVICES,
} from '../../src/client/resources.js';
import { endpointsController } from '../../src/controllers/endpoints/index.js';
import { endpointSliceController } from '../../src/controllers/endpointslice/index.js';
import { endpointSliceMirroringController } from '../../src/controllers/endpointslicemirroring/index.js';
import { rootCACertPublisherController } from '../../src/controllers/rootcacertpublisher/index.js';
import { serviceAccountController } from '../../src/controllers/serviceaccount/index.js';
import { type ControllerEnv, eventually, startControllerEnv } from '../support/controller-env.js';

let env: ControllerEnv;

before(async () => {
  env = await startControllerEnv({
    controllers: [
      endpointsController,
      endpointSliceController,
      endpointSliceMirroringController,
      serviceAccountController,
      rootCACertPublisherController,
    ],
  });
});

after(async () => {
  await env?.stop();
});

async function readyPod(ns: string, name: string, ip: string): Promise<void> {
  const pods = env.client.resource(PODS);
  const created = await pods.create(ns, {
    metadata: { name, labels: { app: 'web' } },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'c', image: 'busybox', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
  });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const withStatus: Pod = {
    ...created,
    status: {
      ...created.status,
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
    },
  };
  await pods.updateStatus(withStatus);
}

describe('endpoint controllers', () => {
  it('gives a new namespace its default ServiceAccount and kube-root-ca.crt', async () => {
    await env.client.resource(NAMESPACES).create('', { metadata: { name: 'fresh' } });
    const sa = await eventually('default service account', async () =>
      (await env.client.resource(SERVICE_ACCOUNTS).list('fresh')).items.find(
        (s) => s.metadata?.name === 'default',
      ),
    );
    assert.equal(sa.metadata?.namespace, 'fresh');
    const cm = await eventually('kube-root-ca.crt', async () =>
      (await env.client.resource(CONFIG_MAPS).list('fresh')).items.find(
        (c) => c.metadata?.name === 'kube-root-ca.crt',
      ),
    );
    assert.match(cm.data?.['ca.crt'] ?? '', /BEGIN CERTIFICATE/);
    assert.ok(cm.metadata?.annotations?.['kubernetes.io/description']);

    await env.client.resource(SERVICE_ACCOUNTS).delete('fresh', 'default');
    await eventually('default service account recreated', async () => {
      const again = (await env.client.resource(SERVICE_ACCOUNTS).list('fresh')).items.find(
        (s) => s.metadata?.name === 'default',
      );
      return again !== undefined && again.metadata?.uid !== sa.metadata?.uid ? again : undefined;
    });
  });

  it('lists ready pods of a service in its Endpoints and EndpointSlice', async () => {
    await env.client.resource(NAMESPACES).create('', { metadata: { name: 'app' } });
    await env.client.resource(NODES).create('', {
      metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } },
    });
    await env.client.resource(SERVICES).create('app', {
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    await readyPod('app', 'web-1', '10.244.0.11');
    await readyPod('app', 'web-2', '10.244.0.12');

    const ep = await eventually('Endpoints with both pods', async () => {
      const e = await env.client.resource(ENDPOINTS).get('app', 'web');
      const ips = (e.subsets?.[0]?.addresses ?? []).map((a) => a.ip);
      return ips.length === 2 ? e : undefined;
    });
    assert.deepEqual(
      ep.subsets?.[0]?.addresses?.map((a) => a.ip),
      ['10.244.0.11', '10.244.0.12'],
    );
    assert.deepEqual(ep.subsets?.[0]?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);

    const slice = await eventually('EndpointSlice with both pods', async () => {
      const list = await env.client
        .resource(ENDPOINT_SLICES)
        .list('app', { labelSelector: 'kubernetes.io/service-name=web' });
      const s = list.items[0];
      return s !== undefined && (s.endpoints ?? []).length === 2 ? s : undefined;
    });
    assert.equal(
      slice.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'],
      'endpointslice-controller.k8s.io',
    );
    assert.deepEqual(
      (slice.endpoints ?? []).map((e) => [e.addresses[0], e.conditions?.ready, e.zone]).sort(),
      [
        ['10.244.0.11', true, 'zone-a'],
        ['10.244.0.12', true, 'zone-a'],
      ],
    );

    await env.client.resource(PODS).delete('app', 'web-1', { gracePeriodSeconds: 0 });
    await eventually('Endpoints without the deleted pod', async () => {
      const e = await env.client.resource(ENDPOINTS).get('app', 'web');
      const ips = (e.subsets?.[0]?.addresses ?? []).map((a) => a.ip);
      return ips.length === 1 && ips[0] === '10.244.0.12' ? e : undefined;
    });

    await env.client.resource(SERVICES).delete('app', 'web');
    await eventually('Endpoints removed with the service', async () => {
      const list = await env.client.resource(ENDPOINTS).list('app');
      return list.items.some((e) => e.metadata?.name === 'web') ? undefined : true;
    });
  });

  it('mirrors the Endpoints of a service without selector', async () => {
    await env.client.resource(NAMESPACES).create('', { metadata: { name: 'ext' } });
    await env.client.resource(SERVICES).create('ext', {
      metadata: { name: 'db' },
      spec: { ports: [{ port: 5432 }] },
    });
    await env.client.resource(ENDPOINTS).create('ext', {
      metadata: { name: 'db' },
      subsets: [{ addresses: [{ ip: '192.0.2.7' }], ports: [{ port: 5432 }] }],
    });
    const slice = await eventually('mirrored slice', async () => {
      const list = await env.client.resource(ENDPOINT_SLICES).list('ext', {
        labelSelector: 'endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io',
      });
      return list.items[0];
    });
    assert.deepEqual(slice.endpoints?.[0]?.addresses, ['192.0.2.7']);
  });
});
