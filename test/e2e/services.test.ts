// Services through the real kubectl against `kite server` with its own service ranges: ClusterIP
// and NodePort allocation, upstream's refusals, dry runs, type changes and deletes releasing what
// a Service held, and the `kubernetes` Service with its Endpoints.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type KiteServer, startKiteServer } from '../support/kite-server.js';
import { kubectlPath } from '../support/kubectl.js';
import { type Kubectl, kubectlFor } from '../support/kubectl-run.js';

const bin = kubectlPath();
// biome-ignore lint/suspicious/noExplicitAny: decoded kubectl JSON; the assertions check its shape.
type Json = any;

let server: KiteServer;
let k: Kubectl;

before(async () => {
  if (bin === undefined) return;
  server = await startKiteServer({
    args: [
      '--service-cluster-ip-range',
      '10.100.0.0/24',
      '--service-node-port-range',
      '31000-31099',
      '--advertise-address',
      '192.0.2.7',
    ],
  });
  k = kubectlFor(bin, server.kubeconfig);
});

after(async () => {
  await server?.stop();
});

async function json(args: readonly string[]): Promise<Json> {
  return JSON.parse(await k.ok([...args, '-o', 'json']));
}

async function ipAddresses(): Promise<string[]> {
  return (await json(['get', 'ipaddresses'])).items.map((i: Json) => i.metadata.name);
}

describe('Services through kubectl', { skip: bin === undefined, timeout: 120_000 }, () => {
  test('the kubernetes Service, its ServiceCIDR and Endpoints follow the flags', async () => {
    const svc = await json(['get', 'service', 'kubernetes']);
    assert.equal(svc.spec.clusterIP, '10.100.0.1');
    assert.deepEqual(svc.spec.ports, [
      { name: 'https', port: 443, protocol: 'TCP', targetPort: Number(new URL(server.url).port) },
    ]);
    assert.deepEqual(svc.metadata.labels, { component: 'apiserver', provider: 'kubernetes' });
    const cidr = await json(['get', 'servicecidr', 'kubernetes']);
    assert.deepEqual(cidr.spec.cidrs, ['10.100.0.0/24']);
    assert.equal(cidr.status.conditions[0].type, 'Ready');
    assert.equal(cidr.status.conditions[0].status, 'True');
    const ep = await json(['get', 'endpoints', 'kubernetes']);
    assert.deepEqual(ep.subsets[0].addresses, [{ ip: '192.0.2.7' }]);
    assert.ok((await ipAddresses()).includes('10.100.0.1'));
  });

  test('create service nodeport allocates a ClusterIP and a node port from the ranges', async () => {
    assert.equal(
      await k.ok(['create', 'service', 'nodeport', 'web', '--tcp=80:8080']),
      'service/web created\n',
    );
    const svc = await json(['get', 'service', 'web']);
    assert.match(svc.spec.clusterIP, /^10\.100\.0\.[0-9]+$/);
    assert.deepEqual(svc.spec.clusterIPs, [svc.spec.clusterIP]);
    assert.deepEqual(svc.spec.ipFamilies, ['IPv4']);
    assert.equal(svc.spec.ipFamilyPolicy, 'SingleStack');
    const np = svc.spec.ports[0].nodePort;
    assert.ok(np >= 31000 && np <= 31099, String(np));
    const addr = await json(['get', 'ipaddress', svc.spec.clusterIP]);
    assert.deepEqual(addr.spec.parentRef, {
      resource: 'services',
      namespace: 'default',
      name: 'web',
    });
    assert.equal(addr.metadata.labels['ipaddress.kubernetes.io/managed-by'], 'ipallocator.k8s.io');
  });

  test('requested ports and addresses are refused with upstream messages when taken or out of range', async () => {
    await k.ok(['create', 'service', 'nodeport', 'fixed', '--tcp=80:8080', '--node-port=31005']);
    const dup = await k(['create', 'service', 'nodeport', 'fixed2', '--tcp=80:8080', '--node-port=31005']);
    assert.equal(dup.code, 1);
    assert.equal(
      dup.stderr,
      'error: failed to create NodePort service: Service "fixed2" is invalid: spec.ports[0].nodePort: Invalid value: 31005: provided port is already allocated\n',
    );
    const out = await k(['create', 'service', 'nodeport', 'low', '--tcp=80:8080', '--node-port=30000']);
    assert.match(
      out.stderr,
      /spec\.ports\[0\]\.nodePort: Invalid value: 30000: provided port is not in the valid range\. The range of valid ports is 31000-31099/,
    );
    await k.ok(['create', 'service', 'clusterip', 'static', '--clusterip=10.100.0.5', '--tcp=80']);
    const taken = await k([
      'create',
      'service',
      'clusterip',
      'static2',
      '--clusterip=10.100.0.5',
      '--tcp=80',
    ]);
    assert.match(
      taken.stderr,
      /Service "static2" is invalid: spec\.clusterIPs: Invalid value: \["10\.100\.0\.5"\]: failed to allocate IP 10\.100\.0\.5: provided IP is already allocated/,
    );
    const outside = await k(['create', 'service', 'clusterip', 'far', '--clusterip=10.96.0.5', '--tcp=80']);
    assert.match(
      outside.stderr,
      /failed to allocate IP 10\.96\.0\.5: the provided network does not match the current range/,
    );
  });

  test('a server-side dry run reserves nothing', async () => {
    const before = await ipAddresses();
    const svc = JSON.parse(
      await k.ok(['create', 'service', 'nodeport', 'dry', '--tcp=80', '--dry-run=server', '-o', 'json']),
    );
    assert.equal(svc.spec.clusterIP, '10.100.0.0');
    assert.deepEqual(await ipAddresses(), before);
    assert.equal((await k(['get', 'service', 'dry'])).code, 1);
  });

  test('expose gives the new Service its own allocations', async () => {
    await k.ok(['create', 'deployment', 'app', '--image=registry.k8s.io/pause:3.10']);
    await k.ok(['expose', 'deployment', 'app', '--port=80', '--target-port=8080', '--type=NodePort']);
    const svc = await json(['get', 'service', 'app']);
    assert.deepEqual(svc.spec.selector, { app: 'app' });
    assert.ok(svc.spec.ports[0].nodePort >= 31000);
    assert.ok((await ipAddresses()).includes(svc.spec.clusterIP));
  });

  test('changing the type releases node ports; deleting releases the address', async () => {
    const web = await json(['get', 'service', 'web']);
    const np = web.spec.ports[0].nodePort;
    await k.ok(['patch', 'service', 'web', '-p', '{"spec":{"type":"ClusterIP"}}']);
    const patched = await json(['get', 'service', 'web']);
    assert.equal(patched.spec.ports[0].nodePort, undefined);
    assert.equal(patched.spec.externalTrafficPolicy, undefined);
    await k.ok(['create', 'service', 'nodeport', 'reuse', '--tcp=80:8080', `--node-port=${np}`]);
    await k.ok(['delete', 'service', 'web']);
    assert.ok(!(await ipAddresses()).includes(web.spec.clusterIP));
  });
});
