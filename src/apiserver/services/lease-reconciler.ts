import { isAlreadyExists, isNotFound } from '../../apimachinery/errors/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import type { Store } from '../../storage/index.js';
import { type JsonObject, REGISTRY_ROOT, type RegistryStore } from '../registry/index.js';
import { systemContext } from './ip-allocator.js';

/** Where each API server keeps its lease, as upstream: `/registry/masterleases/<ip>`. */
export const MASTER_LEASES_PREFIX = `${REGISTRY_ROOT}/masterleases/`;
/** Upstream's time to live of an API server's lease. */
export const MASTER_LEASE_TTL_SECONDS = 15;
/** Upstream's interval between renewals (and Endpoints reconciles). */
export const ENDPOINT_RECONCILE_INTERVAL_MS = 10_000;

/** The label that keeps the EndpointSlice mirroring controller away from these Endpoints. */
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
/** The label naming an EndpointSlice's Service. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';

/** One port of the Endpoints (name, port, protocol). */
export interface EndpointPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

/** What the reconciler writes through. */
export interface LeaseReconcilerDeps {
  readonly store: Store;
  readonly endpoints: RegistryStore;
  readonly endpointSlices: RegistryStore;
}

function leaseValue(ip: string, generation: number): string {
  return JSON.stringify({
    kind: 'Endpoints',
    apiVersion: 'v1',
    metadata: { name: ip, generation },
    subsets: [{ addresses: [{ ip }] }],
  });
}

/**
 * Upstream's lease endpoint reconciler for the `kubernetes` Service: every API server renews a
 * key with a time to live under {@link MASTER_LEASES_PREFIX}, and whichever server reconciles
 * writes the Endpoints (and the matching EndpointSlice) of the Service to list exactly the live
 * keys. Each call does one renewal and three reads when nothing changed. Not reentrant: calls are
 * serialized internally.
 */
export class LeaseEndpointReconciler {
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly deps: LeaseReconcilerDeps,
    private readonly ttlSeconds = MASTER_LEASE_TTL_SECONDS,
  ) {}

  /** Renews the lease of `ip` and brings the Endpoints of `service` (in `default`) up to date. */
  reconcile(service: string, ip: string, ports: readonly EndpointPort[]): Promise<void> {
    return this.serial(async () => {
      if (this.stopped) return;
      await this.renew(ip);
      await this.doReconcile(service, ports);
    });
  }

  /**
   * Drops the lease of `ip` and reconciles once more, so the Endpoints stop listing this server;
   * no reconcile runs afterwards.
   */
  remove(service: string, ip: string, ports: readonly EndpointPort[]): Promise<void> {
    return this.serial(async () => {
      this.stopped = true;
      await this.deps.store.delete(`${MASTER_LEASES_PREFIX}${ip}`);
      await this.doReconcile(service, ports);
    });
  }

  /** The addresses of the live leases, in key order. */
  async listLeases(): Promise<string[]> {
    const listed = await this.deps.store.list(MASTER_LEASES_PREFIX);
    const out: string[] = [];
    for (const kv of listed.kvs) {
      try {
        const v = JSON.parse(kv.value) as { subsets?: { addresses?: { ip?: string }[] }[] };
        const ip = v.subsets?.[0]?.addresses?.[0]?.ip;
        if (typeof ip === 'string' && ip !== '') out.push(ip);
      } catch {
        // A value that is not an Endpoints object names no server.
      }
    }
    return out;
  }

  private serial(f: () => Promise<void>): Promise<void> {
    const next = this.chain.then(f, f);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async renew(ip: string): Promise<void> {
    const key = `${MASTER_LEASES_PREFIX}${ip}`;
    const opts = { ttlSeconds: this.ttlSeconds };
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = await this.deps.store.get(key);
      if (cur.kv === undefined) {
        const c = await this.deps.store.create(key, leaseValue(ip, 1), opts);
        if (c.ok) return;
        continue;
      }
      let gen = 0;
      try {
        const g = (JSON.parse(cur.kv.value) as { metadata?: { generation?: unknown } }).metadata?.generation;
        gen = typeof g === 'number' ? g : 0;
      } catch {
        gen = 0;
      }
      const u = await this.deps.store.update(key, leaseValue(ip, gen + 1), cur.kv.modRevision, opts);
      if (u.ok) return;
    }
    throw new Error(`could not renew the lease of ${ip}: too many concurrent writes`);
  }

  private async doReconcile(service: string, ports: readonly EndpointPort[]): Promise<void> {
    const ctx = systemContext('default');
    let current: JsonObject | undefined;
    try {
      current = await this.deps.endpoints.get(ctx, service);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const ips = await this.listLeases();
    // Our own lease was just renewed: an empty listing is a broken store, not an empty cluster.
    if (ips.length === 0) {
      throw new Error(
        'no master IPs were listed in storage, refusing to erase all endpoints for the kubernetes service',
      );
    }
    const desired = desiredEndpoints(service, ips, ports);
    if (current !== undefined && endpointsMatch(current, desired)) {
      await this.ensureSlice(service, current);
      return;
    }
    let written: JsonObject;
    if (current === undefined) {
      try {
        written = (await this.deps.endpoints.create(ctx, desired, { fieldManager: 'kube-apiserver' })).object;
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        return;
      }
    } else {
      const next = { ...current, metadata: mergeLabels(current), subsets: desired['subsets'] };
      written = (await this.deps.endpoints.update(ctx, service, next, { fieldManager: 'kube-apiserver' }))
        .object;
    }
    await this.ensureSlice(service, written);
  }

  private async ensureSlice(service: string, endpoints: JsonObject): Promise<void> {
    const ctx = systemContext('default');
    const want = sliceFromEndpoints(service, endpoints);
    let cur: JsonObject | undefined;
    try {
      cur = await this.deps.endpointSlices.get(ctx, service);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    if (cur === undefined) {
      try {
        await this.deps.endpointSlices.create(ctx, want, { fieldManager: 'kube-apiserver' });
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
      }
      return;
    }
    if (cur['addressType'] !== want['addressType']) {
      await this.deps.endpointSlices.delete(ctx, service);
      await this.deps.endpointSlices.create(ctx, want, { fieldManager: 'kube-apiserver' });
      return;
    }
    const labels = (cur['metadata'] as JsonObject | undefined)?.['labels'];
    if (
      same(cur['endpoints'] ?? [], want['endpoints']) &&
      same(cur['ports'] ?? [], want['ports']) &&
      same(labels ?? {}, (want['metadata'] as JsonObject)['labels'])
    ) {
      return;
    }
    await this.deps.endpointSlices.update(ctx, service, want, { fieldManager: 'kube-apiserver' });
  }
}

function same(a: unknown, b: unknown): boolean {
  return deepEqual(a, b);
}

function mergeLabels(current: JsonObject): JsonObject {
  const meta = { ...((current['metadata'] as JsonObject | undefined) ?? {}) };
  const labels = { ...((meta['labels'] as Record<string, string> | undefined) ?? {}) };
  labels[LABEL_SKIP_MIRROR] = 'true';
  meta['labels'] = labels;
  return meta;
}

/** The Endpoints upstream's reconciler writes: one subset, addresses in lexical order. Pure. */
export function desiredEndpoints(
  service: string,
  ips: readonly string[],
  ports: readonly EndpointPort[],
): JsonObject {
  const addresses = [...new Set(ips)].sort().map((ip) => ({ ip }));
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: service, namespace: 'default', labels: { [LABEL_SKIP_MIRROR]: 'true' } },
    subsets: [{ addresses, ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })) }],
  };
}

