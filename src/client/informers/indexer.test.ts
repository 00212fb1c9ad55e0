import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { selectorFromSet } from '../../apimachinery/labels/index.js';
import { CacheIndexer } from './indexer.js';
import { CacheLister } from './lister.js';
import { NAMESPACE_INDEX } from './types.js';

function pod(ns: string, name: string, labels: Record<string, string> = {}, node = ''): Pod {
  return { metadata: { namespace: ns, name, labels }, spec: { containers: [], nodeName: node } };
}

const byNode = (p: Pod): readonly string[] => (p.spec?.nodeName ? [p.spec.nodeName] : []);

describe('CacheIndexer', () => {
  it('files objects by key and namespace', () => {
    const ix = new CacheIndexer<Pod>();
    ix.add(pod('a', 'p1'));
    ix.add(pod('a', 'p2'));
    ix.add(pod('b', 'p1'));
    assert.deepEqual(ix.listKeys().sort(), ['a/p1', 'a/p2', 'b/p1']);
    assert.equal(ix.get('b', 'p1')?.metadata?.namespace, 'b');
    assert.equal(ix.getByKey('a/p2')?.metadata?.name, 'p2');
    assert.deepEqual(
      ix
        .byIndex(NAMESPACE_INDEX, 'a')
        .map((p) => p.metadata?.name)
        .sort(),
      ['p1', 'p2'],
    );
    assert.deepEqual(ix.byIndex(NAMESPACE_INDEX, 'zzz'), []);
  });

  it('keeps custom indexes current on update and delete', () => {
    const ix = new CacheIndexer<Pod>({ node: byNode });
    ix.add(pod('a', 'p1', {}, 'n1'));
    ix.add(pod('a', 'p2', {}, 'n1'));
    ix.update(pod('a', 'p1', {}, 'n2'));
    assert.deepEqual(
      ix.byIndex('node', 'n1').map((p) => p.metadata?.name),
      ['p2'],
    );
    assert.deepEqual(
      ix.byIndex('node', 'n2').map((p) => p.metadata?.name),
      ['p1'],
    );
    ix.delete(pod('a', 'p2'));
    assert.deepEqual(ix.byIndex('node', 'n1'), []);
    assert.equal(ix.list().length, 1);
  });

  it('indexes existing objects when an index is added and refuses a taken name', () => {
    const ix = new CacheIndexer<Pod>();
    ix.add(pod('a', 'p1', {}, 'n1'));
    ix.addIndexers({ node: byNode });
    assert.deepEqual(
      ix.byIndex('node', 'n1').map((p) => p.metadata?.name),
      ['p1'],
    );
    assert.throws(() => ix.addIndexers({ node: byNode }), /conflict/);
    assert.throws(() => ix.addIndexers({ [NAMESPACE_INDEX]: byNode }), /conflict/);
    assert.throws(() => ix.byIndex('nope', 'x'), /does not exist/);
  });

  it('replace drops what is not in the new content', () => {
    const ix = new CacheIndexer<Pod>({ node: byNode });
    ix.add(pod('a', 'old', {}, 'n1'));
    ix.replace([pod('a', 'new', {}, 'n2'), pod('', 'cluster')]);
    assert.deepEqual(ix.listKeys().sort(), ['a/new', 'cluster']);
    assert.deepEqual(ix.byIndex('node', 'n1'), []);
    assert.equal(ix.get('', 'cluster')?.metadata?.name, 'cluster');
  });
});

describe('CacheLister', () => {
  const ix = new CacheIndexer<Pod>();
  ix.add(pod('a', 'web-1', { app: 'web' }));
  ix.add(pod('a', 'db-1', { app: 'db' }));
  ix.add(pod('b', 'web-2', { app: 'web' }));
  const lister = new CacheLister(ix);
  const names = (ps: Pod[]) => ps.map((p) => p.metadata?.name).sort();

  it('lists by selector, everything without one', () => {
    assert.deepEqual(names(lister.list()), ['db-1', 'web-1', 'web-2']);
    assert.deepEqual(names(lister.list(selectorFromSet({ app: 'web' }))), ['web-1', 'web-2']);
  });

  it('lists one namespace by selector', () => {
    assert.deepEqual(names(lister.listNamespace('a')), ['db-1', 'web-1']);
    assert.deepEqual(names(lister.listNamespace('a', selectorFromSet({ app: 'web' }))), ['web-1']);
    assert.deepEqual(names(lister.listNamespace('c')), []);
  });

  it('gets one object', () => {
    assert.equal(lister.get('b', 'web-2')?.metadata?.name, 'web-2');
    assert.equal(lister.get('a', 'web-2'), undefined);
  });
});

describe('CacheIndexer against a model', () => {
  type Op =
    | { op: 'add'; ns: string; name: string; node: string }
    | { op: 'delete'; ns: string; name: string }
    | { op: 'replace'; pods: { ns: string; name: string; node: string }[] };
  const ns = fc.constantFrom('a', 'b', '');
  const name = fc.constantFrom('p1', 'p2', 'p3');
  const node = fc.constantFrom('', 'n1', 'n2');
  const entry = fc.record({ ns, name, node });
  const op: fc.Arbitrary<Op> = fc.oneof(
    entry.map((e) => ({ op: 'add' as const, ...e })),
    fc.record({ ns, name }).map((e) => ({ op: 'delete' as const, ...e })),
    fc.array(entry, { maxLength: 4 }).map((pods) => ({ op: 'replace' as const, pods })),
  );

  it('answers every index query as a scan of the content would', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const ix = new CacheIndexer<Pod>({ node: byNode });
        const model = new Map<string, Pod>();
        const key = (n: string, m: string) => (n === '' ? m : `${n}/${m}`);
        for (const o of ops) {
          if (o.op === 'add') {
            const p = pod(o.ns, o.name, {}, o.node);
            ix.add(p);
            model.set(key(o.ns, o.name), p);
          } else if (o.op === 'delete') {
            ix.delete(pod(o.ns, o.name));
            model.delete(key(o.ns, o.name));
          } else {
            const ps = o.pods.map((e) => pod(e.ns, e.name, {}, e.node));
            ix.replace(ps);
            model.clear();
            for (const p of ps) model.set(key(p.metadata?.namespace ?? '', p.metadata?.name ?? ''), p);
          }
        }
        assert.deepEqual(ix.listKeys().sort(), [...model.keys()].sort());
        for (const v of ['a', 'b', '']) {
          const want = [...model.values()].filter((p) => p.metadata?.namespace === v);
          assert.deepEqual(ix.byIndex(NAMESPACE_INDEX, v).length, want.length);
        }
        for (const v of ['n1', 'n2']) {
          const want = [...model.values()].filter((p) => p.spec?.nodeName === v).map((p) => p.metadata?.name);
          assert.deepEqual(
            ix
              .byIndex('node', v)
              .map((p) => p.metadata?.name)
              .sort(),
            want.sort(),
          );
        }
      }),
    );
  });
});
