import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import type { JsonObject } from '../registry/index.js';
import {
  chooseContainer,
  podLog,
  podProxy,
  podStream,
  serviceProxy,
  splitSchemeNamePort,
} from './connect.js';
import { type TestEnv, testEnv, testPod } from './test-env.js';

let env: TestEnv;
before(async () => {
  env = await testEnv();
});
after(() => env.close());

const q = (o: Record<string, string> = {}) => new Map(Object.entries(o).map(([k, v]) => [k, [v]]));

async function failure(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  assert.fail('expected a failure');
}

function stores() {
  return {
    pods: env.registry('', 'v1', 'pods'),
    nodes: env.registry('', 'v1', 'nodes'),
    services: env.registry('', 'v1', 'services'),
    endpoints: env.registry('', 'v1', 'endpoints'),
  };
}

test('chooseContainer: the only container, or the choices named', () => {
  assert.equal(chooseContainer(testPod('p'), ''), 'c');
  assert.throws(() => chooseContainer(testPod('p', {}, ['a', 'b']), ''), {
    message: 'a container name must be specified for pod p, choose one of: [a b]',
  });
  assert.throws(() => chooseContainer(testPod('p'), 'zz'), {
    message: 'container zz is not valid for pod p',
  });
});

test('logs: options validated, empty for an unscheduled pod, kubelet refusals for a bound one', async () => {
  const s = stores();
  await s.pods.create(env.ctx(), testPod('web'));
  assert.equal(await podLog(s, env.ctx(), 'web', q()), '');
  let e = await failure(podLog(s, env.ctx(), 'web', q({ tailLines: '-1' })));
  assert.equal(e.code, 422);
  assert.equal(
    e.message,
    'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
  );
  e = await failure(podLog(s, env.ctx(), 'web', q({ sinceSeconds: '5', sinceTime: '2024-01-01T00:00:00Z' })));
  assert.equal(e.code, 422);
  e = await failure(podLog(s, env.ctx(), 'web', q({ tailLines: 'x' })));
  assert.equal(e.code, 400);
  // Bound to a node that does not exist: the node lookup fails as upstream's.
  await s.pods.create(env.ctx(), {
    ...testPod('bound'),
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] },
  });
  e = await failure(podLog(s, env.ctx(), 'bound', q()));
  assert.equal(e.code, 404);
  assert.equal(e.message, 'nodes "n1" not found');
  await s.nodes.create(env.ctx(''), {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1' },
  });
  e = await failure(podLog(s, env.ctx(), 'bound', q()));
  assert.equal(e.message, 'no preferred addresses found; known addresses: []');
  const node = await s.nodes.get(env.ctx(''), 'n1');
  node['status'] = { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] };
  await s.nodes.updateStatus(env.ctx(''), 'n1', node);
  const pod = await s.pods.get(env.ctx(), 'bound');
  pod['status'] = {
    ...(pod['status'] as JsonObject),
    containerStatuses: [
      {
        name: 'c',
        ready: false,
        restartCount: 0,
        image: 'i',
        imageID: '',
        state: { waiting: { reason: 'ContainerCreating' } },
      },
    ],
  };
  await s.pods.updateStatus(env.ctx(), 'bound', pod);
  e = await failure(podLog(s, env.ctx(), 'bound', q()));
  assert.equal(e.code, 400);
  assert.equal(e.message, 'container "c" in pod "bound" is waiting to start: ContainerCreating');
});

test('exec, attach, portforward need a host; proxies check addresses and endpoints', async () => {
  const s = stores();
  await s.pods.create(env.ctx(), testPod('lonely'));
  for (const kind of ['exec', 'attach', 'portforward'] as const) {
    const e = await failure(podStream(s, env.ctx(), 'lonely', kind, q()));
    assert.equal(e.code, 400);
    assert.equal(e.message, 'pod lonely does not have a host assigned');
  }
  let e = await failure(podProxy(s, env.ctx(), 'lonely:80'));
  assert.equal(e.message, 'address not allowed');
  e = await failure(podProxy(s, env.ctx(), 'a:b:c:d'));
  assert.equal(e.message, 'invalid pod request "a:b:c:d"');
  await s.services.create(env.ctx(), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc' },
    spec: { ports: [{ port: 80 }], clusterIP: 'None', clusterIPs: ['None'] },
  });
  e = await failure(serviceProxy(s, env.ctx(), 'svc:81'));
  assert.equal(e.code, 503);
  assert.equal(e.message, 'no service port 81 found for service "svc"');
  await s.endpoints.create(env.ctx(), { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'svc' } });
  e = await failure(serviceProxy(s, env.ctx(), 'svc:80'));
  assert.equal(e.message, 'no endpoints available for service "svc"');
});

test('splitSchemeNamePort', () => {
  assert.deepEqual(splitSchemeNamePort('https:x:443'), { scheme: 'https', name: 'x', port: '443' });
  assert.deepEqual(splitSchemeNamePort('x'), { scheme: '', name: 'x', port: '' });
  assert.equal(splitSchemeNamePort('ftp:x:1'), undefined);
  assert.equal(splitSchemeNamePort(':1'), undefined);
});
