import type { Store } from '../../storage/index.js';
import { type JsonObject, resourcePrefix } from '../registry/index.js';
import { IP_ALLOCATOR_NAME, LABEL_MANAGED_BY, type ServiceRef } from './ip-allocator.js';
import { familyOf } from './ip-range.js';
import type { Allocators } from './service-alloc.js';
import {
  clusterIPs,
  collectNodePorts,
  healthCheckNodePort,
  isHeadless,
  needsHealthCheck,
  svcType,
} from './service-fields.js';

/** Upstream's interval of the allocation repair loops. */
export const REPAIR_INTERVAL_MS = 3 * 60_000;
/** How many consecutive rounds an allocation must look leaked before it is freed (upstream's 3). */
export const REPAIRS_BEFORE_LEAK_CLEANUP = 3;

/** What one repair round did. */
export interface RepairReport {
  /** Addresses and ports whose Service holds them but whose record was missing: recreated. */
  readonly restoredIPs: string[];
  readonly restoredPorts: number[];
  /** Records no Service holds any more, freed after the grace rounds. */
  readonly releasedIPs: string[];
  readonly releasedPorts: number[];
}

function decode(value: string): JsonObject | undefined {
  try {
    const v = JSON.parse(value) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

function refOf(svc: JsonObject): ServiceRef {
  const m = (svc['metadata'] as JsonObject | undefined) ?? {};
  return { namespace: String(m['namespace'] ?? ''), name: String(m['name'] ?? '') };
}

/**
 * Upstream's repair loops for cluster IPs and node ports, over the records the allocators keep:
 * an address or port a stored Service holds but has no record is recorded again; a record no
 * Service holds is freed once it has looked leaked for {@link REPAIRS_BEFORE_LEAK_CLEANUP}
 * consecutive rounds (allocation happens before the Service is written, so a young record may
 * belong to a create in flight). Keeps its leak counts between rounds; run one round at a time.
 */
export class AllocationRepair {
  private readonly leakedIPs = new Map<string, number>();
  private readonly leakedPorts = new Map<number, number>();

  constructor(
    private readonly store: Store,
    private readonly al: Allocators,
  ) {}

  /** One round over every Service and record. */
  async runOnce(): Promise<RepairReport> {
    const report: RepairReport = { restoredIPs: [], restoredPorts: [], releasedIPs: [], releasedPorts: [] };
    const heldIPs = new Map<string, ServiceRef>();
    const heldPorts = new Map<number, ServiceRef>();
    const svcs = await this.store.list(resourcePrefix('', 'services'));
    for (const kv of svcs.kvs) {
      const svc = decode(kv.value);
      if (svc === undefined) continue;
      const ref = refOf(svc);
      if (svcType(svc) !== 'ExternalName' && !isHeadless(svc)) {
        for (const ip of clusterIPs(svc)) heldIPs.set(ip, ref);
      }
      for (const p of collectNodePorts(svc)) heldPorts.set(p, ref);
      if (needsHealthCheck(svc) && healthCheckNodePort(svc) > 0) heldPorts.set(healthCheckNodePort(svc), ref);
    }
    await this.repairIPs(heldIPs, report);
    await this.repairPorts(heldPorts, report);
    return report;
  }

  private async repairIPs(held: Map<string, ServiceRef>, report: RepairReport): Promise<void> {
    const prefix = resourcePrefix('networking.k8s.io', 'ipaddresses');
    const listed = await this.store.list(prefix);
    const recorded = new Set<string>();
    for (const kv of listed.kvs) {
      const name = kv.key.slice(prefix.length);
      recorded.add(name);
      const obj = decode(kv.value);
      const labels = ((obj?.['metadata'] as JsonObject | undefined)?.['labels'] ?? {}) as Record<
        string,
        string
      >;
      if (labels[LABEL_MANAGED_BY] !== IP_ALLOCATOR_NAME) continue;
      // An address some Service holds is never freed, even when the record names another one
      // (upstream only reports that case).
      if (held.has(name)) {
        this.leakedIPs.delete(name);
        continue;
      }
      const seen = (this.leakedIPs.get(name) ?? 0) + 1;
      if (seen < REPAIRS_BEFORE_LEAK_CLEANUP) {
        this.leakedIPs.set(name, seen);
        continue;
      }
      this.leakedIPs.delete(name);
      const fam = familyOf(name);
      const a = fam === undefined ? undefined : this.al.ip.get(fam);
      if (a !== undefined) {
        await a.release(name);
        report.releasedIPs.push(name);
      }
    }
    for (const name of [...this.leakedIPs.keys()]) if (!recorded.has(name)) this.leakedIPs.delete(name);
    for (const [ip, ref] of held) {
      if (recorded.has(ip)) continue;
      const fam = familyOf(ip);
      const a = fam === undefined ? undefined : this.al.ip.get(fam);
      if (a === undefined || !a.range.contains(ip)) continue;
      try {
        await a.allocate(ip, ref, false);
        report.restoredIPs.push(ip);
      } catch {
        // Taken meanwhile (by the Service's own write, or another server's repair).
      }
    }
  }

  private async repairPorts(held: Map<number, ServiceRef>, report: RepairReport): Promise<void> {
    const recorded = await this.al.ports.list();
    const have = new Set<number>();
    for (const { port } of recorded) {
      have.add(port);
      if (held.has(port)) {
        this.leakedPorts.delete(port);
        continue;
      }
      const seen = (this.leakedPorts.get(port) ?? 0) + 1;
      if (seen < REPAIRS_BEFORE_LEAK_CLEANUP) {
        this.leakedPorts.set(port, seen);
        continue;
      }
      this.leakedPorts.delete(port);
      await this.al.ports.release(port);
      report.releasedPorts.push(port);
    }
    for (const p of [...this.leakedPorts.keys()]) if (!have.has(p)) this.leakedPorts.delete(p);
    for (const [port, ref] of held) {
      if (have.has(port)) continue;
      try {
        await this.al.ports.allocate(port, ref, false);
        report.restoredPorts.push(port);
      } catch {
        // Out of range (the range flag changed) or taken meanwhile: nothing to restore.
      }
    }
  }

  /** Runs a round now and then every `intervalMs` until `signal` aborts; failures go to `onError`. */
  async start(
    signal: AbortSignal,
    intervalMs = REPAIR_INTERVAL_MS,
    onError?: (e: unknown) => void,
  ): Promise<void> {
    while (!signal.aborted) {
      await this.runOnce().catch((e: unknown) => onError?.(e));
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, intervalMs);
        function done() {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }
}
