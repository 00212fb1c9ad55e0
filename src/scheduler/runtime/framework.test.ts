import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ManualClock } from '../../client/testing/manual-clock.js';
import { DISCARD_LOGGER } from '../../log/index.js';
import { CycleState } from '../framework/cycle-state.js';
import { Status } from '../framework/status.js';
import type { Handle, NodeInfo, Plugin, PluginFactory, PodInfo } from '../framework/types.js';
import * as defaultBinder from '../plugins/defaultbinder/index.js';
import * as queueSort from '../plugins/queuesort/index.js';
import { multiPointOnly, type PluginRef } from './extension-points.js';
import { Framework } from './framework.js';

const node = (name: string): NodeInfo => ({ name }) as NodeInfo;
const pod = (priority = 0, uid = 'p'): Pod => ({
  metadata: { name: uid, namespace: 'ns', uid },
  spec: { containers: [], priority },
});

function build(
  plugins: Record<string, Plugin>,
  enabled: PluginRef[],
  nominated: PodInfo[] = [],
  log: string[] = [],
) {
  const registry = new Map<string, PluginFactory>([
    [queueSort.NAME, queueSort.factory],
    [defaultBinder.NAME, defaultBinder.factory],
  ]);
  for (const [n, p] of Object.entries(plugins)) registry.set(n, () => p);
  const handle = {
    clock: new ManualClock(0),
    log: DISCARD_LOGGER,
    nominator: { nominatedPodsForNode: () => nominated },
  } as unknown as Omit<Handle, 'runFilterPluginsWithNominatedPods'>;
  return new Framework({
    schedulerName: 'default-scheduler',
    registry,
    plugins: multiPointOnly({
      enabled: [{ name: 'PrioritySort', weight: 0 }, ...enabled, { name: 'DefaultBinder', weight: 0 }],
      disabled: [],
    }),
    pluginConfig: new Map(),
    percentageOfNodesToScore: undefined,
    handle,
    nodeInfoWithPod: (ni, pi) => {
      log.push(`add ${pi.pod.metadata?.uid} to ${ni.name}`);
      return { ...ni, pods: [...(ni.pods ?? []), pi] } as NodeInfo;
    },
  });
}

