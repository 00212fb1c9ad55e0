import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { StatusError } from '../../apimachinery/errors/index.js';
import { readBody } from './body.js';

// A loopback server that answers with the body's length, or with the refusal's code and message.
let server: Server;
let port: number;
before(async () => {
  server = createServer((req, res) => {
    readBody(req, 1024).then(
      (b) => res.end(`ok ${b.length}`),
      (e: unknown) => {
        const s = e instanceof StatusError ? e : undefined;
        res.writeHead(s?.code ?? 500);
        res.end(s === undefined ? String(e) : `${s.reason}: ${s.message}`);
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

function post(body: Buffer, chunked: boolean): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = chunked ? {} : { 'Content-Length': String(body.length) };
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers, agent: false },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve({ code: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    // Several writes, as a client streaming a large body does.
    for (let i = 0; i < body.length; i += 4096) req.write(body.subarray(i, i + 4096));
    req.end();
  });
}

describe('readBody', () => {
  it('reads a body up to the limit', async () => {
    assert.deepEqual(await post(Buffer.alloc(1024, 1), false), { code: 200, text: 'ok 1024' });
    assert.deepEqual(await post(Buffer.alloc(0), true), { code: 200, text: 'ok 0' });
  });

  it('answers 413 to a larger body, and the client still reads the answer', async () => {
    const want = { code: 413, text: 'RequestEntityTooLarge: Request entity too large: limit is 1024' };
    for (const chunked of [false, true]) {
      assert.deepEqual(await post(Buffer.alloc(1025, 1), chunked), want);
      assert.deepEqual(await post(Buffer.alloc(2 * 1024 * 1024, 1), chunked), want);
    }
  });
});
