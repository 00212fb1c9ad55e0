import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseServerArgs } from './server-command.js';

test('defaults', () => {
  const a = parseServerArgs([]);
  assert.equal(a.kind, 'run');
  if (a.kind !== 'run') return;
  assert.equal(a.dataDir, '/var/lib/kite');
  assert.equal(a.bindAddress, '0.0.0.0');
  assert.equal(a.securePort, 6443);
  assert.deepEqual(a.etcdServers, []);
  assert.equal(a.disableAgent, false);
});

test('every flag', () => {
  const a = parseServerArgs([
    '--data-dir=/tmp/k',
    '--bind-address',
    '127.0.0.1',
    '--secure-port',
    '0',
    '--token-auth-file',
    '/t.csv',
    '--etcd-servers',
    'http://127.0.0.1:2379,http://127.0.0.1:22379',
    '--disable-agent',
  ]);
  assert.deepEqual(a, {
    kind: 'run',
    dataDir: '/tmp/k',
    bindAddress: '127.0.0.1',
    securePort: 0,
    tokenAuthFile: '/t.csv',
    etcdServers: ['http://127.0.0.1:2379', 'http://127.0.0.1:22379'],
    disableAgent: true,
  });
});

const bad: Array<[string, string[], RegExp]> = [
  ['unknown flag', ['--nope'], /Unknown option '--nope'/],
  ['port out of range', ['--secure-port', '70000'], /invalid value "70000" for --secure-port/],
  ['port not a number', ['--secure-port=http'], /invalid value "http" for --secure-port/],
  ['stray argument', ['extra'], /Unexpected argument 'extra'/],
];
for (const [name, args, want] of bad) {
  test(name, () => {
    const a = parseServerArgs(args);
    assert.equal(a.kind, 'error');
    if (a.kind === 'error') assert.match(a.message, want);
  });
}

test('help', () => assert.deepEqual(parseServerArgs(['-h']), { kind: 'help' }));
