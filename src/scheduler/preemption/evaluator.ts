// The preemption flow shared by preemption plugins (upstream's preemption.Evaluator): check the
// preemptor may preempt, dry-run victim selection on nodes that failed with Unschedulable, pick the
// cheapest node, then evict its victims and return it as the preemptor's nominated node.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { isNotFound } from '../../apimachinery/errors/predicates.js';
import { POD_DISRUPTION_BUDGETS, PODS } from '../../client/resources.js';
import type { CycleState } from '../framework/cycle-state.js';
import { Status } from '../framework/status.js';
import type { NodeInfo, NodeToStatus } from '../framework/types.js';
import { noNodesAvailableMessage } from './fit-message.js';
import { pickOneNodeForPreemption } from './pick-node.js';
import { podPriority } from './pod-order.js';
import type { Candidate, NodeInfoOps, PreemptionHandle, PreemptionInterface, Victims } from './types.js';

/** What PostFilter returns: the nominated node ('' clears a previous one; undefined keeps it). */
export interface PreemptResult {
  readonly nominatedNodeName?: string;
  readonly status: Status;
}

/** The reason reported for nodes the dry run did not look at. */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';

/** Dependencies of an Evaluator. */
export interface EvaluatorOptions {
  /** The plugin's name (reported on waiting pods it rejects). */
  readonly pluginName: string;
  readonly handle: PreemptionHandle;
  readonly impl: PreemptionInterface;
  readonly nodeInfoOps: NodeInfoOps;
}

/**
 * Runs preemption for one pod per call. Not reentrant for the same pod; calls for different pods
 * may interleave (each works on its own copies of state and node infos).
 */
export class Evaluator {
  readonly pluginName: string;
  private readonly handle: PreemptionHandle;
  private readonly impl: PreemptionInterface;
  private readonly ops: NodeInfoOps;

  constructor(opts: EvaluatorOptions) {
    this.pluginName = opts.pluginName;
    this.handle = opts.handle;
    this.impl = opts.impl;
    this.ops = opts.nodeInfoOps;
    // Registered now so that these informers start and sync with the scheduler's others.
    this.handle.informers.informerFor(PODS);
    this.handle.informers.informerFor(POD_DISRUPTION_BUDGETS);
  }

  /**
   * Tries to make room for `pod`. Success carries the node to nominate; Unschedulable with
   * nominatedNodeName '' means preemption cannot help (the message is the FitError text of the dry
   * run); Unschedulable or Error without a node keeps the pod's nomination as it is.
   */
  async preempt(state: CycleState, podIn: Pod, m: NodeToStatus): Promise<PreemptResult> {
    // The informer's copy is newer than the one the cycle started with (e.g. its nomination). Pods
    // the informer has not seen yet are taken as given.
    const ns = podIn.metadata?.namespace ?? '';
    const name = podIn.metadata?.name ?? '';
    const pod = this.handle.informers.informerFor(PODS).lister.get(ns, name) ?? podIn;

    const nominated = pod.status?.nominatedNodeName ?? '';
    const nominatedStatus = nominated === '' ? undefined : (m.get(nominated) ?? Status.unresolvable());
    const eligible = this.impl.podEligibleToPreemptOthers(pod, nominatedStatus);
    if (!eligible.ok) return { status: Status.unschedulable(eligible.reason) };

    const allNodes = this.handle.snapshot.nodeInfos.list();
    if (allNodes.length === 0) return { status: Status.error('no nodes available') };
    const { candidates, statuses, errors } = this.findCandidates(state, allNodes, pod, m);
    if (candidates.length === 0) {
      if (errors.length > 0) return { status: Status.error(errors.map((e) => e.message).join(', ')) };
      const msg = noNodesAvailableMessage(
        allNodes.length,
        statuses,
        Status.unresolvable(PREEMPTION_NOT_HELPFUL),
      );
      return { nominatedNodeName: '', status: Status.unschedulable(msg) };
    }

    const best = this.selectCandidate(candidates);
    if (best === undefined || best.name === '') {
      return { status: Status.unschedulable('no candidate node for preemption') };
    }
    const prepared = await this.prepareCandidate(best, pod);
    if (!prepared.isSuccess()) return { status: prepared };
    return { nominatedNodeName: best.name, status: Status.success() };
  }

