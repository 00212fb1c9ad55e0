// Turns the pods a service selects into EndpointSlices: one group of slices per address type and
// set of ports, at most maxEndpointsPerSlice endpoints each, touching as few slices as possible.
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { deepCopy } from '../../apimachinery/meta/index.js';
import type { Lister } from '../../client/informers/types.js';
import { ENDPOINT_SLICES } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import { EndpointSet, endpointsEqualBeyondHash, portMapKey } from './endpoint-set.js';
import { aggregateErrors, isNamespaceTerminating, messageOf } from './errors.js';
import { reconcileHints, removeHints, topologyAnnotationEnabled } from './hints.js';
import { LABEL_MANAGED_BY } from './labels.js';
import { shouldPodBeInEndpoints } from './pod-util.js';
import {
  type AddressType,
  addressTypesForService,
  endpointPortsFor,
  newSlice,
  ownedBy,
  podToEndpoint,
  samePlaceholder,
  sliceLabels,
  sliceToFill,
} from './slice-content.js';
import type { EndpointSliceTracker } from './slice-tracker.js';
import { formatRFC3339Nano, LAST_CHANGE_TRIGGER_TIME_ANNOTATION } from './trigger-time-tracker.js';

/** kube-controller-manager's --max-endpoints-per-slice default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

const SOURCE = 'endpointslice-controller';

/** What the reconciler works with. */
export interface ReconcilerOptions {
  readonly client: Client;
  readonly nodes: Lister<Node>;
  readonly tracker: EndpointSliceTracker;
  /** The managed-by label value of the slices it owns. */
  readonly controllerName: string;
  readonly maxEndpointsPerSlice?: number;
  readonly log?: Logger;
}

interface Plan {
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  toDelete: EndpointSlice[];
}

/**
 * The EndpointSlice reconciler (upstream's Reconciler). `reconcile` is safe to call concurrently
 * for different services only.
 */
export class EndpointSliceReconciler {
  readonly maxEndpointsPerSlice: number;
  private readonly log: Logger;

  constructor(private readonly opts: ReconcilerOptions) {
    this.maxEndpointsPerSlice = opts.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
    this.log = opts.log ?? DISCARD_LOGGER;
  }

  /** The managed-by value of the slices this reconciler owns. */
  get controllerName(): string {
    return this.opts.controllerName;
  }

  /** Whether `slice` is managed by this reconciler's controller. */
  managedByController(slice: EndpointSlice): boolean {
    return slice.metadata?.labels?.[LABEL_MANAGED_BY] === this.opts.controllerName;
  }

  /**
   * Creates, updates and deletes slices so that `existing` (this controller's slices of `svc`)
   * come to list exactly the endpoints of `pods`. `triggerTime` (ms) becomes the
   * last-change-trigger-time annotation of every written slice. Rejects with the errors met
   * (after doing what it could).
   */
  async reconcile(
    svc: Service,
    pods: readonly Pod[],
    existing: readonly EndpointSlice[],
    triggerTime: number | undefined,
  ): Promise<void> {
    const errs: unknown[] = [];
    const types = addressTypesForService(svc);
    const toDelete: EndpointSlice[] = [];
    const byType = new Map<string, EndpointSlice[]>();
    for (const s of existing) {
      if (!types.includes(s.addressType as AddressType)) {
        toDelete.push(s);
        continue;
      }
      const list = byType.get(s.addressType) ?? [];
      list.push(s);
      byType.set(s.addressType, list);
    }
    for (const t of types) {
      try {
        await this.reconcileByAddressType(svc, pods, byType.get(t) ?? [], triggerTime, t, errs);
      } catch (e) {
        errs.push(e);
      }
    }
    for (const s of toDelete) {
      try {
        await this.deleteSlice(svc, s);
      } catch (e) {
        errs.push(
          new Error(
            `error deleting ${s.metadata?.name} EndpointSlice for Service ${svc.metadata?.namespace}/${svc.metadata?.name}: ${messageOf(e)}`,
          ),
        );
      }
    }
    if (errs.length > 0) throw aggregateErrors(errs);
  }

