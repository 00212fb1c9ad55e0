// Mirrors one custom Endpoints object into EndpointSlices: one slice per address type and set of
// ports of each subset, at most maxEndpointsPerSubset addresses each.
import { isIP } from 'node:net';
import type { EndpointAddress, EndpointPort as CorePort, Endpoints } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { deepEqual, newControllerRef } from '../../apimachinery/meta/index.js';
import type { EventRecorder } from '../../client/events/types.js';
import { ENDPOINT_SLICES } from '../../client/resources.js';
import type { Client } from '../../client/types.js';
import { DISCARD_LOGGER, type Logger } from '../../log/index.js';
import { repackSubsets } from '../endpoints/index.js';
import {
  EndpointSet,
  type EndpointSliceTracker,
  endpointsEqualBeyondHash,
  isNamespaceTerminating,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  LAST_APPLIED_CONFIG_ANNOTATION,
  LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
  MIRRORING_CONTROLLER_NAME,
  messageOf,
  portMapKey,
} from '../endpointslice/index.js';

/** kube-controller-manager's --mirroring-max-endpoints-per-subset default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SUBSET = 1000;

type AddressType = 'IPv4' | 'IPv6';
const ADDRESS_TYPES: readonly AddressType[] = ['IPv4', 'IPv6'];
const SOURCE = 'endpointslicemirroring-controller';

/** What the mirroring reconciler works with. */
export interface MirroringReconcilerOptions {
  readonly client: Client;
  readonly tracker: EndpointSliceTracker;
  readonly recorder: EventRecorder;
  readonly maxEndpointsPerSubset?: number;
  readonly log?: Logger;
}

function withoutKeys(
  m: Readonly<Record<string, string>> | undefined,
  ...keys: string[]
): Record<string, string> {
  const out = { ...(m ?? {}) };
  for (const k of keys) delete out[k];
  return out;
}

/** The slice ports of Endpoints ports (copies). Pure. */
export function toSlicePorts(ports: readonly CorePort[] | undefined): EndpointPort[] {
  return (ports ?? []).map((p) => {
    const sp: EndpointPort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
    if (p.appProtocol !== undefined) sp.appProtocol = p.appProtocol;
    return sp;
  });
}

/** The endpoint of an Endpoints address and its address type, or undefined for an invalid IP. Pure. */
export function addressToEndpoint(
  address: EndpointAddress,
  ready: boolean,
): { endpoint: Endpoint; addressType: AddressType } | undefined {
  const family = isIP(address.ip ?? '');
  if (family === 0) return undefined;
  const endpoint: Endpoint = {
    addresses: [family === 6 ? address.ip.toLowerCase() : address.ip],
    conditions: { ready },
  };
  if (address.targetRef !== undefined) endpoint.targetRef = address.targetRef;
  if (address.nodeName !== undefined) endpoint.nodeName = address.nodeName;
  if ((address.hostname ?? '') !== '') endpoint.hostname = address.hostname;
  return { endpoint, addressType: family === 6 ? 'IPv6' : 'IPv4' };
}

/** A new (or, with `name`, replacement) mirrored slice of `endpoints`. Pure. */
export function newMirroredSlice(
  endpoints: Endpoints,
  ports: EndpointPort[],
  addressType: AddressType,
  name: string,
): EndpointSlice {
  const epName = endpoints.metadata?.name ?? '';
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      namespace: endpoints.metadata?.namespace ?? '',
      labels: {
        ...(endpoints.metadata?.labels ?? {}),
        [LABEL_SERVICE_NAME]: epName,
        [LABEL_MANAGED_BY]: MIRRORING_CONTROLLER_NAME,
      },
      annotations: withoutKeys(
        endpoints.metadata?.annotations,
        LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
        LAST_APPLIED_CONFIG_ANNOTATION,
      ),
      ownerReferences: [newControllerRef(endpoints, { group: '', version: 'v1', kind: 'Endpoints' })],
    },
    addressType,
    endpoints: [],
    ports,
  };
  if (Object.keys(slice.metadata!.annotations!).length === 0) delete slice.metadata!.annotations;
  if (name === '') slice.metadata!.generateName = `${epName}-`;
  else slice.metadata!.name = name;
  return slice;
}