// Upstream's checkEndpointSubsetFormatWithLease plus the skip-mirror label.
function endpointsMatch(current: JsonObject, desired: JsonObject): boolean {
  const labels = (current['metadata'] as JsonObject | undefined)?.['labels'] as
    | Record<string, string>
    | undefined;
  if (labels?.[LABEL_SKIP_MIRROR] !== 'true') return false;
  const subsets = current['subsets'];
  if (!Array.isArray(subsets) || subsets.length !== 1) return false;
  const sub = subsets[0] as JsonObject;
  const want = (desired['subsets'] as JsonObject[])[0]!;
  const ports = (sub['ports'] as JsonObject[] | undefined) ?? [];
  const wantPorts = want['ports'] as JsonObject[];
  if (ports.length !== wantPorts.length) return false;
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i]!;
    const w = wantPorts[i]!;
    if (p['name'] !== w['name'] || p['port'] !== w['port'] || p['protocol'] !== w['protocol']) return false;
    if (p['appProtocol'] !== undefined) return false;
  }
  const have = ((sub['addresses'] as JsonObject[] | undefined) ?? []).map((a) => String(a['ip']));
  const wantIPs = (want['addresses'] as JsonObject[]).map((a) => String(a['ip']));
  if (have.length !== wantIPs.length) return false;
  const set = new Set(wantIPs);
  const seen = new Set<string>();
  for (const ip of have) {
    if (!set.has(ip) || seen.has(ip)) return false;
    seen.add(ip);
  }
  return true;
}

/** Upstream's endpointSliceFromEndpoints for the single-subset Endpoints of this reconciler. Pure. */
export function sliceFromEndpoints(service: string, endpoints: JsonObject): JsonObject {
  const subsets = (endpoints['subsets'] as JsonObject[] | undefined) ?? [];
  const sub = subsets[0];
  const slice: JsonObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: service, namespace: 'default', labels: { [LABEL_SERVICE_NAME]: service } },
    addressType: 'IPv4',
    endpoints: [],
  };
  if (sub === undefined) return slice;
  const ports = ((sub['ports'] as JsonObject[] | undefined) ?? []).map((p) => ({
    name: p['name'],
    port: p['port'],
    protocol: p['protocol'],
  }));
  if (ports.length > 0) slice['ports'] = ports;
  const ready = ((sub['addresses'] as JsonObject[] | undefined) ?? []).map((a) => String(a['ip']));
  const notReady = ((sub['notReadyAddresses'] as JsonObject[] | undefined) ?? []).map((a) => String(a['ip']));
  const all = [...ready, ...notReady];
  const v6 = all.length > 0 && all.every((ip) => ip.includes(':'));
  if (v6) slice['addressType'] = 'IPv6';
  const pick = (ips: string[], isReady: boolean) =>
    ips
      .filter((ip) => ip.includes(':') === v6)
      .map((ip) => ({ addresses: [ip], conditions: { ready: isReady } }));
  slice['endpoints'] = [...pick(ready, true), ...pick(notReady, false)];
  return slice;
}
