import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ago, D, M, rowOf, S } from './testing.js';

type Json = Record<string, unknown>;

const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: 'img' }));
const running = { running: { startedAt: ago(M) } };
const terminated = (t: Json) => ({ terminated: t });
const lastFinished = (ms: number) => ({ terminated: { exitCode: 1, finishedAt: ago(ms) } });
const sidecar = (name: string) => ({ name, image: 'img', restartPolicy: 'Always' });

function pod(spec: Json, status: Json, meta: Json = {}): Json {
  return { metadata: { name: 'p', ...meta }, spec, status };
}

interface Case {
  readonly name: string;
  readonly pod: Json;
  /** READY, STATUS, RESTARTS */
  readonly want: readonly [string, string, string];
}

// Scenarios follow upstream's TestPrintPod* tables, plus evicted, signal, exit-code and image-pull cases.
const cases: readonly Case[] = [
  {
    name: 'one ready running container of two, restarts summed',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'podPhase',
        containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }],
      },
    ),
    want: ['1/2', 'podPhase', '6'],
  },
  {
    name: 'waiting reason of a container wins over the phase',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'podPhase',
        containerStatuses: [
          { ready: true, restartCount: 3, state: running },
          { restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } },
        ],
      },
    ),
    want: ['1/2', 'ContainerWaitingReason', '6'],
  },
  {
    name: 'terminated reason of a container wins over the phase',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'podPhase',
        containerStatuses: [
          { ready: true, restartCount: 3, state: running },
          { restartCount: 3, state: terminated({ reason: 'ContainerTerminatedReason' }) },
        ],
      },
    ),
    want: ['1/2', 'ContainerTerminatedReason', '6'],
  },
  {
    name: 'status.reason overrides the phase',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'podPhase',
        reason: 'PodReason',
        containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }],
      },
    ),
    want: ['1/2', 'PodReason', '6'],
  },
  {
    name: 'evicted pod shows Evicted',
    pod: pod({ containers: containers(1) }, { phase: 'Failed', reason: 'Evicted' }),
    want: ['0/1', 'Evicted', '0'],
  },
  {
    name: 'terminated without reason: signal',
    pod: pod(
      { containers: containers(1) },
      { phase: 'Running', containerStatuses: [{ state: terminated({ exitCode: 137, signal: 9 }) }] },
    ),
    want: ['0/1', 'Signal:9', '0'],
  },
  {
    name: 'terminated without reason: exit code',
    pod: pod(
      { containers: containers(1) },
      { phase: 'Running', containerStatuses: [{ state: terminated({ exitCode: 2 }) }] },
    ),
    want: ['0/1', 'ExitCode:2', '0'],
  },
  {
    name: 'CrashLoopBackOff with last restart time',
    pod: pod(
      { containers: containers(1) },
      {
        phase: 'Running',
        containerStatuses: [
          {
            restartCount: 5,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: lastFinished(5 * M),
          },
        ],
      },
    ),
    want: ['0/1', 'CrashLoopBackOff', '5 (5m ago)'],
  },
  {
    name: 'ErrImagePull and ImagePullBackOff',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'Pending',
        containerStatuses: [
          { state: { waiting: { reason: 'ImagePullBackOff' } } },
          { state: { waiting: { reason: 'ErrImagePull' } } },
        ],
      },
    ),
    want: ['0/2', 'ImagePullBackOff', '0'],
  },
  {
    name: 'ContainerCreating',
    pod: pod(
      { containers: containers(1) },
      { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] },
    ),
    want: ['0/1', 'ContainerCreating', '0'],
  },
  {
    name: 'completed container next to a running one without Ready condition: NotReady',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'Running',
        containerStatuses: [
          { ready: true, restartCount: 3, state: terminated({ reason: 'Completed', exitCode: 0 }) },
          { ready: true, restartCount: 3, state: running },
        ],
      },
    ),
    want: ['1/2', 'NotReady', '6'],
  },
  {
    name: 'completed container next to a running one with Ready condition: Running',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { ready: true, restartCount: 3, state: terminated({ reason: 'Completed', exitCode: 0 }) },
          { ready: true, restartCount: 3, state: running },
        ],
      },
    ),
    want: ['1/2', 'Running', '6'],
  },
  {
    name: 'completed first container and a failed one: the error reason',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'Running',
        containerStatuses: [
          { state: terminated({ reason: 'Completed', exitCode: 0 }) },
          { state: terminated({ reason: 'Error', exitCode: 1 }) },
        ],
      },
    ),
    want: ['0/2', 'Error', '0'],
  },
  {
    name: 'init container restarting: Init:0/1 and its restart time',
    pod: pod(
      { initContainers: containers(1), containers: containers(1) },
      {
        phase: 'podPhase',
        initContainerStatuses: [{ restartCount: 3, state: running, lastState: lastFinished(10 * S) }],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    ),
    want: ['0/1', 'Init:0/1', '3 (10s ago)'],
  },
  {
    name: 'two init containers, first restarting: Init:0/2',
    pod: pod(
      { initContainers: containers(2), containers: containers(1) },
      {
        phase: 'podPhase',
        initContainerStatuses: [
          { restartCount: 3, state: running, lastState: lastFinished(10 * S) },
          { state: { waiting: {} } },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    ),
    want: ['0/1', 'Init:0/2', '3 (10s ago)'],
  },
  {
    name: 'first init container done, second restarting: Init:1/2',
    pod: pod(
      { initContainers: containers(2), containers: containers(1) },
      {
        phase: 'podPhase',
        initContainerStatuses: [
          { state: terminated({}) },
          { restartCount: 3, state: running, lastState: lastFinished(10 * S) },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    ),
    want: ['0/1', 'Init:1/2', '3 (10s ago)'],
  },
  {
    name: 'restarts of done and running init containers add up, latest time shown',
    pod: pod(
      { initContainers: containers(2), containers: containers(1) },
      {
        phase: 'podPhase',
        initContainerStatuses: [
          { restartCount: 2, state: terminated({}), lastState: lastFinished(2 * M) },
          { restartCount: 3, state: running, lastState: lastFinished(10 * S) },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    ),
    want: ['0/1', 'Init:1/2', '5 (10s ago)'],
  },
  {
    name: 'init containers done: only regular container restarts count',
    pod: pod(
      { initContainers: containers(1), containers: containers(1) },
      {
        phase: 'Running',
        initContainerStatuses: [{ restartCount: 2, state: terminated({}), lastState: lastFinished(2 * M) }],
        containerStatuses: [{ restartCount: 4, state: running, lastState: lastFinished(20 * S) }],
      },
    ),
    want: ['0/1', 'Running', '4 (20s ago)'],
  },
  {
    name: 'init container failed with a reason: Init:Error',
    pod: pod(
      { initContainers: containers(1), containers: containers(1) },
      { phase: 'Pending', initContainerStatuses: [{ state: terminated({ reason: 'Error', exitCode: 1 }) }] },
    ),
    want: ['0/1', 'Init:Error', '0'],
  },
  {
    name: 'init container failed without a reason: Init:ExitCode',
    pod: pod(
      { initContainers: containers(1), containers: containers(1) },
      { phase: 'Pending', initContainerStatuses: [{ state: terminated({ exitCode: 3 }) }] },
    ),
    want: ['0/1', 'Init:ExitCode:3', '0'],
  },
  {
    name: 'init container killed by a signal: Init:Signal',
    pod: pod(
      { initContainers: containers(1), containers: containers(1) },
      { phase: 'Pending', initContainerStatuses: [{ state: terminated({ exitCode: 137, signal: 9 }) }] },
    ),
    want: ['0/1', 'Init:Signal:9', '0'],
  },
  {
    name: 'init container waiting with a reason: Init:CrashLoopBackOff',
    pod: pod(
      { initContainers: containers(1), containers: containers(1) },
      {
        phase: 'Pending',
        initContainerStatuses: [{ restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
      },
    ),
    want: ['0/1', 'Init:CrashLoopBackOff', '1'],
  },
  {
    name: 'init container waiting as PodInitializing counts as not started: Init:0/1',
    pod: pod(
      { initContainers: containers(1), containers: containers(1) },
      { phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }] },
    ),
    want: ['0/1', 'Init:0/1', '0'],
  },
  {
    name: 'main containers PodInitializing after init',
    pod: pod(
      { initContainers: containers(1), containers: containers(1) },
      {
        phase: 'Pending',
        initContainerStatuses: [{ state: terminated({ reason: 'Completed', exitCode: 0 }) }],
        containerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }],
      },
    ),
    want: ['0/1', 'PodInitializing', '0'],
  },
  {
    name: 'restart 5d ago',
    pod: pod(
      { containers: containers(1) },
      {
        phase: 'Running',
        containerStatuses: [{ ready: true, restartCount: 3, state: running, lastState: lastFinished(5 * D) }],
      },
    ),
    want: ['1/1', 'Running', '3 (5d ago)'],
  },
  {
    name: 'one container never restarted, the other 10d ago',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'Running',
        containerStatuses: [
          { ready: true, state: running },
          { ready: true, restartCount: 3, state: running, lastState: lastFinished(10 * D) },
        ],
      },
    ),
    want: ['2/2', 'Running', '3 (10d ago)'],
  },
  {
    name: 'latest of two restart times wins',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'Running',
        containerStatuses: [
          { ready: true, restartCount: 6, state: running, lastState: lastFinished(5 * D) },
          { ready: true, restartCount: 3, state: running, lastState: lastFinished(20 * D) },
        ],
      },
    ),
    want: ['2/2', 'Running', '9 (5d ago)'],
  },
  {
    name: 'restarts without a last termination time print the bare count',
    pod: pod(
      { containers: containers(1) },
      { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 2, state: running }] },
    ),
    want: ['1/1', 'Running', '2'],
  },
  {
    name: 'scheduling gated',
    pod: pod(
      { containers: containers(2) },
      {
        phase: 'podPhase',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      },
    ),
    want: ['0/2', 'SchedulingGated', '0'],
  },
  {
    name: 'succeeded pod: Completed',
    pod: pod(
      { containers: containers(1) },
      {
        phase: 'Succeeded',
        containerStatuses: [{ state: terminated({ reason: 'Completed', exitCode: 0 }) }],
      },
    ),
    want: ['0/1', 'Completed', '0'],
  },
  {
    name: 'succeeded pod being deleted stays Completed',
    pod: pod(
      { containers: containers(1) },
      {
        phase: 'Succeeded',
        containerStatuses: [{ state: terminated({ reason: 'Completed', exitCode: 0 }) }],
      },
      { deletionTimestamp: ago(S) },
    ),
    want: ['0/1', 'Completed', '0'],
  },
  {
    name: 'running pod being deleted: Terminating',
    pod: pod(
      { containers: containers(1) },
      { phase: 'Running', containerStatuses: [{ state: running }] },
      { deletionTimestamp: ago(S) },
    ),
    want: ['0/1', 'Terminating', '0'],
  },
  {
    name: 'pending pod being deleted: Terminating',
    pod: pod({ containers: containers(1) }, { phase: 'Pending' }, { deletionTimestamp: ago(S) }),
    want: ['0/1', 'Terminating', '0'],
  },
  {
    name: 'pod of a lost node being deleted: Unknown',
    pod: pod(
      { containers: containers(1) },
      { phase: 'Running', reason: 'NodeLost', containerStatuses: [{ ready: true, state: running }] },
      { deletionTimestamp: ago(S) },
    ),
    want: ['1/1', 'Unknown', '0'],
  },
  {
    name: 'NodeLost without deletion keeps the container summary',
    pod: pod(
      { containers: containers(1) },
      { phase: 'Running', reason: 'NodeLost', containerStatuses: [{ ready: true, state: running }] },
    ),
    want: ['1/1', 'NodeLost', '0'],
  },
  {
    name: 'sidecars: first running but not started, Init:0/2',
    pod: pod(
      { initContainers: [sidecar('s1'), sidecar('s2')], containers: containers(1) },
      {
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'False' }],
        initContainerStatuses: [
          { name: 's1', restartCount: 3, state: running, started: false, lastState: lastFinished(10 * S) },
          { name: 's2', state: { waiting: {} }, started: false },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    ),
    want: ['0/3', 'Init:0/2', '3 (10s ago)'],
  },
  {
    name: 'sidecars: first started, second not: Init:1/2',
    pod: pod(
      { initContainers: [sidecar('s1'), sidecar('s2')], containers: containers(1) },
      {
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'False' }],
        initContainerStatuses: [
          { name: 's1', restartCount: 3, state: running, started: true, lastState: lastFinished(10 * S) },
          { name: 's2', state: running, started: false },
        ],
        containerStatuses: [{ state: { waiting: {} } }],
      },
    ),
    want: ['0/3', 'Init:1/2', '3 (10s ago)'],
  },
  {
    name: 'sidecars started and the main container running: sidecar restarts count',
    pod: pod(
      { initContainers: [sidecar('s1'), sidecar('s2')], containers: containers(1) },
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          { name: 's1', restartCount: 3, state: running, started: true, lastState: lastFinished(10 * S) },
          { name: 's2', state: running, started: true },
        ],
        containerStatuses: [
          { ready: true, restartCount: 4, state: running, lastState: lastFinished(20 * S) },
        ],
      },
    ),
    want: ['1/3', 'Running', '7 (10s ago)'],
  },
  {
    name: 'ready sidecars count as ready containers',
    pod: pod(
      { initContainers: [sidecar('s1')], containers: containers(1) },
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [{ name: 's1', ready: true, state: running, started: true }],
        containerStatuses: [{ ready: true, state: running }],
      },
    ),
    want: ['2/2', 'Running', '0'],
  },
  {
    name: 'sidecars terminated with errors after the job completed: Completed',
    pod: pod(
      { initContainers: [sidecar('s1'), sidecar('s2')], containers: containers(1) },
      {
        phase: 'Succeeded',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          {
            name: 's1',
            restartCount: 3,
            state: terminated({ reason: 'Error', exitCode: 137 }),
            started: false,
            lastState: lastFinished(10 * S),
          },
          { name: 's2', state: terminated({ reason: 'Error', exitCode: 137 }), started: false },
        ],
        containerStatuses: [
          {
            restartCount: 4,
            state: terminated({ reason: 'Completed', exitCode: 0 }),
            lastState: lastFinished(20 * S),
          },
        ],
      },
    ),
    want: ['0/3', 'Completed', '7 (10s ago)'],
  },
  {
    name: 'statuses of unknown init containers and containers',
    pod: pod(
      {
        initContainers: [{ name: 'init1', image: 'i' }, sidecar('sidecar1')],
        containers: [{ name: 'container1', image: 'c' }],
      },
      {
        phase: 'Running',
        initContainerStatuses: [{ name: 'initinvalid' }, { name: 'init1' }, { name: 'sidecar1' }],
        containerStatuses: [{ name: 'containerinvalid' }, { name: 'container1' }],
      },
    ),
    want: ['0/2', 'Init:0/2', '0'],
  },
  {
    name: 'empty pod',
    pod: {},
    want: ['0/0', '', '0'],
  },
];