interface Plan {
  toCreate: EndpointSlice[];
  toUpdate: EndpointSlice[];
  toDelete: EndpointSlice[];
}

/** The mirroring reconciler (upstream's endpointslicemirroring reconciler). */
export class MirroringReconciler {
  readonly maxEndpointsPerSubset: number;
  private readonly log: Logger;

  constructor(private readonly opts: MirroringReconcilerOptions) {
    this.maxEndpointsPerSubset = opts.maxEndpointsPerSubset ?? DEFAULT_MAX_ENDPOINTS_PER_SUBSET;
    this.log = opts.log ?? DISCARD_LOGGER;
  }

  /**
   * Creates, updates and deletes slices so that `existing` (the slices mirrored for `endpoints`)
   * mirror its subsets. Records InvalidIPAddress / TooManyAddressesToMirror warnings on the
   * Endpoints for addresses left out. Rejects with the first write error.
   */
  async reconcile(endpoints: Endpoints, existing: readonly EndpointSlice[]): Promise<void> {
    const endpointsByKey = new Map<string, EndpointSet>();
    const portsByKey = new Map<string, EndpointPort[]>();
    let invalid = 0;
    let skipped = 0;
    const max = this.maxEndpointsPerSubset;
    for (const subset of repackSubsets(endpoints.subsets ?? [])) {
      const ports = toSlicePorts(subset.ports);
      const portKey = portMapKey(ports);
      const keys = new Map<AddressType, string>();
      for (const t of ADDRESS_TYPES) {
        const key = `${t}-${portKey}`;
        keys.set(t, key);
        if (!endpointsByKey.has(key)) endpointsByKey.set(key, new EndpointSet());
        portsByKey.set(key, ports);
      }
      const total = (subset.addresses?.length ?? 0) + (subset.notReadyAddresses?.length ?? 0);
      let added = 0;
      const addAll = (addresses: readonly EndpointAddress[] | undefined, ready: boolean): void => {
        for (const a of addresses ?? []) {
          if (added >= max) break;
          const r = addressToEndpoint(a, ready);
          if (r === undefined) {
            invalid++;
            this.log.info(
              0,
              SOURCE,
              'Address in Endpoints is not a valid IP, it will not be mirrored to an EndpointSlice',
              {
                endpoints: `${endpoints.metadata?.namespace}/${endpoints.metadata?.name}`,
                IP: a.ip,
              },
            );
            continue;
          }
          endpointsByKey.get(keys.get(r.addressType)!)!.insert(r.endpoint);
          added++;
        }
      };
      addAll(subset.addresses, true);
      addAll(subset.notReadyAddresses, false);
      skipped += total - added;
    }
    const ref = { apiVersion: 'v1', kind: 'Endpoints', ...endpoints };
    if (invalid > 0)
      this.opts.recorder.event(
        ref,
        'Warning',
        'InvalidIPAddress',
        `Skipped ${invalid} invalid IP addresses when mirroring to EndpointSlices`,
      );
    if (skipped > invalid)
      this.opts.recorder.event(
        ref,
        'Warning',
        'TooManyAddressesToMirror',
        `A max of ${max} addresses can be mirrored to EndpointSlices per Endpoints subset. ${skipped} addresses were skipped`,
      );

    const existingByKey = new Map<string, EndpointSlice[]>();
    for (const s of existing) {
      const key = `${s.addressType}-${portMapKey([...(s.ports ?? [])])}`;
      existingByKey.set(key, [...(existingByKey.get(key) ?? []), s]);
    }
    const plan: Plan = { toCreate: [], toUpdate: [], toDelete: [] };
    for (const [key, desired] of endpointsByKey) {
      const addressType: AddressType = key.startsWith('IPv6') ? 'IPv6' : 'IPv4';
      this.reconcileByPortMapping(
        endpoints,
        existingByKey.get(key) ?? [],
        desired,
        portsByKey.get(key) ?? [],
        addressType,
        plan,
      );
    }
    for (const [key, slices] of existingByKey) if (!endpointsByKey.has(key)) plan.toDelete.push(...slices);
    await this.finalize(endpoints, plan);
  }

