import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Logger } from '../../log/index.js';
import { logRequest, remoteAddr } from './http-log.js';

const entry = {
  verb: 'LIST',
  uri: '/api/v1/namespaces/default/pods?limit=500',
  latencyNs: 1_234_567n,
  userAgent: 'kubectl/v1.33.0 (linux/amd64) kubernetes/abcdef',
  srcIP: '127.0.0.1:40312',
  status: 200,
};

function capture(verbosity: number) {
  const lines: string[] = [];
  const logger = new Logger({
    verbosity,
    write: (l) => lines.push(l),
    now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    pid: 99,
  });
  return { logger, lines };
}

describe('logRequest', () => {
  it('writes upstream httplog keys in order at -v 3', () => {
    const { logger, lines } = capture(3);
    logRequest(logger, entry);
    assert.deepEqual(lines, [
      'I0102 03:04:05.006000      99 httplog] "HTTP" verb="LIST" URI="/api/v1/namespaces/default/pods?limit=500" ' +
        'latency="1.234567ms" userAgent="kubectl/v1.33.0 (linux/amd64) kubernetes/abcdef" srcIP="127.0.0.1:40312" resp=200\n',
    ]);
  });

  it('quotes what a client controls', () => {
    const { logger, lines } = capture(5);
    logRequest(logger, {
      ...entry,
      userAgent: 'evil"\nI0000 fake line',
      latencyNs: 2_500_000_000n,
      status: 429,
    });
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /userAgent="evil\\"\\nI0000 fake line"/);
    assert.match(lines[0]!, /latency="2\.5s"/);
    assert.match(lines[0]!, /resp=429\n$/);
  });

  it('writes nothing below -v 3', () => {
    const { logger, lines } = capture(2);
    logRequest(logger, entry);
    assert.deepEqual(lines, []);
  });
});

describe('remoteAddr', () => {
  it('prints ip:port, bracketing IPv6', () => {
    assert.equal(remoteAddr('10.0.0.1', 443), '10.0.0.1:443');
    assert.equal(remoteAddr('::1', 5555), '[::1]:5555');
    assert.equal(remoteAddr(undefined, undefined), ':0');
  });
});