describe('pod STATUS, READY and RESTARTS', () => {
  for (const c of cases) {
    test(c.name, () => {
      const cells = rowOf('', 'pods', c.pod).cells;
      assert.deepEqual(cells.slice(1, 4), [...c.want]);
    });
  }
});

describe('pod row conditions', () => {
  const base = (phase: string) =>
    pod(
      { containers: containers(2) },
      { phase, containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }] },
    );
  test('running pod has none', () => {
    const row = rowOf('', 'pods', base('Running'));
    assert.equal(row.conditions, undefined);
    assert.deepEqual(row.cells.slice(1, 4), ['1/2', 'Running', '6']);
  });
  test('succeeded pod is Completed/Succeeded', () => {
    const row = rowOf('', 'pods', base('Succeeded'));
    assert.deepEqual(row.conditions, [
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    assert.equal(row.cells[2], 'Succeeded');
  });
  test('failed pod is Completed/Failed', () => {
    const row = rowOf('', 'pods', base('Failed'));
    assert.deepEqual(row.conditions, [
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
  });
});

describe('pod wide columns', () => {
  const gates = [{ conditionType: 'c1' }, { conditionType: 'c2' }, { conditionType: 'c3' }];
  const cases = [
    {
      name: 'first pod IP, node, nominated node, readiness gates',
      pod: pod(
        { containers: containers(2), nodeName: 'node-a', readinessGates: gates },
        {
          phase: 'podPhase',
          podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }],
          nominatedNodeName: 'node1',
          conditions: [
            { type: 'c1', status: 'False' },
            { type: 'c2', status: 'True' },
          ],
          containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }],
        },
        { creationTimestamp: ago(2 * D) },
      ),
      want: ['p', '1/2', 'podPhase', '6', '2d', '1.1.1.1', 'node-a', 'node1', '1/3'],
    },
    {
      name: 'nothing set reads <none>',
      pod: pod({ containers: containers(1) }, { phase: 'Pending' }),
      want: ['p', '0/1', 'Pending', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(rowOf('', 'pods', c.pod).cells, c.want));
  }
});
