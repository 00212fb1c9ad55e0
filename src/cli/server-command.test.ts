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
  assert.equal(a.verbosity, 0);
  assert.equal(a.maxRequestsInFlight, 400);
  assert.equal(a.maxMutatingRequestsInFlight, 200);
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
    '--max-requests-inflight',
    '10',
    '--max-mutating-requests-inflight=0',
    '--v=3',
    '--disable-controller-manager',
    '--cluster-cidr=10.100.0.0/16',
    '--controllers',
    '*,-nodeipam',
    '--node-monitor-grace-period=1m',
  ]);
  assert.deepEqual(a, {
    kind: 'run',
    dataDir: '/tmp/k',
    bindAddress: '127.0.0.1',
    securePort: 0,
    tokenAuthFile: '/t.csv',
    etcdServers: ['http://127.0.0.1:2379', 'http://127.0.0.1:22379'],
    disableAgent: true,
    verbosity: 3,
    maxRequestsInFlight: 10,
    maxMutatingRequestsInFlight: 0,
    serviceClusterIPRange: undefined,
    serviceNodePortRange: undefined,
    advertiseAddress: undefined,
    disableControllerManager: true,
    disableScheduler: false,
    controllerFlags: {
      controllers: ['*', '-nodeipam'],
      options: {
        clusterCIDR: '10.100.0.0/16',
        nodeCIDRMaskSize: 24,
        nodeMonitorGracePeriodMs: 60_000,
        nodeEvictionRate: 0.1,
        secondaryNodeEvictionRate: 0.01,
        unhealthyZoneThreshold: 0.55,
        largeClusterSizeThreshold: 50,
        terminatedPodGCThreshold: 12_500,
        concurrentSyncs: {},
      },
    },
  });
});

test('controller flag errors', () => {
  const cases: [string[], string][] = [
    [['--controllers=*,nope'], '--controllers: "nope" is not in the list of known controllers'],
    [['--cluster-cidr=10.0.0.0'], 'invalid value "10.0.0.0" for --cluster-cidr: want a CIDR'],
    [
      ['--node-monitor-grace-period=soon'],
      'invalid value "soon" for --node-monitor-grace-period: want a duration like 40s',
    ],
    [
      ['--unhealthy-zone-threshold=2'],
      'invalid value "2" for --unhealthy-zone-threshold: want a fraction in (0, 1]',
    ],
    [
      ['--terminated-pod-gc-threshold=-1'],
      'invalid value "-1" for --terminated-pod-gc-threshold: want a whole number',
    ],
  ];
  for (const [args, message] of cases) assert.deepEqual(parseServerArgs(args), { kind: 'error', message });
});

const verbosity: Array<[string, string[], number]> = [
  ['-v N', ['-v', '2'], 2],
  ['-vN', ['-v4'], 4],
  ['--v N', ['--v', '1'], 1],
  ['--v=N', ['--v=5'], 5],
];
for (const [name, args, want] of verbosity) {
  test(`verbosity ${name}`, () => {
    const a = parseServerArgs(args);
    assert.equal(a.kind, 'run');
    if (a.kind === 'run') assert.equal(a.verbosity, want);
  });
}

const bad: Array<[string, string[], RegExp]> = [
  ['unknown flag', ['--nope'], /Unknown option '--nope'/],
  ['port out of range', ['--secure-port', '70000'], /invalid value "70000" for --secure-port/],
  ['port not a number', ['--secure-port=http'], /invalid value "http" for --secure-port/],
  ['stray argument', ['extra'], /Unexpected argument 'extra'/],
  ['verbosity not a number', ['-v', 'high'], /invalid value "high" for --v: want a whole number/],
  ['negative verbosity', ['--v=-1'], /invalid value "-1" for --v/],
  ['verbosity without a value', ['-v'], /argument missing/],
  ['negative limit', ['--max-requests-inflight=-5'], /invalid value "-5" for --max-requests-inflight/],
  [
    'fractional mutating limit',
    ['--max-mutating-requests-inflight', '1.5'],
    /invalid value "1.5" for --max-mutating-requests-inflight/,
  ],
];
for (const [name, args, want] of bad) {
  test(name, () => {
    const a = parseServerArgs(args);
    assert.equal(a.kind, 'error');
    if (a.kind === 'error') assert.match(a.message, want);
  });
}

test('help', () => assert.deepEqual(parseServerArgs(['-h']), { kind: 'help' }));
