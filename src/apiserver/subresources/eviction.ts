import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import {
  badRequest,
  conflict,
  forbidden,
  internalError,
  isConflict,
  isNotFound,
  StatusError,
  tooManyRequests,
} from '../../apimachinery/errors/index.js';
import { labelSelectorAsSelector } from '../../apimachinery/labels/index.js';
import type {
  DeleteOptions,
  JsonObject,
  Preconditions,
  RegistryStore,
  RequestContext,
} from '../registry/index.js';
import { child, field, isObject, setPodCondition, str, successStatus, updateLatest } from './util.js';

/** Upstream's cap on status.disruptedPods before evictions are refused. */
export const MAX_DISRUPTED_POD_SIZE = 2000;
const EVICTION_RETRIES = 5;
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/** What eviction reads and writes. */
export interface EvictionStores {
  readonly pods: RegistryStore;
  readonly pdbs: RegistryStore;
}

/** The DeleteOptions an Eviction carries, merged with the request's dryRun as upstream does. */
export function evictionDeleteOptions(eviction: JsonObject, requestDryRun: readonly string[]): DeleteOptions {
  const raw = isObject(eviction['deleteOptions']) ? eviction['deleteOptions'] : undefined;
  const own = raw !== undefined && Array.isArray(raw['dryRun']) ? (raw['dryRun'] as string[]) : [];
  if (own.length > 0 && requestDryRun.length > 0 && JSON.stringify(own) !== JSON.stringify(requestDryRun)) {
    throw new StatusError({
      status: 'Failure',
      code: 500,
      message: `DryRun in DeleteOptions ([${own.join(' ')}]) and CreateOptions ([${requestDryRun.join(' ')}]) do not match`,
    });
  }
  const dryRun = (own.length > 0 ? own : requestDryRun).length > 0;
  const out: {
    -readonly [K in keyof DeleteOptions]: DeleteOptions[K];
  } = { dryRun };
  if (raw === undefined) return out;
  if (typeof raw['gracePeriodSeconds'] === 'number') out.gracePeriodSeconds = raw['gracePeriodSeconds'];
  if (typeof raw['orphanDependents'] === 'boolean') out.orphanDependents = raw['orphanDependents'];
  if (typeof raw['propagationPolicy'] === 'string') out.propagationPolicy = raw['propagationPolicy'];
  const pre = field(raw, 'preconditions');
  const p: { uid?: string; resourceVersion?: string } = {};
  if (typeof pre['uid'] === 'string') p.uid = pre['uid'];
  if (typeof pre['resourceVersion'] === 'string') p.resourceVersion = pre['resourceVersion'];
  if (p.uid !== undefined || p.resourceVersion !== undefined) out.preconditions = p;
  return out;
}

function phase(pod: JsonObject): string {
  return str(field(pod, 'status'), 'phase');
}

// Terminal, pending or already deleting pods are deleted without consulting budgets.
function canIgnorePDB(pod: JsonObject): boolean {
  const p = phase(pod);
  return (
    p === 'Succeeded' ||
    p === 'Failed' ||
    p === 'Pending' ||
    typeof field(pod, 'metadata')['deletionTimestamp'] === 'string'
  );
}

function isReady(pod: JsonObject): boolean {
  const conds = field(pod, 'status')['conditions'];
  return (
    Array.isArray(conds) && conds.some((c) => isObject(c) && c['type'] === 'Ready' && c['status'] === 'True')
  );
}

function num(obj: JsonObject, name: string): number {
  const v = obj[name];
  return typeof v === 'number' ? v : 0;
}

function withResourceVersion(o: DeleteOptions, rv: string): DeleteOptions {
  return { ...o, preconditions: { ...o.preconditions, resourceVersion: rv } };
}

