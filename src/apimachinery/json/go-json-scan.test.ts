import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GO_JSON_MAX_DEPTH, GoJSONSyntaxError, scanGoJSON } from './go-json-scan.js';
import { plainValue } from './plain.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const scanError = (s: string, maxDepth?: number): string => {
  try {
    scanGoJSON(enc(s), maxDepth);
  } catch (e) {
    assert.ok(e instanceof GoJSONSyntaxError, String(e));
    return e.message;
  }
  return assert.fail(`scanned: ${s.slice(0, 40)}`);
};

describe('scanGoJSON', () => {
  it('decodes nested documents', () => {
    const doc = '{"a":[1,{"b":null,"c":[true,false,"x"]},[]],"d":{},"e":-1.5e3}';
    assert.deepEqual(plainValue(scanGoJSON(enc(doc))), JSON.parse(doc));
    assert.deepEqual(plainValue(scanGoJSON(enc(' [ ] '))), []);
    assert.deepEqual(plainValue(scanGoJSON(enc('{"a":1,"a":2}'))), { a: 2 });
  });

  it("reports Go's syntax errors", () => {
    const cases: [string, string][] = [
      ['', 'unexpected end of JSON input'],
      ['{', 'unexpected end of JSON input'],
      ['[1,]', "invalid character ']' looking for beginning of value"],
      ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['{"a":1 "b"}', `invalid character '"' after object key:value pair`],
      ['[1 2]', "invalid character '2' after array element"],
      ['{} x', "invalid character 'x' after top-level value"],
      ['{1:2}', "invalid character '1' looking for beginning of object key string"],
      ['tru', 'unexpected end of JSON input'],
      ['[nul]', "invalid character ']' in literal null (expecting 'l')"],
    ];
    for (const [input, want] of cases) assert.equal(scanError(input), want, input);
  });

  it("stops at Go's nesting limit with Go's text, without using the stack", () => {
    const at = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);
    assert.doesNotThrow(() => scanGoJSON(enc(at(GO_JSON_MAX_DEPTH, '[', ']'))));
    assert.equal(scanError(at(GO_JSON_MAX_DEPTH + 1, '[', ']')), "invalid character '[' exceeded max depth");
    assert.equal(scanError('{"a":'.repeat(200_000)), "invalid character '{' exceeded max depth");
    assert.equal(scanError('['.repeat(1_000_000)), "invalid character '[' exceeded max depth");
  });

  it('takes a lower limit', () => {
    assert.doesNotThrow(() => scanGoJSON(enc('[[[]]]'), 3));
    assert.equal(scanError('[[[[]]]]', 3), "invalid character '[' exceeded max depth");
    assert.equal(scanError('[{"a":{}}]', 2), "invalid character '{' exceeded max depth");
  });
});
