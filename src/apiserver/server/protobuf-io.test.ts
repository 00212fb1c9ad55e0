import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import { decodeProtobufObject } from './protobuf-io.js';

const magic = [0x6b, 0x38, 0x73, 0x00];
const str = (s: string) => [...Buffer.from(s)];
// k8s\0 + runtime.Unknown{TypeMeta{apiVersion, kind}, Raw: raw}
function envelope(apiVersion: string, kind: string, raw: number[]): Uint8Array {
  const typeMeta = [0x0a, apiVersion.length, ...str(apiVersion), 0x12, kind.length, ...str(kind)];
  return new Uint8Array([...magic, 0x0a, typeMeta.length, ...typeMeta, 0x12, raw.length, ...raw]);
}

function message(bytes: Uint8Array): string {
  try {
    decodeProtobufObject(bytes, 'v1', 'ConfigMap');
  } catch (e) {
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    return e.message;
  }
  return assert.fail('decoded');
}

describe('decodeProtobufObject', () => {
  const unrecognized = 'the object provided is unrecognized (must be of type ConfigMap): ';
  it('reports envelope failures as an unrecognized object with a summary of the body', () => {
    assert.equal(message(new Uint8Array()), `${unrecognized}empty data (<empty>)`);
    assert.equal(
      message(new Uint8Array([1, 2, 3])),
      `${unrecognized}provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] (010203)`,
    );
    assert.equal(message(new Uint8Array(magic)), `${unrecognized}empty body (6b387300)`);
  });

  it('reports failures after the type is known against that type', () => {
    assert.equal(
      message(envelope('v1', 'Foo', [])),
      'Foo in version "v1" cannot be handled as a ConfigMap: ' +
        'no kind "Foo" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
    assert.equal(
      message(envelope('v1', 'ConfigMap', [0x0a, 0x05])),
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF',
    );
  });

  it('decodes a good body', () => {
    assert.deepEqual(decodeProtobufObject(envelope('v1', 'ConfigMap', []), 'v1', 'ConfigMap'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
    });
  });
});