/** The budgets in the pod's namespace whose (non-empty) selector matches the pod's labels. */
async function budgetsFor(
  stores: EvictionStores,
  ctx: RequestContext,
  pod: JsonObject,
): Promise<JsonObject[]> {
  const list = await stores.pdbs.list(ctx, {});
  const labels = field(pod, 'metadata')['labels'];
  const podLabels = (isObject(labels) ? labels : {}) as Record<string, string>;
  const out: JsonObject[] = [];
  for (const pdb of list.items) {
    const sel = field(pdb, 'spec')['selector'];
    if (!isObject(sel)) continue;
    let s: ReturnType<typeof labelSelectorAsSelector>;
    try {
      s = labelSelectorAsSelector(sel as never);
    } catch {
      continue;
    }
    if (s.empty() || !s.matches(podLabels)) continue;
    out.push(pdb);
  }
  return out;
}

// Upstream's pdbhelper.UpdateDisruptionAllowedCondition (with meta.SetStatusCondition).
function setDisruptionAllowed(status: JsonObject, now: Date): void {
  const allowed = num(status, 'disruptionsAllowed') > 0;
  const next: JsonObject = {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    observedGeneration: num(status, 'observedGeneration'),
    lastTransitionTime: formatRFC3339(now),
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
  };
  const list = Array.isArray(status['conditions']) ? [...(status['conditions'] as unknown[])] : [];
  const i = list.findIndex((c) => isObject(c) && c['type'] === 'DisruptionAllowed');
  if (i < 0) list.push(next);
  else {
    const old = list[i] as JsonObject;
    list[i] = {
      ...old,
      ...next,
      message: old['message'] ?? '',
      lastTransitionTime:
        old['status'] === next['status'] ? old['lastTransitionTime'] : next['lastTransitionTime'],
    };
  }
  status['conditions'] = list;
}

function budgetError(why: string): StatusError {
  const e = tooManyRequests(VIOLATION, 0).toJSON();
  const details = e.details ?? {};
  details.causes = [...(details.causes ?? []), { reason: 'DisruptionBudget' as never, message: why }];
  e.details = details;
  return new StatusError(e);
}

// Upstream's checkAndDecrement: refuses when the budget is stale, negative, overloaded or spent;
// otherwise records the pod in status.disruptedPods with one disruption fewer.
async function checkAndDecrement(
  stores: EvictionStores,
  ctx: RequestContext,
  podName: string,
  pdbName: string,
  dryRun: boolean,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const pdb = await stores.pdbs.get(ctx, pdbName);
    const status = child(pdb, 'status');
    const generation = num(field(pdb, 'metadata'), 'generation');
    const gr = { group: 'policy', resource: 'poddisruptionbudget' };
    if (num(status, 'observedGeneration') < generation)
      throw budgetError(`The disruption budget ${pdbName} is still being processed by the server.`);
    const allowed = num(status, 'disruptionsAllowed');
    if (allowed < 0) throw forbidden(gr, pdbName, 'pdb disruptions allowed is negative');
    const disrupted = field(status, 'disruptedPods');
    if (Object.keys(disrupted).length > MAX_DISRUPTED_POD_SIZE)
      throw forbidden(
        gr,
        pdbName,
        'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
      );
    if (allowed === 0) {
      throw budgetError(
        `The disruption budget ${pdbName} needs ${num(status, 'desiredHealthy')} healthy pods and has ${num(status, 'currentHealthy')} currently`,
      );
    }
    status['disruptionsAllowed'] = allowed - 1;
    if (allowed - 1 === 0) setDisruptionAllowed(status, ctx.now());
    if (dryRun) return;
    status['disruptedPods'] = { ...disrupted, [podName]: formatRFC3339(ctx.now()) };
    try {
      await stores.pdbs.updateStatus(ctx, pdbName, pdb);
      return;
    } catch (e) {
      if (!(e instanceof StatusError && isConflict(e)) || attempt + 1 >= EVICTION_RETRIES) throw e;
    }
  }
}

// Upstream's addConditionAndDeletePod: DisruptionTarget=True on the pod's status (checking the
// preconditions against the latest pod), then the delete with the options given.
async function markAndDelete(
  stores: EvictionStores,
  ctx: RequestContext,
  name: string,
  opts: DeleteOptions,
): Promise<void> {
  let o = opts;
  if (opts.dryRun !== true) {
    const pre = opts.preconditions;
    const updated = await updateLatest(
      stores.pods,
      ctx,
      name,
      (pod) => {
        checkPodPreconditions(pod, pre);
        setPodCondition(
          child(pod, 'status'),
          {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'EvictionByEvictionAPI',
            message: 'Eviction API: evicting',
          },
          ctx.now(),
        );
        return pod;
      },
      { status: true },
    );
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== '')
      o = withResourceVersion(opts, str(field(updated, 'metadata'), 'resourceVersion'));
  }
  await stores.pods.delete(ctx, name, o);
}

