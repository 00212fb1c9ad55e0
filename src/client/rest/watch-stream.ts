// Decoding of a watch response: newline-delimited JSON events.
import { isStatusObject } from '../../apimachinery/errors/index.js';
import type { KubeObject, WatchEvent } from '../types.js';

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines, whatever the chunk boundaries (a line may span many chunks;
 * a chunk may hold many lines). Blank lines are skipped; a last line without a newline is
 * yielded at the end. Bytes are joined before decoding, so multi-byte characters split across
 * chunks survive. Each line is copied once however many chunks it spans.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  for await (const chunk of chunks) {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl >= 0; nl = buf.indexOf(NEWLINE, start)) {
      pending.push(buf.subarray(start, nl));
      const line = Buffer.concat(pending).toString('utf8');
      pending = [];
      start = nl + 1;
      if (line.trim() !== '') yield line;
    }
    if (start < buf.length) pending.push(Buffer.from(buf.subarray(start)));
  }
  const rest = Buffer.concat(pending).toString('utf8');
  if (rest.trim() !== '') yield rest;
}

const TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** One decoded watch event line; throws an Error naming the problem for anything else. */
export function decodeWatchEvent<T extends KubeObject>(line: string): WatchEvent<T> {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    throw new Error(`unable to decode watch event: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== 'object') throw new Error('unable to decode watch event: not an object');
  const { type, object } = v as { type?: unknown; object?: unknown };
  if (typeof type !== 'string' || !TYPES.has(type)) {
    throw new Error(`unable to decode watch event: unknown type ${JSON.stringify(type)}`);
  }
  if (object === null || typeof object !== 'object') {
    throw new Error(`unable to decode watch event: ${type} without an object`);
  }
  if (type === 'ERROR') {
    if (!isStatusObject(object)) throw new Error('unable to decode watch event: ERROR without a Status');
    return { type, object };
  }
  return { type: type as 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK', object: object as T };
}

/** The watch events of a response body stream, in order. */
export async function* decodeWatchStream<T extends KubeObject>(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<WatchEvent<T>> {
  for await (const line of splitLines(chunks)) yield decodeWatchEvent<T>(line);
}
