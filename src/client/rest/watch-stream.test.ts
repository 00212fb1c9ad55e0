import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeWatchEvent, decodeWatchStream, splitLines } from './watch-stream.js';

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('splitLines', () => {
  it('joins lines split across chunks and splits chunks holding several lines', async () => {
    const got = await collect(splitLines(chunks('{"a"', ':1}\n{"b":2}\n{"c', '":3}\n\n', '{"d":4}')));
    assert.deepEqual(got, ['{"a":1}', '{"b":2}', '{"c":3}', '{"d":4}']);
  });

  it('keeps multi-byte characters split between chunks', async () => {
    const bytes = Buffer.from('"héllo"\n');
    const got = await collect(splitLines(chunks(bytes.subarray(0, 3), bytes.subarray(3))));
    assert.deepEqual(got, ['"héllo"']);
  });

  it('handles a large line spread over many small chunks', async () => {
    const big = JSON.stringify({
      type: 'ADDED',
      object: { metadata: { name: 'x' }, data: { k: 'v'.repeat(200_000) } },
    });
    const parts: string[] = [];
    for (let i = 0; i < big.length; i += 1000) parts.push(big.slice(i, i + 1000));
    parts.push('\n');
    const events = await collect(decodeWatchStream(chunks(...parts)));
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type, 'ADDED');
  });
});

describe('decodeWatchEvent', () => {
  it('decodes object events and ERROR statuses', () => {
    assert.deepEqual(decodeWatchEvent('{"type":"MODIFIED","object":{"kind":"Pod"}}'), {
      type: 'MODIFIED',
      object: { kind: 'Pod' },
    });
    const err = decodeWatchEvent(
      '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}}',
    );
    assert.equal(err.type, 'ERROR');
    assert.equal(err.type === 'ERROR' && err.object.code, 410);
  });

  it('rejects malformed events', () => {
    assert.throws(() => decodeWatchEvent('{"type":'), /unable to decode watch event/);
    assert.throws(() => decodeWatchEvent('{"type":"NOPE","object":{}}'), /unknown type "NOPE"/);
    assert.throws(() => decodeWatchEvent('{"type":"ADDED"}'), /without an object/);
  });
});
