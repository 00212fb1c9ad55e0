import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StatusError } from '../../apimachinery/errors/index.js';
import { decodeObject, encodeObject, type JsonObject, PROTOBUF_MAGIC, ProtobufEncodeError } from './index.js';

const RUNS = 2000;

/** magic + Unknown{typeMeta{apiVersion, kind}, raw: body}: reaches the per-type decoder. */
function envelope(apiVersion: string, kind: string, body: Uint8Array): Uint8Array {
  const tm = Buffer.concat([
    Buffer.from([0x0a, apiVersion.length]),
    Buffer.from(apiVersion),
    Buffer.from([0x12, kind.length]),
    Buffer.from(kind),
  ]);
  const len = body.length < 128 ? [body.length] : [(body.length & 0x7f) | 0x80, body.length >> 7];
  return Buffer.concat([
    PROTOBUF_MAGIC,
    Buffer.from([0x0a, tm.length]),
    tm,
    Buffer.from([0x12, ...len]),
    body,
  ]);
}

function assertDeclaredOutcome(bytes: Uint8Array): void {
  const r = decodeObject(bytes);
  if (r.ok) {
    assert.equal(typeof r.object['kind'], 'string');
    return;
  }
  assert.ok(r.error instanceof StatusError);
  assert.equal(r.error.status.code, 400);
  assert.ok(r.error.message.length > 0);
}

const KINDS: Array<[string, string]> = [
  ['v1', 'ConfigMap'],
  ['v1', 'Pod'],
  ['apps/v1', 'Deployment'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['events.k8s.io/v1', 'Event'],
  ['v1', 'Status'],
];

describe('decoder fuzz', () => {
  it('random bytes after the magic never crash', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        assertDeclaredOutcome(Buffer.concat([PROTOBUF_MAGIC, tail]));
      }),
      { seed: 20240601, numRuns: RUNS },
    );
  });
  it('random object bodies of many kinds never crash', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.uint8Array({ maxLength: 300 }),
        ([apiVersion, kind], body) => {
          assertDeclaredOutcome(envelope(apiVersion, kind, body));
        },
      ),
      { seed: 424242, numRuns: RUNS },
    );
  });
  it('valid encodings with one corrupted byte never crash', () => {
    const pod: JsonObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { a: 'b' }, creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] },
    };
    const good = encodeObject(pod);
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const bad = Uint8Array.from(good);
        bad[at] = value;
        assertDeclaredOutcome(bad);
      }),
      { seed: 99, numRuns: RUNS },
    );
  });
  it('random bytes without the magic are rejected with the prefix message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 50 }), (bytes) => {
        fc.pre(!(bytes[0] === 0x6b && bytes[1] === 0x38 && bytes[2] === 0x73 && bytes[3] === 0));
        const r = decodeObject(bytes);
        assert.equal(r.ok, false);
        if (!r.ok) {
          const want =
            bytes.length === 0 ? /^empty data$/ : /^provided data does not appear to be a protobuf message/;
          assert.match(r.error.message, want);
        }
      }),
      { seed: 7, numRuns: RUNS },
    );
  });
});

describe('encoder fuzz', () => {
  it('random JSON fields either encode and decode, or throw ProtobufEncodeError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.dictionary(
          fc.constantFrom('metadata', 'spec', 'data', 'status', 'immutable', 'x'),
          fc.jsonValue(),
        ),
        ([apiVersion, kind], fields) => {
          const obj = { ...(fields as JsonObject), apiVersion, kind };
          let bytes: Uint8Array;
          try {
            bytes = encodeObject(obj);
          } catch (e) {
            assert.ok(e instanceof ProtobufEncodeError, String(e));
            return;
          }
          assertDeclaredOutcome(bytes);
        },
      ),
      { seed: 1234, numRuns: RUNS },
    );
  });
});
