import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonSyntaxError, scanJson, toJsonNode } from './json-node.js';

describe('scanJson', () => {
  it('keeps duplicate keys and number literals', () => {
    assert.deepEqual(scanJson('{"a":1.0,"a":[true,null,"x\\u0041"]}'), {
      kind: 'object',
      members: [
        ['a', { kind: 'number', raw: '1.0' }],
        [
          'a',
          {
            kind: 'array',
            items: [{ kind: 'bool', value: true }, { kind: 'null' }, { kind: 'string', value: 'xA' }],
          },
        ],
      ],
    });
  });
  const bad: { name: string; text: string }[] = [
    { name: 'empty', text: '' },
    { name: 'trailing data', text: '{} x' },
    { name: 'trailing comma', text: '[1,]' },
    { name: 'leading zero', text: '01' },
    { name: 'bare word', text: 'nul' },
    { name: 'unterminated string', text: '"abc' },
    { name: 'bad escape', text: '"\\x"' },
    { name: 'control character', text: '"a\nb"' },
    { name: 'missing colon', text: '{"a" 1}' },
    { name: 'too deep', text: '['.repeat(1002) },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, () => assert.throws(() => scanJson(c.text), JsonSyntaxError));
  }
  it('accepts nesting up to the limit', () => {
    assert.equal(scanJson(`${'['.repeat(1000)}${']'.repeat(1000)}`).kind, 'array');
  });
  it('toJsonNode cuts very deep values', () => {
    let v: unknown = 1;
    for (let i = 0; i < 5000; i++) v = [v];
    assert.equal(toJsonNode(v).kind, 'array');
  });
  it('agrees with JSON.parse on valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        assert.deepEqual(scanJson(text), toJsonNode(JSON.parse(text)));
      }),
      { seed: 1, numRuns: 1000 },
    );
  });
  it('fuzz: returns a node or throws JsonSyntaxError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((j) => j.slice(0, j.length - 1)),
        ),
        (s) => {
          try {
            scanJson(s);
          } catch (e) {
            assert.ok(e instanceof JsonSyntaxError, String(e));
            assert.ok(e.message.length > 0);
          }
        },
      ),
      { seed: 3, numRuns: 2000 },
    );
  });
});
