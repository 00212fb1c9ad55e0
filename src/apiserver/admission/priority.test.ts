import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { statusOf } from '../registry/test-helpers.js';
import type { JsonObject } from '../registry/types.js';
import { AdmissionChain } from './chain.js';
import { bootstrapSystemPriorityClasses, priority } from './priority.js';
import { type AdmissionTestEnv, attrs, mapLookup, openAdmissionTestEnv } from './test-env.js';

const lookup = mapLookup({
  'priorityclasses//high': { metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' },
  'priorityclasses//low': {
    metadata: { name: 'low' },
    value: 10,
    globalDefault: true,
    preemptionPolicy: 'PreemptLowerPriority',
  },
});

async function admitPod(spec: JsonObject, l = lookup): Promise<JsonObject> {
  const a = attrs(['', 'v1', 'pods'], 'CREATE', { object: { metadata: { name: 'p' }, spec } });
  await priority(l).admit!(a);
  return a.object!['spec'] as JsonObject;
}

describe('Priority', () => {
  it('resolves a named class into priority and preemption policy', async () => {
    const spec = await admitPod({ priorityClassName: 'high', containers: [] });
    assert.equal(spec['priority'], 1000);
    assert.equal(spec['preemptionPolicy'], 'Never');
  });

  it('uses the global default class, or priority 0', async () => {
    assert.deepEqual(await admitPod({}), {
      priorityClassName: 'low',
      priority: 10,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    assert.deepEqual(await admitPod({}, mapLookup({})), {
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  });

  it('refuses an unknown class and a conflicting priority or policy', async () => {
    const unknown = await statusOf(admitPod({ priorityClassName: 'nope' }));
    assert.equal(unknown.code, 403);
    assert.equal(unknown.status.message, 'pods "p" is forbidden: no PriorityClass with name nope was found');
    const prio = await statusOf(admitPod({ priorityClassName: 'high', priority: 5 }));
    assert.equal(
      prio.status.message,
      'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    );
    const policy = await statusOf(
      admitPod({ priorityClassName: 'high', preemptionPolicy: 'PreemptLowerPriority' }),
    );
    assert.match(
      policy.status.message ?? '',
      /the string value of PreemptionPolicy \(PreemptLowerPriority\) must not be provided/,
    );
    await admitPod({ priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' });
  });

  it('keeps the stored priority on update', async () => {
    const a = attrs(['', 'v1', 'pods'], 'UPDATE', {
      name: 'p',
      object: { metadata: { name: 'p' }, spec: {} },
      oldObject: { metadata: { name: 'p' }, spec: { priority: 7, preemptionPolicy: 'Never' } },
    });
    await priority(lookup).admit!(a);
    assert.deepEqual(a.object!['spec'], { priority: 7, preemptionPolicy: 'Never' });
  });

  it('allows one global default class only', async () => {
    const pc = (name: string) => ({ metadata: { name }, value: 1, globalDefault: true });
    const create = await statusOf(
      priority(lookup).validate!(
        attrs(['scheduling.k8s.io', 'v1', 'priorityclasses'], 'CREATE', { object: pc('x') }),
      ),
    );
    assert.equal(create.code, 403);
    assert.equal(
      create.status.message,
      'priorityclasses.scheduling.k8s.io "x" is forbidden: PriorityClass low is marked as default. Only one default can exist',
    );
    await priority(lookup).validate!(
      attrs(['scheduling.k8s.io', 'v1', 'priorityclasses'], 'UPDATE', { name: 'low', object: pc('low') }),
    );
  });
});

describe('system priority classes', () => {
  let env: AdmissionTestEnv;
  before(async () => {
    env = await openAdmissionTestEnv();
  });
  after(() => env.close());

  it('are created once and resolve through the plugin', async () => {
    const pcs = env.raw('scheduling.k8s.io', 'v1', 'priorityclasses');
    await bootstrapSystemPriorityClasses(pcs);
    await bootstrapSystemPriorityClasses(pcs);
    const list = await pcs.list(env.ctx(''));
    assert.deepEqual(
      list.items.map((o) => [(o['metadata'] as JsonObject)['name'], o['value'], o['preemptionPolicy']]),
      [
        ['system-cluster-critical', 2_000_000_000, 'PreemptLowerPriority'],
        ['system-node-critical', 2_000_001_000, 'PreemptLowerPriority'],
      ],
    );
    env.use(new AdmissionChain([priority(env.lookup)]));
    const pods = env.registry('', 'v1', 'pods');
    const { object } = await pods.create(env.ctx('default'), {
      metadata: { name: 'critical' },
      spec: { priorityClassName: 'system-node-critical', containers: [{ name: 'c', image: 'busybox' }] },
    });
    assert.equal((object['spec'] as JsonObject)['priority'], 2_000_001_000);
  });
});
