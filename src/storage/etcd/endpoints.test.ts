import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { StoreError } from '../store.js';
import { parseEndpoint, parseEndpoints } from './endpoints.js';

describe('parseEndpoint', () => {
  const good: Array<[string, string, string, boolean]> = [
    ['http URL', 'http://127.0.0.1:2379', '127.0.0.1:2379', false],
    ['https URL', 'https://etcd-0.example:2379', 'etcd-0.example:2379', true],
    ['trailing slash', 'http://127.0.0.1:2379/', '127.0.0.1:2379', false],
    ['bare host:port', 'localhost:2379', 'localhost:2379', false],
    ['IPv6', 'https://[::1]:2379', '[::1]:2379', true],
    ['upper-case scheme', 'HTTPS://10.0.0.1:2379', '10.0.0.1:2379', true],
  ];
  for (const [name, url, target, tls] of good) {
    test(name, () => assert.deepEqual(parseEndpoint(url), { url, target, tls }));
  }
  const bad: Array<[string, string, RegExp]> = [
    ['empty', '', /no host/],
    ['scheme only', 'http://', /no host/],
    ['unix socket', 'unix:///var/run/etcd.sock', /unsupported scheme "unix"/],
    ['no port', 'http://127.0.0.1', /missing port/],
    ['IPv6 without port', 'http://[::1]', /missing port/],
    ['path', 'http://127.0.0.1:2379/v3', /only host:port/],
    ['user info', 'http://user@127.0.0.1:2379', /only host:port/],
    ['port 0', 'http://127.0.0.1:0', /port 0 out of range/],
    ['port too large', 'http://127.0.0.1:65536', /out of range/],
    ['named port', 'http://127.0.0.1:etcd', /bad port/],
    ['bad host', 'http://-bad-:2379', /bad host/],
  ];
  for (const [name, url, message] of bad) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => parseEndpoint(url),
        (err: unknown) => {
          assert.ok(err instanceof StoreError);
          assert.equal(err.code, 'invalid');
          assert.match(err.message, message);
          assert.ok(err.message.includes(JSON.stringify(url)), 'the message names the endpoint');
          return true;
        },
      );
    });
  }

  test('an empty list is rejected', () => {
    assert.throws(() => parseEndpoints([]), /no etcd endpoints given/);
  });

  test('fuzz: returns a host:port target or throws StoreError', () => {
    const arb = fc.oneof(
      fc.string(),
      fc
        .tuple(
          fc.constantFrom('http://', 'https://', 'ftp://', ''),
          fc.string(),
          fc.constantFrom(':', ''),
          fc.string(),
        )
        .map((parts) => parts.join('')),
      fc.tuple(fc.ipV4(), fc.integer({ min: -1, max: 70000 })).map(([h, p]) => `http://${h}:${p}`),
    );
    fc.assert(
      fc.property(arb, (url) => {
        try {
          const e = parseEndpoint(url);
          assert.match(e.target, /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):[0-9]+$/);
        } catch (err) {
          assert.ok(err instanceof StoreError, `unexpected ${String(err)}`);
          assert.equal(err.code, 'invalid');
        }
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });
});
