import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { PODS } from '../../../client/resources.js';
import { FakeClient } from '../../../client/testing/fake-client.js';
import { CycleState } from '../../framework/cycle-state.js';
import type { BindPlugin, Handle } from '../../framework/types.js';
import { factory } from './index.js';

describe('DefaultBinder', () => {
  it('binds through pods/binding and reports failures as errors', async () => {
    const client = new FakeClient();
    const pod: Pod = {
      metadata: { name: 'p', namespace: 'ns' },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    };
    const created = await client.resource(PODS).create('ns', pod);
    const b = factory(undefined, { client } as unknown as Handle) as BindPlugin;
    assert.equal(await b.bind(new CycleState(), created, 'n1'), undefined);
    assert.equal((await client.resource(PODS).get('ns', 'p')).spec?.nodeName, 'n1');
    const a = client.actions().find((x) => x.subresource === 'binding');
    assert.ok(a !== undefined);
    assert.deepEqual((a.object as { target: unknown }).target, { kind: 'Node', name: 'n1' });
    const missing = await b.bind(new CycleState(), { metadata: { name: 'gone', namespace: 'ns' } }, 'n1');
    assert.equal(missing?.code, 'Error');
  });
});
