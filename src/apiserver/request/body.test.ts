import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBody, MAX_BODY_DEPTH, yamlShape } from './body.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
function failure(text: string, fmt: 'json' | 'yaml'): string {
  const r = decodeBody(enc(text), fmt);
  assert.ok(!r.ok, `decoded: ${text.slice(0, 40)}`);
  assert.equal(r.error.code, 400);
  assert.equal(r.error.reason, 'BadRequest');
  return r.error.status.message ?? '';
}
function value(text: string, fmt: 'json' | 'yaml'): unknown {
  const r = decodeBody(enc(text), fmt);
  assert.ok(r.ok, r.ok ? '' : r.error.status.message);
  return r.value;
}

describe('decodeBody', () => {
  it('refuses JSON nested past the body limit as Go words its own', () => {
    assert.ok(Array.isArray(value('['.repeat(MAX_BODY_DEPTH) + ']'.repeat(MAX_BODY_DEPTH), 'json')));
    const deeper = MAX_BODY_DEPTH + 1;
    assert.equal(
      failure('['.repeat(deeper) + ']'.repeat(deeper), 'json'),
      "invalid character '[' exceeded max depth",
    );
    assert.equal(failure('{"a":'.repeat(100_000), 'json'), "invalid character '{' exceeded max depth");
  });

  it('refuses deep YAML before the YAML library recurses into it', () => {
    const want = `error converting YAML to JSON: yaml: exceeded max depth of ${MAX_BODY_DEPTH}`;
    for (const n of [MAX_BODY_DEPTH + 1, 5000, 100_000]) {
      assert.equal(failure(`a: ${'['.repeat(n)}${']'.repeat(n)}`, 'yaml'), want);
      assert.equal(failure(`${'- '.repeat(n)}1`, 'yaml'), want);
      assert.equal(failure('{a: '.repeat(n), 'yaml'), want);
    }
    assert.ok(Array.isArray(value(`${'- '.repeat(100)}1`, 'yaml')));
  });

  it('refuses aliases that nest an anchor past the limit', () => {
    const half = Math.ceil(MAX_BODY_DEPTH / 2) + 1;
    const text = `a: &x ${'['.repeat(half)}${']'.repeat(half)}\nb: ${'['.repeat(half)}*x${']'.repeat(half)}`;
    assert.equal(
      failure(text, 'yaml'),
      `error converting YAML to JSON: yaml: exceeded max depth of ${MAX_BODY_DEPTH}`,
    );
  });

  it('refuses an anchor that contains itself (cyclic data) as Go does', () => {
    assert.equal(
      failure('a: &x [*x]', 'yaml'),
      "error converting YAML to JSON: yaml: anchor 'x' value contains itself",
    );
    assert.equal(
      failure('a: &loop\n  b: *loop\n', 'yaml'),
      "error converting YAML to JSON: yaml: anchor 'loop' value contains itself",
    );
    assert.deepEqual(value('a: &x 1\nb: *x', 'yaml'), { a: 1, b: 1 });
  });

  it("reads YAML as Go's decoder: first document, last duplicate key wins", () => {
    assert.deepEqual(value('a: 1\n---\nb: [', 'yaml'), { a: 1 });
    assert.deepEqual(value('a: 1\na: 2', 'yaml'), { a: 2 });
    assert.equal(value('', 'yaml'), null);
    assert.equal(value('# only a comment', 'yaml'), null);
    assert.equal(
      failure('a: 1\nb: [', 'yaml'),
      'error converting YAML to JSON: yaml: line 2: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  it('refuses mapping keys that are collections, as Go does', () => {
    const map = 'error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}';
    const seq = 'error converting YAML to JSON: yaml: invalid map key: []interface {}';
    assert.equal(failure('{a: 1}: b', 'yaml'), map);
    assert.equal(failure('? [1, 2]\n: b', 'yaml'), seq);
    assert.equal(failure('? - 1\n: b', 'yaml'), seq);
    assert.equal(failure(`x: ${'{'.repeat(400)}"a": 1${'}'.repeat(400)}`, 'yaml'), map);
    assert.deepEqual(value('[{a: 1}, [b]]', 'yaml'), [{ a: 1 }, ['b']]);
  });

  it('measures YAML on the syntax tree, giving up early on deep input', () => {
    assert.equal(yamlShape('a: 1', 10).depth, 1);
    assert.equal(yamlShape('a:\n  b:\n    c: [1, {d: 2}]\n', 10).depth, 5);
    assert.equal(yamlShape('scalar', 10).depth, 0);
    const deep = yamlShape('['.repeat(1_000_000), 10);
    assert.ok(deep.depth > 10 && deep.depth < 20, String(deep.depth));
  });
});