  private reconcileByPortMapping(
    endpoints: Endpoints,
    existing: readonly EndpointSlice[],
    desired: EndpointSet,
    ports: EndpointPort[],
    addressType: AddressType,
    plan: Plan,
  ): void {
    if (desired.size === 0) {
      plan.toDelete.push(...existing);
      return;
    }
    const first = existing[0];
    if (first !== undefined) {
      plan.toDelete.push(...existing.slice(1));
      const annotations = withoutKeys(
        endpoints.metadata?.annotations,
        LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
        LAST_APPLIED_CONFIG_ANNOTATION,
      );
      const labels = withoutKeys(first.metadata?.labels, LABEL_MANAGED_BY, LABEL_SERVICE_NAME);
      let matches = 0;
      let changed = false;
      for (const ep of first.endpoints ?? []) {
        const got = desired.get(ep);
        if (got === undefined) changed = true;
        else {
          matches++;
          if (!endpointsEqualBeyondHash(got, ep)) changed = true;
        }
      }
      if (desired.size !== matches) changed = true;
      if (
        !changed &&
        deepEqual(endpoints.metadata?.labels ?? {}, labels) &&
        deepEqual(annotations, first.metadata?.annotations ?? {})
      )
        return;
    }
    const slice = newMirroredSlice(endpoints, ports, addressType, first?.metadata?.name ?? '');
    while (desired.size > 0 && (slice.endpoints?.length ?? 0) < this.maxEndpointsPerSubset)
      slice.endpoints!.push(desired.popAny()!);
    if ((slice.metadata?.name ?? '') !== '') plan.toUpdate.push(slice);
    else plan.toCreate.push(slice);
  }

  // Creates paired with deletions of the same address type become updates of those slices.
  private async finalize(endpoints: Endpoints, plan: Plan): Promise<void> {
    for (const t of ADDRESS_TYPES) {
      const creates = plan.toCreate.filter((s) => s.addressType === t);
      const deletes = plan.toDelete.filter((s) => s.addressType === t);
      for (let i = 0; i < creates.length && i < deletes.length; i++) {
        const c = creates[i]!;
        const d = deletes[i]!;
        plan.toCreate = plan.toCreate.filter((s) => s !== c);
        plan.toDelete = plan.toDelete.filter((s) => s !== d);
        delete c.metadata!.generateName;
        c.metadata!.name = d.metadata?.name ?? '';
        plan.toUpdate.push(c);
      }
    }
    const ns = endpoints.metadata?.namespace ?? '';
    const id = `${ns}/${endpoints.metadata?.name ?? ''}`;
    const client = this.opts.client.resource(ENDPOINT_SLICES);
    if (endpoints.metadata?.deletionTimestamp == null) {
      for (const s of plan.toCreate) {
        let created: EndpointSlice;
        try {
          created = await client.create(ns, s);
        } catch (e) {
          if (isNamespaceTerminating(e)) return;
          throw new Error(`failed to create EndpointSlice for Endpoints ${id}: ${messageOf(e)}`);
        }
        this.opts.tracker.update(created);
      }
    }
    for (const s of plan.toUpdate) {
      let updated: EndpointSlice;
      try {
        updated = await client.update(s);
      } catch (e) {
        throw new Error(
          `failed to update ${s.metadata?.name} EndpointSlice for Endpoints ${id}: ${messageOf(e)}`,
        );
      }
      this.opts.tracker.update(updated);
    }
    for (const s of plan.toDelete) {
      try {
        await client.delete(ns, s.metadata?.name ?? '');
      } catch (e) {
        throw new Error(
          `failed to delete ${s.metadata?.name} EndpointSlice for Endpoints ${id}: ${messageOf(e)}`,
        );
      }
      this.opts.tracker.expectDeletion(s);
    }
  }

  /** Deletes every slice mirrored for the Endpoints `namespace/name`. */
  async deleteEndpoints(namespace: string, name: string, slices: readonly EndpointSlice[]): Promise<void> {
    const errs: unknown[] = [];
    for (const s of slices) {
      try {
        await this.opts.client.resource(ENDPOINT_SLICES).delete(namespace, s.metadata?.name ?? '');
      } catch (e) {
        errs.push(e);
      }
    }
    if (errs.length > 0)
      throw new Error(
        `error(s) deleting ${errs.length}/${slices.length} EndpointSlices for ${namespace}/${name} Endpoints, including: ${messageOf(errs[0])}`,
      );
  }
}