function checkPodPreconditions(pod: JsonObject, pre: Preconditions | undefined): void {
  if (pre === undefined) return;
  const meta = field(pod, 'metadata');
  const gr = { group: '', resource: 'Pod' };
  const name = str(meta, 'name');
  if (pre.uid !== undefined && pre.uid !== '' && pre.uid !== str(meta, 'uid')) {
    throw conflict(
      gr,
      name,
      `the UID in the precondition (${pre.uid}) does not match the UID in record (${str(meta, 'uid')}). The object might have been deleted and then recreated`,
    );
  }
  if (
    pre.resourceVersion !== undefined &&
    pre.resourceVersion !== '' &&
    pre.resourceVersion !== str(meta, 'resourceVersion')
  ) {
    throw conflict(
      gr,
      name,
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${str(meta, 'resourceVersion')}). The object might have been modified`,
    );
  }
}

/**
 * POST pods/NAME/eviction, as upstream's EvictionREST: pods that are pending, terminal or already
 * deleting are deleted at once; otherwise the pod's PodDisruptionBudget decides (none: delete;
 * more than one: 500; a spent budget: 429 with a DisruptionBudget cause; else one disruption is
 * recorded in the budget's status and the pod is deleted). Unready pods do not spend the budget
 * when it is healthy or its unhealthyPodEvictionPolicy is AlwaysAllow. The pod first gets the
 * DisruptionTarget condition. Answers the Success Status.
 */
export async function evictPod(
  stores: EvictionStores,
  ctx: RequestContext,
  name: string,
  eviction: JsonObject,
  requestDryRun: readonly string[],
): Promise<JsonObject> {
  if (str(field(eviction, 'metadata'), 'name') !== name)
    throw badRequest('name in URL does not match name in Eviction object');
  const opts = evictionDeleteOptions(eviction, requestDryRun);
  const rvUnset =
    opts.preconditions?.resourceVersion === undefined || opts.preconditions.resourceVersion === '';
  let deleted = false;
  try {
    const pod = await stores.pods.get(ctx, name);
    const podRV = str(field(pod, 'metadata'), 'resourceVersion');
    if (canIgnorePDB(pod)) {
      const terminal = phase(pod) === 'Succeeded' || phase(pod) === 'Failed';
      const o = !terminal && rvUnset ? withResourceVersion(opts, podRV) : opts;
      deleted = true;
      await markAndDelete(stores, ctx, name, o);
      return successStatus();
    }
    const pdbs = await budgetsFor(stores, ctx, pod);
    if (pdbs.length > 1) {
      throw internalError(
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      );
    }
    const pdb = pdbs[0];
    if (pdb === undefined) {
      deleted = true;
      await markAndDelete(stores, ctx, name, opts);
      return successStatus();
    }
    let o = opts;
    let spend = true;
    if (!isReady(pod)) {
      const spec = field(pdb, 'spec');
      const st = field(pdb, 'status');
      const healthy = num(st, 'currentHealthy') >= num(st, 'desiredHealthy') && num(st, 'desiredHealthy') > 0;
      if (spec['unhealthyPodEvictionPolicy'] === 'AlwaysAllow' || healthy) {
        spend = false;
        if (rvUnset) o = withResourceVersion(opts, podRV);
      }
    }
    if (spend)
      await checkAndDecrement(stores, ctx, name, str(field(pdb, 'metadata'), 'name'), opts.dryRun === true);
    deleted = true;
    await markAndDelete(stores, ctx, name, o);
    return successStatus();
  } catch (e) {
    // The pod vanished between our read and our delete: the eviction reached its goal.
    if (deleted && e instanceof StatusError && isNotFound(e)) return successStatus();
    throw e;
  }
}
