import type { IncomingMessage } from 'node:http';
import { requestEntityTooLarge } from '../../apimachinery/errors/index.js';

/** kube-apiserver's limit on a request body (3 MiB). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/** Reads a request body, refusing more than the limit with upstream's 413. */
export async function readBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw requestEntityTooLarge(`limit is ${limit}`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
