import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTolerationSeconds } from './default-toleration-seconds.js';
import { attrs } from './test-env.js';

const plugin = defaultTolerationSeconds();
const notReady = {
  key: 'node.kubernetes.io/not-ready',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};
const unreachable = {
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};

async function tolerationsAfter(tolerations: unknown[] | undefined, subresource = ''): Promise<unknown> {
  const spec: Record<string, unknown> = { containers: [] };
  if (tolerations !== undefined) spec['tolerations'] = tolerations;
  const a = attrs(['', 'v1', 'pods'], 'CREATE', { object: { metadata: { name: 'p' }, spec }, subresource });
  await plugin.admit!(a);
  return (a.object!['spec'] as Record<string, unknown>)['tolerations'];
}

describe('DefaultTolerationSeconds', () => {
  const cases: { name: string; given: unknown[] | undefined; want: unknown }[] = [
    { name: 'adds both to a pod without tolerations', given: undefined, want: [notReady, unreachable] },
    {
      name: 'keeps a not-ready toleration and adds unreachable',
      given: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 5,
        },
      ],
      want: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 5,
        },
        unreachable,
      ],
    },
    {
      name: 'an empty key with an empty effect tolerates both',
      given: [{ operator: 'Exists' }],
      want: [{ operator: 'Exists' }],
    },
    {
      name: 'a NoSchedule toleration of the same key does not count',
      given: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }],
      want: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' },
        notReady,
        unreachable,
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await tolerationsAfter(c.given), c.want);
    });
  }

  it('ignores subresources and other resources', async () => {
    assert.equal(await tolerationsAfter(undefined, 'status'), undefined);
    const a = attrs(['', 'v1', 'configmaps'], 'CREATE', { object: { metadata: { name: 'c' } } });
    await plugin.admit!(a);
    assert.deepEqual(a.object, { metadata: { name: 'c' } });
  });
});