  private async deleteSlice(svc: Service, slice: EndpointSlice): Promise<void> {
    try {
      await this.opts.client
        .resource(ENDPOINT_SLICES)
        .delete(svc.metadata?.namespace ?? '', slice.metadata?.name ?? '');
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    this.opts.tracker.expectDeletion(slice);
  }

  private async reconcileByAddressType(
    svc: Service,
    pods: readonly Pod[],
    existing: readonly EndpointSlice[],
    triggerTime: number | undefined,
    addressType: AddressType,
    errs: unknown[],
  ): Promise<void> {
    const plan: Plan = { toCreate: [], toUpdate: [], toDelete: [] };
    const existingByPorts = new Map<string, EndpointSlice[]>();
    for (const s of existing) {
      if (!ownedBy(s, svc)) {
        plan.toDelete.push(s);
        continue;
      }
      const key = portMapKey([...(s.ports ?? [])]);
      const list = existingByPorts.get(key) ?? [];
      list.push(s);
      existingByPorts.set(key, list);
    }

    const desiredPorts = new Map<string, EndpointPort[]>();
    const desired = new Map<string, EndpointSet>();
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ports = endpointPortsFor(svc, pod);
      const key = portMapKey(ports);
      let set = desired.get(key);
      if (set === undefined) {
        set = new EndpointSet();
        desired.set(key, set);
        desiredPorts.set(key, ports);
      }
      const nodeName = pod.spec?.nodeName ?? '';
      const node = this.opts.nodes.get('', nodeName);
      if (node === undefined && !(svc.spec?.publishNotReadyAddresses ?? false)) {
        this.log.info(0, SOURCE, 'skipping Pod for Service, Node not found', {
          pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`,
          service: `${svc.metadata?.namespace}/${svc.metadata?.name}`,
          node: nodeName,
        });
        errs.push(
          new Error(
            `skipping Pod ${pod.metadata?.name} for Service ${svc.metadata?.namespace}/${svc.metadata?.name}: Node ${nodeName} Not Found`,
          ),
        );
        continue;
      }
      const ep = podToEndpoint(pod, node, svc, addressType);
      if (ep.addresses.length > 0) set.insert(ep);
    }

    for (const [key, set] of desired) {
      const part = this.reconcileByPortMapping(
        svc,
        existingByPorts.get(key) ?? [],
        set,
        desiredPorts.get(key) ?? [],
        addressType,
      );
      plan.toCreate.push(...part.toCreate);
      plan.toUpdate.push(...part.toUpdate);
      plan.toDelete.push(...part.toDelete);
    }
    for (const [key, slices] of existingByPorts) if (!desired.has(key)) plan.toDelete.push(...slices);

    // A service with no endpoints of this type still gets one empty slice.
    if (existing.length === plan.toDelete.length && plan.toCreate.length === 0) {
      const placeholder = newSlice(svc, [], addressType, this.opts.controllerName);
      if (plan.toDelete.length === 1 && samePlaceholder(plan.toDelete[0]!, placeholder)) plan.toDelete = [];
      else plan.toCreate.push(placeholder);
    }

    if (topologyAnnotationEnabled(svc)) {
      // The annotation's own hint heuristics (the topology cache) are not implemented: services
      // using it get no hints.
      removeHints(plan.toCreate);
      removeHints(plan.toUpdate);
    } else {
      const changed = new Set([...plan.toUpdate, ...plan.toDelete].map((s) => s.metadata?.name));
      const unchanged = existing.filter((s) => !changed.has(s.metadata?.name));
      reconcileHints(svc.spec?.trafficDistribution, plan.toCreate, plan.toUpdate, unchanged);
    }
    await this.finalize(svc, plan, triggerTime);
  }

  // Upstream's reconcileByPortMapping: keep, update or drop existing slices, fill the updated
  // ones, then fit the rest into an unchanged slice or new ones.
  private reconcileByPortMapping(
    svc: Service,
    existing: readonly EndpointSlice[],
    desired: EndpointSet,
    ports: EndpointPort[],
    addressType: AddressType,
  ): Plan {
    const max = this.maxEndpointsPerSlice;
    const byName = new Map<string, EndpointSlice>();
    const unchanged = new Set<string>();
    const toUpdate = new Set<string>();
    const toDelete = new Set<string>();

    for (const s of existing) {
      const name = s.metadata?.name ?? '';
      byName.set(name, s);
      const kept: Endpoint[] = [];
      let updated = false;
      for (const ep of s.endpoints ?? []) {
        const got = desired.get(ep);
        if (got === undefined) continue;
        kept.push(got);
        if (!endpointsEqualBeyondHash(got, ep)) updated = true;
        desired.delete(ep);
      }
      const { labels, changed } = sliceLabels(s, svc, this.opts.controllerName);
      if (updated || (s.endpoints ?? []).length !== kept.length) {
        if (kept.length === 0) toDelete.add(name);
        else {
          const copy = deepCopy(s);
          copy.endpoints = kept;
          copy.metadata = { ...copy.metadata, labels };
          byName.set(name, copy);
          toUpdate.add(name);
        }
      } else if (changed) {
        const copy = deepCopy(s);
        copy.metadata = { ...copy.metadata, labels };
        byName.set(name, copy);
        toUpdate.add(name);
      } else unchanged.add(name);
    }

    // Fill the slices being updated anyway, fullest first.
    if (desired.size > 0 && toUpdate.size > 0) {
      const slices = [...toUpdate].map((n) => byName.get(n)!);
      slices.sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0));
      for (const s of slices) {
        s.endpoints ??= [];
        while (desired.size > 0 && s.endpoints.length < max) s.endpoints.push(desired.popAny()!);
      }
    }

    const toCreate: EndpointSlice[] = [];
    while (desired.size > 0) {
      let fill: EndpointSlice | undefined;
      if (desired.size < max && unchanged.size > 0) {
        const found = sliceToFill(
          [...unchanged].map((n) => byName.get(n)!),
          desired.size,
          max,
        );
        if (found !== undefined) {
          fill = deepCopy(found);
          byName.set(fill.metadata?.name ?? '', fill);
        }
      }
      fill ??= newSlice(svc, ports, addressType, this.opts.controllerName);
      fill.endpoints ??= [];
      while (desired.size > 0 && fill.endpoints.length < max) fill.endpoints.push(desired.popAny()!);
      const name = fill.metadata?.name ?? '';
      if (name !== '') {
        toUpdate.add(name);
        unchanged.delete(name);
      } else toCreate.push(fill);
    }
    return {
      toCreate,
      toUpdate: [...toUpdate].map((n) => byName.get(n)!),
      toDelete: [...toDelete].map((n) => byName.get(n)!),
    };
  }

  // Writes the plan: creates that can reuse a slice to be deleted become updates of it; no
  // creates for a service being deleted.
  private async finalize(svc: Service, plan: Plan, triggerTime: number | undefined): Promise<void> {
    const ns = svc.metadata?.namespace ?? '';
    const { toCreate, toUpdate } = plan;
    let toDelete = plan.toDelete;
    for (let i = 0; i < toDelete.length; ) {
      const last = toCreate[toCreate.length - 1];
      if (last === undefined) break;
      const victim = toDelete[i]!;
      if (victim.addressType === last.addressType && ownedBy(victim, svc)) {
        last.metadata = { ...last.metadata, name: victim.metadata?.name ?? '' };
        delete last.metadata.generateName;
        toCreate.pop();
        toUpdate.push(last);
        toDelete = [...toDelete.slice(0, i), ...toDelete.slice(i + 1)];
      } else i++;
    }
    const slices = this.opts.client.resource(ENDPOINT_SLICES);
    const name = `${ns}/${svc.metadata?.name ?? ''}`;
    if (svc.metadata?.deletionTimestamp == null) {
      for (const s of toCreate) {
        setTriggerTime(s, triggerTime);
        let created: EndpointSlice;
        try {
          created = await slices.create(ns, s);
        } catch (e) {
          if (isNamespaceTerminating(e)) return;
          throw new Error(`failed to create EndpointSlice for Service ${name}: ${messageOf(e)}`);
        }
        this.opts.tracker.update(created);
      }
    }
    for (const s of toUpdate) {
      setTriggerTime(s, triggerTime);
      let updated: EndpointSlice;
      try {
        updated = await slices.update(s);
      } catch (e) {
        throw new Error(
          `failed to update ${s.metadata?.name} EndpointSlice for Service ${name}: ${messageOf(e)}`,
        );
      }
      this.opts.tracker.update(updated);
    }
    for (const s of toDelete) {
      try {
        await this.deleteSlice(svc, s);
      } catch (e) {
        throw new Error(
          `failed to delete ${s.metadata?.name} EndpointSlice for Service ${name}: ${messageOf(e)}`,
        );
      }
    }
  }
}

function setTriggerTime(slice: EndpointSlice, t: number | undefined): void {
  const annotations = { ...(slice.metadata?.annotations ?? {}) };
  if (t !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION] = formatRFC3339Nano(t);
  else delete annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
  slice.metadata = { ...slice.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete slice.metadata.annotations;
}
