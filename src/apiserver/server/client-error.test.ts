import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { answerClientError } from './client-error.js';

let server: Server;
let port: number;
before(async () => {
  server = createServer((_req, res) => res.end('handled'));
  server.on('clientError', answerClientError);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

// Sends raw bytes and returns everything the server wrote before closing.
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let out = '';
    s.on('data', (c: Buffer) => {
      out += c.toString();
    });
    s.on('close', () => resolve(out));
    s.on('error', reject);
  });
}

describe('answerClientError', () => {
  it('answers a method the parser does not know with the 405 Status', async () => {
    const out = await raw('FOO /api/v1/namespaces HTTP/1.1\r\nHost: x\r\n\r\n');
    const [head, body] = out.split('\r\n\r\n');
    assert.match(head!, /^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    assert.match(head!, /\r\nContent-Type: application\/json\r\n/);
    assert.match(head!, /\r\nConnection: close/);
    assert.deepEqual(JSON.parse(body!), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server does not allow this method on the requested resource',
      reason: 'MethodNotAllowed',
      details: {},
      code: 405,
    });
  });

  it("keeps Node's bare answers for other malformed requests", async () => {
    assert.equal(
      await raw('GET / HTTP/9.9\r\n\r\n'),
      'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n',
    );
    const big = `GET / HTTP/1.1\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`;
    assert.match(await raw(big), /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  });

  it('leaves good requests to the handler', async () => {
    assert.match(await raw('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /\r\n\r\nhandled$/);
  });
});
