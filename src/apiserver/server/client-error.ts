import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { StatusError } from '../../apimachinery/errors/index.js';

/** The 405 kube-apiserver's router answers for a method that no route of the path serves. */
export function methodNotAllowed(): StatusError {
  return new StatusError({
    status: 'Failure',
    message: 'the server does not allow this method on the requested resource',
    reason: 'MethodNotAllowed',
    details: {},
    code: 405,
  });
}

// Node's own answers for the parser errors it names; everything else is a bare 400.
const plainAnswers: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};

/**
 * A `clientError` listener for the HTTPS server. Node's HTTP parser refuses methods it does not
 * know (`FOO`) before any handler runs, where Go's server passes them on and kube-apiserver's
 * router answers a 405 Status: that Status is written here. Other parser errors get Node's usual
 * bare answers. The answer goes out only on a connection that has sent nothing yet (as Node does),
 * and the connection is closed. Never throws.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const net = socket as Socket;
  if (net.writable && net.bytesWritten === 0) {
    if (err.code === 'HPE_INVALID_METHOD') {
      const body = JSON.stringify(methodNotAllowed().toJSON());
      net.write(
        'HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    } else {
      net.write(`HTTP/1.1 ${plainAnswers[err.code ?? ''] ?? '400 Bad Request'}\r\nConnection: close\r\n\r\n`);
    }
  }
  net.destroySoon();
}
