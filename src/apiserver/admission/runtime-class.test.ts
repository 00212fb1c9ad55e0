import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusOf } from '../registry/test-helpers.js';
import type { JsonObject } from '../registry/types.js';
import { runtimeClass } from './runtime-class.js';
import { attrs, mapLookup } from './test-env.js';
import { mergeTolerations } from './tolerations.js';

const plugin = runtimeClass(
  mapLookup({
    'runtimeclasses//kata': {
      metadata: { name: 'kata' },
      handler: 'kata',
      overhead: { podFixed: { cpu: '250m', memory: '120Mi' } },
      scheduling: {
        nodeSelector: { runtime: 'kata' },
        tolerations: [{ key: 'kata', operator: 'Exists', effect: 'NoSchedule' }],
      },
    },
    'runtimeclasses//plain': { metadata: { name: 'plain' }, handler: 'runc' },
  }),
);

async function run(spec: JsonObject): Promise<JsonObject> {
  const a = attrs(['', 'v1', 'pods'], 'CREATE', { object: { metadata: { name: 'p' }, spec } });
  await plugin.admit!(a);
  await plugin.validate!(a);
  return a.object!['spec'] as JsonObject;
}

describe('RuntimeClass', () => {
  it('copies overhead and scheduling constraints from the class', async () => {
    const spec = await run({
      runtimeClassName: 'kata',
      nodeSelector: { zone: 'a' },
      tolerations: [{ key: 'x', operator: 'Exists' }],
    });
    assert.deepEqual(spec['overhead'], { cpu: '250m', memory: '120Mi' });
    assert.deepEqual(spec['nodeSelector'], { zone: 'a', runtime: 'kata' });
    assert.deepEqual(spec['tolerations'], [
      { key: 'x', operator: 'Exists' },
      { key: 'kata', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('accepts a matching overhead and refuses a different one', async () => {
    await run({ runtimeClassName: 'kata', overhead: { cpu: '0.25', memory: '120Mi' } });
    const e = await statusOf(run({ runtimeClassName: 'kata', overhead: { cpu: '1' } }));
    assert.equal(
      e.status.message,
      `pods "p" is forbidden: pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead`,
    );
    const none = await statusOf(run({ runtimeClassName: 'plain', overhead: { cpu: '1' } }));
    assert.equal(
      none.status.message,
      'pods "p" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead',
    );
  });

  it('refuses an unknown class and a node selector conflict', async () => {
    const e = await statusOf(run({ runtimeClassName: 'gvisor' }));
    assert.equal(e.code, 403);
    assert.equal(e.status.message, 'pods "p" is forbidden: pod rejected: RuntimeClass "gvisor" not found');
    const c = await statusOf(run({ runtimeClassName: 'kata', nodeSelector: { runtime: 'runc' } }));
    assert.equal(
      c.status.message,
      'pods "p" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[runtime] = kata; pod.spec.nodeSelector[runtime] = runc',
    );
  });

  it('merges tolerations without redundant ones', () => {
    const all = { operator: 'Exists' };
    const ns = { key: 'a', operator: 'Exists', effect: 'NoSchedule' };
    const eq = { key: 'a', operator: 'Equal', value: 'v', effect: 'NoSchedule' };
    assert.deepEqual(mergeTolerations([eq], [ns]), [ns]);
    assert.deepEqual(mergeTolerations([ns, ns], [all]), [all]);
    const short = { key: 'n', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
    const long = { key: 'n', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 100 };
    assert.deepEqual(mergeTolerations([short], [long]), [long]);
  });
});
