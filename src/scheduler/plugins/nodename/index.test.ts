import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { newNodeInfo } from '../../framework/node-info.js';
import type { FilterPlugin, Handle } from '../../framework/types.js';
import { ERR_REASON, factory } from './index.js';

test('NodeName filter', () => {
  const plugin = factory(undefined, {} as Handle) as FilterPlugin;
  const ni = newNodeInfo({ metadata: { name: 'foo' } });
  const cases = [
    { name: 'no host specified', nodeName: undefined, ok: true },
    { name: 'host matches', nodeName: 'foo', ok: true },
    { name: 'host does not match', nodeName: 'bar', ok: false },
  ];
  for (const c of cases) {
    const s = plugin.filter(new CycleState(), { spec: { containers: [], nodeName: c.nodeName } }, ni);
    if (c.ok) assert.equal(s, undefined, c.name);
    else {
      assert.equal(s?.code, 'UnschedulableAndUnresolvable');
      assert.equal(s?.message(), ERR_REASON);
      assert.equal(ERR_REASON, "node(s) didn't match the requested node name");
    }
  }
});