describe('Framework', () => {
  it('intersects PreFilter results and skips Filter for Skip', () => {
    const f = build(
      {
        A: { name: 'A', preFilter: () => ({ result: { nodeNames: new Set(['a', 'b']) } }) } as Plugin,
        B: {
          name: 'B',
          preFilter: () => ({ result: { nodeNames: new Set(['b', 'c']) } }),
        } as Plugin,
        C: {
          name: 'C',
          preFilter: () => ({ status: Status.of('Skip') }),
          filter: () => Status.unschedulable('no'),
        } as Plugin,
      },
      [
        { name: 'A', weight: 0 },
        { name: 'B', weight: 0 },
        { name: 'C', weight: 0 },
      ],
    );
    const state = new CycleState();
    const r = f.runPreFilterPlugins(state, pod(), []);
    assert.deepEqual([...(r.result?.nodeNames ?? [])], ['b']);
    assert.equal(r.status, undefined);
    assert.equal(f.runFilterPlugins(state, pod(), node('b')), undefined);
  });

  it('reports an empty PreFilter intersection as unresolvable', () => {
    const f = build(
      {
        A: { name: 'A', preFilter: () => ({ result: { nodeNames: new Set(['a']) } }) } as Plugin,
        B: { name: 'B', preFilter: () => ({ result: { nodeNames: new Set(['b']) } }) } as Plugin,
      },
      [
        { name: 'A', weight: 0 },
        { name: 'B', weight: 0 },
      ],
    );
    const r = f.runPreFilterPlugins(new CycleState(), pod(), []);
    assert.equal(r.status?.code, 'UnschedulableAndUnresolvable');
    assert.equal(r.status?.message(), "node(s) didn't satisfy plugin(s) [A B] simultaneously");
  });

  it('stops Filter at the first failure and attributes it', () => {
    const calls: string[] = [];
    const f = build(
      {
        A: {
          name: 'A',
          filter: () => {
            calls.push('A');
            return Status.unschedulable('Insufficient cpu');
          },
        } as Plugin,
        B: {
          name: 'B',
          filter: () => {
            calls.push('B');
            return undefined;
          },
        } as Plugin,
      },
      [
        { name: 'A', weight: 0 },
        { name: 'B', weight: 0 },
      ],
    );
    const s = f.runFilterPlugins(new CycleState(), pod(), node('n'));
    assert.equal(s?.plugin, 'A');
    assert.equal(s?.message(), 'Insufficient cpu');
    assert.deepEqual(calls, ['A']);
  });

  it('weights normalized scores', () => {
    const f = build(
      {
        S: {
          name: 'S',
          score: (_s: CycleState, _p: Pod, n: NodeInfo) => ({ score: n.name === 'a' ? 10 : 20 }),
          normalizeScore: (_s: CycleState, _p: Pod, scores: { score: number }[]) => {
            for (const x of scores) x.score *= 5;
            return undefined;
          },
        } as Plugin,
        T: { name: 'T', score: () => ({ score: 100 }) } as Plugin,
      },
      [
        { name: 'S', weight: 2 },
        { name: 'T', weight: 0 },
      ],
    );
    const r = f.runScorePlugins(new CycleState(), pod(), [node('a'), node('b')]);
    assert.deepEqual(
      r.scores.map((s) => s.totalScore),
      [200, 300],
    );
    const bad = build({ S: { name: 'S', score: () => ({ score: 101 }) } as Plugin }, [
      { name: 'S', weight: 1 },
    ]);
    assert.match(
      bad.runScorePlugins(new CycleState(), pod(), [node('a')]).status?.message() ?? '',
      /invalid score 101/,
    );
  });

  it('unreserves in reverse order', async () => {
    const calls: string[] = [];
    const mk = (n: string, fail: boolean) =>
      ({
        name: n,
        reserve: () => {
          calls.push(`r${n}`);
          return fail ? Status.unschedulable('x') : undefined;
        },
        unreserve: () => {
          calls.push(`u${n}`);
        },
      }) as Plugin;
    const f = build({ A: mk('A', false), B: mk('B', true) }, [
      { name: 'A', weight: 0 },
      { name: 'B', weight: 0 },
    ]);
    const s = await f.runReservePluginsReserve(new CycleState(), pod(), 'n');
    assert.equal(s?.plugin, 'B');
    await f.runReservePluginsUnreserve(new CycleState(), pod(), 'n');
    assert.deepEqual(calls, ['rA', 'rB', 'uB', 'uA']);
  });

  it('parks a pod at Permit until allowed', async () => {
    const f = build(
      { P: { name: 'P', permit: () => ({ status: Status.of('Wait'), timeoutMs: 1000 }) } as Plugin },
      [{ name: 'P', weight: 0 }],
    );
    const p = pod();
    assert.equal(f.runPermitPlugins(new CycleState(), p, 'n')?.code, 'Wait');
    const w = f.waitOnPermit(p);
    f.waitingPods.get('p')?.allow('P');
    assert.equal(await w, undefined);
    assert.equal(f.runPermitPlugins(new CycleState(), p, 'n')?.code, 'Wait');
    const w2 = f.waitOnPermit(p);
    f.waitingPods.get('p')?.reject('P', 'nope');
    assert.equal((await w2)?.message(), 'nope');
  });

  it('runs Filter with nominated pods of equal or higher priority, then without', () => {
    const seen: number[] = [];
    const log: string[] = [];
    const nominated = [{ pod: pod(5, 'hi') } as PodInfo, { pod: pod(-1, 'lo') } as PodInfo];
    const f = build(
      {
        F: {
          name: 'F',
          filter: (_s: CycleState, _p: Pod, n: NodeInfo) => {
            seen.push(n.pods?.length ?? 0);
            return undefined;
          },
        } as Plugin,
      },
      [{ name: 'F', weight: 0 }],
      nominated,
      log,
    );
    assert.equal(f.runFilterPluginsWithNominatedPods(new CycleState(), pod(1), node('n')), undefined);
    assert.deepEqual(seen, [1, 0]);
    assert.deepEqual(log, ['add hi to n']);
  });

  it('rejects unknown plugins and binds with the first non-skip binder', async () => {
    assert.throws(() => build({}, [{ name: 'Nope', weight: 0 }]), /"Nope" does not exist/);
    const f = build({ B: { name: 'B', bind: async () => Status.of('Skip') } as Plugin }, [
      { name: 'B', weight: 0 },
    ]);
    assert.deepEqual(
      f.bindPlugins.map((p) => p.name),
      ['B', 'DefaultBinder'],
    );
  });
});
