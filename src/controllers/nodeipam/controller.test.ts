import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from 'kubernetes-types/core/v1.js';
import { NODES } from '../../client/resources.js';
import { addObjects, newTestContext, refreshCache } from '../testing.js';
import { clusterCIDRSets, NodeIPAMController } from './controller.js';

const node = (name: string, podCIDRs?: string[]): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  ...(podCIDRs === undefined ? {} : { spec: { podCIDR: podCIDRs[0], podCIDRs } }),
});

describe('NodeIPAMController', () => {
  it('gives a node the next free /24, skipping CIDRs other nodes hold', async () => {
    const t = newTestContext();
    addObjects(t, NODES, [node('a', ['10.244.0.0/24']), node('b')]);
    const c = new NodeIPAMController(t.ctx, clusterCIDRSets('10.244.0.0/16', 24));
    await c.sync('b');
    const b = (await t.client.resource(NODES).get('', 'b')) as Node;
    assert.deepEqual(b.spec?.podCIDRs, ['10.244.1.0/24']);
    assert.equal(b.spec?.podCIDR, '10.244.1.0/24');
    // A second sync before the informer saw the write does not allocate again.
    await c.sync('b');
    assert.equal(t.client.actions().filter((a) => a.verb === 'patch').length, 1);
  });

  it('allocates one CIDR per family for dual-stack', async () => {
    const t = newTestContext();
    addObjects(t, NODES, [node('a')]);
    const c = new NodeIPAMController(t.ctx, clusterCIDRSets('10.244.0.0/16,fd00:10:244::/56', 24));
    await c.sync('a');
    const a = (await t.client.resource(NODES).get('', 'a')) as Node;
    assert.deepEqual(a.spec?.podCIDRs, ['10.244.0.0/24', 'fd00:10:244::/64']);
  });

  it('reports CIDRNotAvailable when the range is full, and reuses a deleted node CIDR', async () => {
    const t = newTestContext();
    addObjects(t, NODES, [node('a'), node('b')]);
    const c = new NodeIPAMController(t.ctx, clusterCIDRSets('10.0.0.0/24', 24));
    await c.sync('a');
    await assert.rejects(c.sync('b'), /no remaining CIDRs/);
    assert.deepEqual(
      t.events.events.map((e) => [e.reason, e.message]),
      [['CIDRNotAvailable', 'Node b status is now: CIDRNotAvailable']],
    );
    // Node a goes away: its CIDR returns to the pool.
    refreshCache(t, NODES);
    const informer = t.informers.informerFor(NODES);
    const a = informer.lister.get('', 'a')!;
    await t.client.resource(NODES).delete('', 'a');
    informer.indexer.delete(a);
    c.nodeDeleted(a);
    await c.sync('b');
    const b = (await t.client.resource(NODES).get('', 'b')) as Node;
    assert.deepEqual(b.spec?.podCIDRs, ['10.0.0.0/24']);
  });

  it('skips nodes that already have CIDRs or are gone', async () => {
    const t = newTestContext();
    addObjects(t, NODES, [node('a', ['10.244.5.0/24'])]);
    const c = new NodeIPAMController(t.ctx, clusterCIDRSets('10.244.0.0/16', 24));
    await c.sync('a');
    await c.sync('missing');
    assert.equal(t.client.actions().filter((x) => x.verb === 'patch').length, 0);
  });
});
