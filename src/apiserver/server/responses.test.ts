import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { documentJSON, objectJSON } from './responses.js';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const c of Object.values(v)) deepFreeze(c);
    Object.freeze(v);
  }
  return v;
}

test('documentJSON is byte for byte JSON.stringify', () => {
  const cases: unknown[] = [
    null,
    'x',
    [1, 2],
    {},
    { items: [] },
    { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: [{ a: 1 }, { b: 'é' }] },
    { items: [null, 3, 'x', [1], undefined, { z: undefined }], after: true, skipped: undefined },
    { items: 'not an array', x: 1 },
    { toJSON: () => ({ items: [1] }), items: [2] },
  ];
  for (const c of cases) assert.equal(documentJSON(c).toString(), JSON.stringify(c), JSON.stringify(c));
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue()), (rest, items) => {
      const doc = { ...rest, items: items.map((i) => deepFreeze(i)) };
      assert.equal(documentJSON(doc).toString(), JSON.stringify(doc));
    }),
  );
});

test('objectJSON caches frozen objects only', () => {
  const frozen = deepFreeze({ metadata: { name: 'a' } });
  assert.equal(objectJSON(frozen), objectJSON(frozen));
  assert.equal(objectJSON(frozen).toString(), '{"metadata":{"name":"a"}}');
  const open: Record<string, unknown> = { n: 1 };
  assert.equal(objectJSON(open).toString(), '{"n":1}');
  open['n'] = 2;
  assert.equal(objectJSON(open).toString(), '{"n":2}');
  const list = { items: [frozen, frozen] };
  assert.equal(documentJSON(list).toString(), JSON.stringify(list));
});
