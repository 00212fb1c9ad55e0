import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ago, NOW, rowOf } from './testing.js';

test('testing fixtures: ago formats whole seconds before NOW', () => {
  assert.equal(ago(10_000), '2026-01-14T11:59:50Z');
  assert.deepEqual(rowOf('', 'namespaces', { metadata: { name: 'x' } }).cells, ['x', '', '<unknown>']);
  assert.equal(NOW.toISOString(), '2026-01-14T12:00:00.000Z');
});
