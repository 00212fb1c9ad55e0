import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { statusOf } from '../registry/test-helpers.js';
import type { JsonObject } from '../registry/types.js';
import { defaultAdmission } from './default-chain.js';
import { bootstrapSystemPriorityClasses } from './priority.js';
import { type AdmissionTestEnv, openAdmissionTestEnv } from './test-env.js';

const spec = (o: JsonObject) => o['spec'] as JsonObject;
const meta = (o: JsonObject) => o['metadata'] as JsonObject;

// The default chain on real registries over one SQLite store.
describe('default admission through the registry', () => {
  let env: AdmissionTestEnv;
  before(async () => {
    env = await openAdmissionTestEnv();
    env.use(defaultAdmission(env.lookup, { random: () => 1 }));
    const ns = env.registry('', 'v1', 'namespaces');
    for (const name of ['default', 'kube-system', 'app'])
      await ns.create(env.ctx(''), { metadata: { name } });
    await ns.create(env.ctx(''), {
      metadata: { name: 'locked', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
    });
    await bootstrapSystemPriorityClasses(env.raw('scheduling.k8s.io', 'v1', 'priorityclasses'));
  });
  after(() => env.close());

  it('fills a pod as kube-apiserver does', async () => {
    await env.raw('', 'v1', 'limitranges').create(env.ctx('app'), {
      metadata: { name: 'lr' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } }] },
    });
    const { object } = await env.registry('', 'v1', 'pods').create(env.ctx('app'), {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const s = spec(object);
    assert.equal(s['serviceAccountName'], 'default');
    assert.equal(s['priority'], 0);
    assert.equal(s['preemptionPolicy'], 'PreemptLowerPriority');
    assert.deepEqual(
      (s['tolerations'] as JsonObject[]).map((t) => t['key']),
      ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'],
    );
    const volumes = s['volumes'] as JsonObject[];
    assert.equal(volumes.length, 1);
    assert.equal(volumes[0]!['name'], 'kube-api-access-ccccc');
    const c = (s['containers'] as JsonObject[])[0]!;
    assert.deepEqual(c['resources'], { limits: { cpu: '500m' }, requests: { cpu: '100m' } });
    assert.equal(
      (meta(object)['annotations'] as JsonObject)['kubernetes.io/limit-ranger'],
      'LimitRanger plugin set: cpu request for container c; cpu limit for container c',
    );
  });

  it('resolves system priority classes', async () => {
    const { object } = await env.registry('', 'v1', 'pods').create(env.ctx('kube-system'), {
      metadata: { name: 'dns' },
      spec: { priorityClassName: 'system-cluster-critical', containers: [{ name: 'c', image: 'busybox' }] },
    });
    assert.equal(spec(object)['priority'], 2_000_000_000);
  });

  it('refuses writes into missing namespaces and deletes of immortal ones', async () => {
    const missing = await statusOf(
      env.registry('', 'v1', 'configmaps').create(env.ctx('nowhere'), { metadata: { name: 'x' } }),
    );
    assert.equal(missing.code, 404);
    assert.equal(missing.status.message, 'namespaces "nowhere" not found');
    const immortal = await statusOf(env.registry('', 'v1', 'namespaces').delete(env.ctx(''), 'default'));
    assert.equal(immortal.code, 403);
    assert.equal(
      immortal.status.message,
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
  });

  it('refuses creates into a terminating namespace', async () => {
    const ns = env.raw('', 'v1', 'namespaces');
    // A finalizer keeps the namespace after delete, as the namespace controller's would.
    await ns.create(env.ctx(''), { metadata: { name: 'doomed', finalizers: ['example.com/hold'] } });
    await ns.delete(env.ctx(''), 'doomed');
    const cur = await ns.get(env.ctx(''), 'doomed');
    await ns.updateStatus(env.ctx(''), 'doomed', { ...cur, status: { phase: 'Terminating' } });
    const e = await statusOf(
      env.registry('', 'v1', 'configmaps').create(env.ctx('doomed'), { metadata: { generateName: 'cm-' } }),
    );
    assert.equal(e.code, 403);
    assert.equal(
      e.status.message,
      'configmaps "cm-" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );
    assert.equal(e.status.details?.causes?.[0]?.reason, 'NamespaceTerminating');
  });

  it('enforces the namespace PodSecurity level', async () => {
    const e = await statusOf(
      env.registry('', 'v1', 'pods').create(env.ctx('locked'), {
        metadata: { name: 'root' },
        spec: { containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true } }] },
      }),
    );
    assert.equal(e.code, 403);
    assert.equal(
      e.status.message,
      'pods "root" is forbidden: violates PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)',
    );
  });

  it('gives claims the default class and protection, and nodes the not-ready taint', async () => {
    await env.raw('storage.k8s.io', 'v1', 'storageclasses').create(env.ctx(''), {
      metadata: { name: 'local', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'kite.io/local',
    });
    const { object: pvc } = await env
      .registry('', 'v1', 'persistentvolumeclaims')
      .create(env.ctx('default'), {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      });
    assert.equal(spec(pvc)['storageClassName'], 'local');
    assert.deepEqual(meta(pvc)['finalizers'], ['kubernetes.io/pvc-protection']);
    const { object: node } = await env
      .registry('', 'v1', 'nodes')
      .create(env.ctx(''), { metadata: { name: 'n1' } });
    assert.deepEqual(spec(node)['taints'], [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  });

  it('refuses a second global default PriorityClass', async () => {
    const pcs = env.registry('scheduling.k8s.io', 'v1', 'priorityclasses');
    await pcs.create(env.ctx(''), { metadata: { name: 'd1' }, value: 5, globalDefault: true });
    const e = await statusOf(
      pcs.create(env.ctx(''), { metadata: { name: 'd2' }, value: 6, globalDefault: true }),
    );
    assert.equal(
      e.status.message,
      'priorityclasses.scheduling.k8s.io "d2" is forbidden: PriorityClass d1 is marked as default. Only one default can exist',
    );
    const { object } = await env.registry('', 'v1', 'pods').create(env.ctx('default'), {
      metadata: { name: 'defaulted' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    assert.equal(spec(object)['priorityClassName'], 'd1');
    assert.equal(spec(object)['priority'], 5);
  });
});