  /** Nodes whose filter status was Unschedulable (absent nodes count as unresolvable), dry-run. */
  findCandidates(
    state: CycleState,
    allNodes: readonly NodeInfo[],
    pod: Pod,
    m: NodeToStatus,
  ): { candidates: Candidate[]; statuses: Map<string, Status>; errors: Error[] } {
    const potential: NodeInfo[] = [];
    for (const n of allNodes) if (m.get(n.name)?.code === 'Unschedulable') potential.push(n);
    if (potential.length === 0) {
      this.handle.log.info(3, 'preemption', 'Preemption will not help schedule pod on any node', {
        pod: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`,
      });
      return { candidates: [], statuses: new Map(), errors: [] };
    }
    const pdbs = this.handle.informers.informerFor(POD_DISRUPTION_BUDGETS).lister.list();
    const { offset, numCandidates } = this.impl.getOffsetAndNumCandidates(potential.length);
    return this.dryRunPreemption(state, pod, potential, pdbs, offset, numCandidates);
  }

  /**
   * Selects victims on the potential nodes, starting at `offset` and wrapping around, until
   * `numCandidates` candidates (at least one without PDB violations) are found. Candidates without
   * PDB violations come first. Nodes that cannot host the pod get their status in `statuses`.
   */
  dryRunPreemption(
    state: CycleState,
    pod: Pod,
    potential: readonly NodeInfo[],
    pdbs: readonly PodDisruptionBudget[],
    offset: number,
    numCandidates: number,
  ): { candidates: Candidate[]; statuses: Map<string, Status>; errors: Error[] } {
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const statuses = new Map<string, Status>();
    const errors: Error[] = [];
    for (let i = 0; i < potential.length; i++) {
      const original = potential[(offset + i) % potential.length];
      if (original === undefined) continue;
      const nodeInfo = this.ops.snapshot(original);
      let { victims, numPDBViolations, status } = this.impl.selectVictimsOnNode(
        state.clone(),
        pod,
        nodeInfo,
        pdbs,
      );
      if (status.isSuccess() && victims.length > 0) {
        const c: Candidate = { name: original.name, victims: { pods: victims, numPDBViolations } };
        const list = numPDBViolations === 0 ? nonViolating : violating;
        if (list.length < numCandidates) list.push(c);
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      if (status.isSuccess()) {
        status = Status.error(`expected at least one victim pod on node "${original.name}"`);
      }
      if (status.code === 'Error') errors.push(status.err ?? new Error(status.message()));
      statuses.set(original.name, status);
    }
    return { candidates: [...nonViolating, ...violating], statuses, errors };
  }

  /** The candidate whose preemption costs least (see pickOneNodeForPreemption). */
  selectCandidate(candidates: readonly Candidate[]): Candidate | undefined {
    if (candidates.length <= 1) return candidates[0];
    const byNode = new Map<string, Victims>();
    for (const c of candidates) byNode.set(c.name, c.victims);
    const funcs = this.impl.orderedScoreFuncs?.(byNode);
    const node = pickOneNodeForPreemption(byNode, funcs, this.handle.clock.now());
    const victims = byNode.get(node);
    return victims === undefined ? candidates[0] : { name: node, victims };
  }

  /**
   * Evicts the candidate's victims (waiting pods are rejected instead; pods already terminating
   * are left alone), then clears the nomination of lower-priority pods nominated to the node.
   * Victims get the DisruptionTarget condition before deletion. The first failure is returned.
   */
  async prepareCandidate(c: Candidate, pod: Pod): Promise<Status> {
    const results = await Promise.allSettled(
      c.victims.pods.map(async (victim) => {
        if (victim.metadata?.deletionTimestamp) return;
        await this.preemptPod(c, pod, victim);
      }),
    );
    for (const r of results) {
      if (r.status === 'rejected') {
        return Status.error(r.reason instanceof Error ? r.reason : String(r.reason));
      }
    }
    const prio = podPriority(pod);
    for (const pi of this.handle.nominator.nominatedPodsForNode(c.name)) {
      const p = pi.pod;
      if (podPriority(p) >= prio || !p.status?.nominatedNodeName) continue;
      try {
        await this.handle.client.resource(PODS).patch(
          p.metadata?.namespace ?? '',
          p.metadata?.name ?? '',
          'merge',
          {
            status: { nominatedNodeName: null },
          },
          { subresource: 'status' },
        );
      } catch (e) {
        // Not critical: the pod keeps a stale nomination until its next cycle.
        this.handle.log.error('preemption', "Cannot clear 'NominatedNodeName' field", {
          pod: `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`,
          err: e instanceof Error ? e.message : String(e),
        });
      }
    }
    return Status.success();
  }

  private async preemptPod(c: Candidate, preemptor: Pod, victim: Pod): Promise<void> {
    const ns = victim.metadata?.namespace ?? '';
    const name = victim.metadata?.name ?? '';
    const waiting = victim.metadata?.uid ? this.handle.getWaitingPod?.(victim.metadata.uid) : undefined;
    if (waiting !== undefined) {
      waiting.reject(this.pluginName, 'preempted');
    } else {
      const pods = this.handle.client.resource(PODS);
      const condition = disruptionCondition(preemptor, victim, this.handle.clock.now());
      if (condition !== undefined) {
        try {
          await pods.patch(
            ns,
            name,
            'strategic',
            { status: { conditions: [condition] } },
            { subresource: 'status' },
          );
        } catch (e) {
          if (isNotFound(e)) return;
          throw e;
        }
      }
      try {
        await pods.delete(ns, name);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
    }
    this.handle.recorder.event(
      victim,
      'Normal',
      'Preempted',
      `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${c.name}`,
    );
  }
}

/**
 * The DisruptionTarget condition preemption sets on a victim, or undefined when the victim already
 * carries it with the same status, reason and message (upstream's UpdatePodCondition). Pure.
 */
export function disruptionCondition(preemptor: Pod, victim: Pod, now: number): PodCondition | undefined {
  const message = `${preemptor.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`;
  const existing = victim.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
  if (
    existing?.status === 'True' &&
    existing.reason === 'PreemptionByScheduler' &&
    existing.message === message
  ) {
    return undefined;
  }
  const cond: PodCondition = {
    type: 'DisruptionTarget',
    status: 'True',
    reason: 'PreemptionByScheduler',
    message,
    lastTransitionTime:
      existing?.status === 'True' && existing.lastTransitionTime
        ? existing.lastTransitionTime
        : new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  };
  const generation = victim.metadata?.generation;
  if (generation !== undefined)
    (cond as PodCondition & { observedGeneration?: number }).observedGeneration = generation;
  return cond;
}
