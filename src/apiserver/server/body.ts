import type { IncomingMessage } from 'node:http';
import { requestEntityTooLarge } from '../../apimachinery/errors/index.js';

/** kube-apiserver's limit on a request body (3 MiB). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/**
 * How much of a refused body is still read and dropped so that the client, which is usually still
 * sending, gets to read the 413 instead of a reset connection. Past it the connection is cut.
 */
export const MAX_DISCARDED_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Reads a request body, refusing more than `limit` bytes with upstream's 413
 * (`Request entity too large: limit is 3145728`). A refused body is drained in the background
 * (up to MAX_DISCARDED_BODY_BYTES more) rather than dropped with its connection. Rejects with the
 * stream's error when the client goes away mid-body.
 */
export function readBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const onData = (b: Buffer): void => {
      size += b.length;
      if (refused) {
        if (size > limit + MAX_DISCARDED_BODY_BYTES) req.destroy();
        return;
      }
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(requestEntityTooLarge(`limit is ${limit}`));
        return;
      }
      chunks.push(b);
    };
    const onEnd = (): void => {
      cleanup();
      if (!refused) resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error): void => {
      cleanup();
      if (!refused) reject(err);
    };
    const onClose = (): void => {
      if (req.complete) return;
      cleanup();
      if (!refused) reject(new Error('the client closed the connection before sending the whole body'));
    };
    const cleanup = (): void => {
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      // Keep discarding whatever still arrives after a refusal.
      if (!refused) req.off('data', onData);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}
