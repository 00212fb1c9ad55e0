/**
 * The pod printer: READY, STATUS, RESTARTS and AGE as kubectl shows them, and the wide IP, NODE,
 * NOMINATED NODE and READINESS GATES columns.
 */
import type { Instant } from '../../apimachinery/meta/index.js';
import { AGE, column, NAME, wide } from './columns.js';
import { age, before, isZero, name, since, timestamp } from './format.js';
import { bool, int, isSet, list, type Obj, obj, objList, optBool, str } from './json.js';
import type { PrintContext, Printer, PrintedRow, TableRowCondition } from './types.js';

const SUCCEEDED: readonly TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED: readonly TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

/** The reason the node lifecycle controller sets on pods of an unreachable node. */
const NODE_LOST = 'NodeLost';

/** Columns of the pod table. */
export const POD_COLUMNS = [
  NAME,
  column('Ready', 'string', 'Ready containers out of all containers (sidecars included).'),
  column('Status', 'string', 'Summary of the pod phase and its containers states.'),
  column('Restarts', 'string', 'Container restarts, and how long ago the latest one was.'),
  AGE,
  wide('IP', 'string', 'The first IP address of the pod.'),
  wide('Node', 'string', 'The node the pod is bound to.'),
  wide('Nominated Node', 'string', 'The node preemption made room on for the pod.'),
  wide('Readiness Gates', 'string', 'Readiness gates whose condition is True, out of all gates.'),
] as const;

function hasCondition(status: Obj, type: string): boolean {
  return objList(status, 'conditions').some((c) => str(c, 'type') === type && str(c, 'status') === 'True');
}

/** The first `Initialized` condition decides, as upstream's lookup stops at the first match. */
function initializedTrue(status: Obj): boolean {
  const c = objList(status, 'conditions').find((cond) => str(cond, 'type') === 'Initialized');
  return c !== undefined && str(c, 'status') === 'True';
}

function terminatedReason(term: Obj, prefix: string): string {
  const reason = str(term, 'reason');
  if (reason !== '') return prefix + reason;
  const signal = int(term, 'signal');
  if (signal !== 0) return `${prefix}Signal:${signal}`;
  return `${prefix}ExitCode:${int(term, 'exitCode')}`;
}

/** When the container last finished, if its last state is a termination. */
function lastFinished(status: Obj): { terminated: boolean; at: Instant | undefined } {
  const term = obj(status, 'lastState', 'terminated');
  return term === undefined
    ? { terminated: false, at: undefined }
    : { terminated: true, at: timestamp(term, 'finishedAt') };
}

function readinessGates(spec: Obj, status: Obj): string {
  const gates = objList(spec, 'readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = objList(status, 'conditions');
  let trueCount = 0;
  for (const gate of gates) {
    const c = conditions.find((cond) => str(cond, 'type') === str(gate, 'conditionType'));
    if (c !== undefined && str(c, 'status') === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}

function orNone(s: string): string {
  return s === '' ? '<none>' : s;
}

/** Prints one pod as upstream's printPod does with wide output. Pure; never throws. */
export function printPod(pod: Obj, ctx: PrintContext): PrintedRow {
  const spec = obj(pod, 'spec') ?? {};
  const status = obj(pod, 'status') ?? {};
  let restarts = 0;
  let restartableRestarts = 0;
  let totalContainers = list(spec, 'containers').length;
  let readyContainers = 0;
  let lastRestart: Instant | undefined;
  let lastRestartableRestart: Instant | undefined;

  const phase = str(status, 'phase');
  let reason = str(status, 'reason') !== '' ? str(status, 'reason') : phase;
  for (const c of objList(status, 'conditions')) {
    if (str(c, 'type') === 'PodScheduled' && str(c, 'reason') === 'SchedulingGated')
      reason = 'SchedulingGated';
  }
  const conditions = phase === 'Succeeded' ? SUCCEEDED : phase === 'Failed' ? FAILED : undefined;

  // Keyed by name with the last definition winning, as upstream's map is built.
  const restartable = new Map<string, boolean>();
  const initContainers = objList(spec, 'initContainers');
  for (const c of initContainers) {
    const always = str(c, 'restartPolicy') === 'Always';
    restartable.set(str(c, 'name'), always);
    if (always) totalContainers++;
  }

  let initializing = false;
  const initStatuses = objList(status, 'initContainerStatuses');
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] ?? {};
    const count = int(cs, 'restartCount');
    restarts += count;
    const last = lastFinished(cs);
    if (last.terminated && before(lastRestart, last.at)) lastRestart = last.at;
    const isRestartable = restartable.get(str(cs, 'name')) === true;
    if (isRestartable) {
      restartableRestarts += count;
      if (last.terminated && before(lastRestartableRestart, last.at)) lastRestartableRestart = last.at;
    }
    const term = obj(cs, 'state', 'terminated');
    const waiting = obj(cs, 'state', 'waiting');
    if (term !== undefined && int(term, 'exitCode') === 0) continue;
    if (isRestartable && optBool(cs, 'started') === true) {
      if (bool(cs, 'ready')) readyContainers++;
      continue;
    }
    if (term !== undefined) {
      reason = terminatedReason(term, 'Init:');
    } else if (
      waiting !== undefined &&
      str(waiting, 'reason') !== '' &&
      str(waiting, 'reason') !== 'PodInitializing'
    ) {
      reason = `Init:${str(waiting, 'reason')}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || initializedTrue(status)) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    let errorReason = '';
    const statuses = objList(status, 'containerStatuses');
    // Walked backwards so that the first container's state wins, as upstream does.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      restarts += int(cs, 'restartCount');
      const last = lastFinished(cs);
      if (last.terminated && before(lastRestart, last.at)) lastRestart = last.at;
      const waiting = obj(cs, 'state', 'waiting');
      const term = obj(cs, 'state', 'terminated');
      if (waiting !== undefined && str(waiting, 'reason') !== '') {
        reason = str(waiting, 'reason');
      } else if (term !== undefined) {
        reason = terminatedReason(term, '');
        if (int(term, 'exitCode') !== 0) errorReason = reason;
      } else if (bool(cs, 'ready') && obj(cs, 'state', 'running') !== undefined) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A completed container next to a running one does not make the pod completed.
    if (reason === 'Completed') {
      if (hasRunning && hasCondition(status, 'Ready')) reason = 'Running';
      else if (errorReason !== '') reason = errorReason;
      else if (hasRunning) reason = 'NotReady';
    }
  }

  if (isSet(pod, 'metadata', 'deletionTimestamp')) {
    if (str(status, 'reason') === NODE_LOST) reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  }

  const restartsCell =
    restarts !== 0 && !isZero(lastRestart)
      ? `${restarts} (${since(ctx, lastRestart)} ago)`
      : String(restarts);
  const podIPs = objList(status, 'podIPs');
  const cells = [
    name(pod),
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsCell,
    age(pod, ctx),
    orNone(podIPs.length > 0 ? str(podIPs[0], 'ip') : ''),
    orNone(str(spec, 'nodeName')),
    orNone(str(status, 'nominatedNodeName')),
    readinessGates(spec, status),
  ];
  return conditions === undefined ? { cells, object: pod } : { cells, conditions, object: pod };
}

/** The pods printer. */
export const podPrinter: Printer = {
  columns: POD_COLUMNS,
  print: (objects, ctx) => objects.map((p) => printPod(p, ctx)),
};
