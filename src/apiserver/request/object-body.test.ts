import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeObjectBody, summarizeBody } from './object-body.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const typeMeta =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function message(text: string, fmt: 'json' | 'yaml'): string {
  const r = decodeObjectBody(enc(text), fmt, 'ConfigMap');
  assert.ok(!r.ok, `decoded: ${text}`);
  assert.equal(r.error.code, 400);
  assert.equal(r.error.reason, 'BadRequest');
  return r.error.status.message ?? '';
}

describe('summarizeBody', () => {
  it('shows object text, hex for anything else, and cuts at 30 bytes', () => {
    assert.equal(summarizeBody(enc('')), '<empty>');
    assert.equal(summarizeBody(enc('{"a":1}')), '{"a":1}');
    assert.equal(summarizeBody(enc('[]')), '5b5d');
    assert.equal(summarizeBody(enc(`{"a":"${'x'.repeat(40)}"}`)), `{"a":"${'x'.repeat(24)} ...`);
    assert.equal(summarizeBody(enc('x'.repeat(31))), `${'78'.repeat(30)} ...`);
  });
});

describe('decodeObjectBody', () => {
  const prefix = 'the object provided is unrecognized (must be of type ConfigMap): ';
  it("wraps JSON syntax errors as upstream's create and update handlers do", () => {
    assert.equal(
      message('{', 'json'),
      `${prefix}couldn't get version/kind; json parse error: unexpected end of JSON input ({)`,
    );
    assert.equal(
      message('', 'json'),
      `${prefix}couldn't get version/kind; json parse error: unexpected end of JSON input (<empty>)`,
    );
    assert.equal(
      message('{"a":}', 'json'),
      `${prefix}couldn't get version/kind; json parse error: invalid character '}' looking for beginning of value ({"a":})`,
    );
  });

  it('names the Go type a non-object document cannot be read into', () => {
    for (const [text, kind, summary] of [
      ['[]', 'array', '5b5d'],
      ['"x"', 'string', '227822'],
      ['12', 'number', '3132'],
      ['true', 'bool', '74727565'],
    ]) {
      assert.equal(
        message(text!, 'json'),
        `${prefix}couldn't get version/kind; json parse error: json: cannot unmarshal ${kind} into Go value of type ${typeMeta} (${summary})`,
      );
    }
    assert.equal(
      message('- 1', 'yaml'),
      `${prefix}couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type ${typeMeta} (2d2031)`,
    );
  });

  it('wraps YAML conversion errors with a hex summary', () => {
    assert.equal(
      message('a: &x [*x]', 'yaml'),
      `${prefix}error converting YAML to JSON: yaml: anchor 'x' value contains itself (613a202678205b2a785d)`,
    );
  });

  it('reads null and empty YAML as an empty object', () => {
    assert.deepEqual(decodeObjectBody(enc('null'), 'json', 'Pod'), { ok: true, value: {} });
    assert.deepEqual(decodeObjectBody(enc(''), 'yaml', 'Pod'), { ok: true, value: {} });
    assert.deepEqual(decodeObjectBody(enc('kind: Pod'), 'yaml', 'Pod'), { ok: true, value: { kind: 'Pod' } });
  });
});
