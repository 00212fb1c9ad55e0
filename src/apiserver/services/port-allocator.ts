import type { Store } from '../../storage/index.js';
import { REGISTRY_ROOT } from '../registry/index.js';
import { cryptoRandomBig, type RandomBig, takeFirstFree } from './banded-scan.js';
import { AllocationError, RANGE_FULL, type ServiceRef } from './ip-allocator.js';

/** A range of ports: `base` and the `size - 1` ports after it. */
export interface PortRange {
  readonly base: number;
  readonly size: number;
}

/** The default `--service-node-port-range`. */
export const DEFAULT_NODE_PORT_RANGE: PortRange = { base: 30000, size: 2768 };

/**
 * Parses a port range as upstream's flag does: `30000-32767`, `30000+2767` or a single port.
 * Undefined when it is not one (bad numbers, end before start, ports past 65535). Pure.
 */
export function parsePortRange(text: string): PortRange | undefined {
  const s = text.trim();
  const m = /^([0-9]{1,5})(?:([-+])([0-9]{1,5}))?$/.exec(s);
  if (m === null) return undefined;
  const low = Number(m[1]);
  let high = low;
  if (m[2] === '-') high = Number(m[3]);
  else if (m[2] === '+') high = low + Number(m[3]);
  if (low > 65535 || high > 65535 || high < low) return undefined;
  return { base: low, size: high - low + 1 };
}

/** `30000-32767`, as upstream prints a range in its messages. Pure. */
export function formatPortRange(r: PortRange): string {
  return r.size === 0 ? '' : `${r.base}-${r.base + r.size - 1}`;
}

/**
 * The static band of a node port range (KEP-3668): min(max(16, size/32), 128) ports, none for
 * ranges of 16 ports or fewer. Pure.
 */
export function portRangeOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}

/** Upstream's ErrAllocated text for ports. */
export const PORT_ALREADY_ALLOCATED = 'provided port is already allocated';

/** Upstream's ErrNotInRange text for ports. */
export function portNotInRange(r: PortRange): string {
  return `provided port is not in the valid range. The range of valid ports is ${formatPortRange(r)}`;
}

/** Where allocated node ports live: one key per port. */
export const NODE_PORT_PREFIX = `${REGISTRY_ROOT}/ranges/servicenodeports/`;

/** The allocation of node ports. */
export interface PortAllocator {
  readonly range: PortRange;
  /** Reserves `port` for `svc`; rejects with AllocationError. With dryRun, checks only. */
  allocate(port: number, svc: ServiceRef, dryRun: boolean): Promise<void>;
  /** Reserves a free port for `svc`; with dryRun, finds one without reserving it. */
  allocateNext(svc: ServiceRef, dryRun: boolean, exclude?: ReadonlySet<number>): Promise<number>;
  /** Frees `port`; freeing a free or out-of-range port is not an error. */
  release(port: number): Promise<void>;
  /** Whether `port` is allocated now. */
  has(port: number): Promise<boolean>;
  /** Every allocated port with the Service it was given to. */
  list(): Promise<{ port: number; svc: ServiceRef | undefined }[]>;
}

/**
 * Node ports kept in the store, one key per allocated port (`/registry/ranges/servicenodeports/30080`)
 * written with create-if-absent: concurrent allocations through any number of API servers cannot
 * both win a port, and no single key serializes every allocation (as upstream's one bitmap object
 * would). The value names the Service, for repair. Dynamic allocation scans from a random offset,
 * upper band first, as upstream's bitmap allocator. Safe to use concurrently.
 */
export function storePortAllocator(
  range: PortRange,
  store: Store,
  random: RandomBig = cryptoRandomBig,
): PortAllocator {
  const inRange = (p: number) => Number.isInteger(p) && p >= range.base && p < range.base + range.size;
  const key = (p: number) => `${NODE_PORT_PREFIX}${p}`;
  const create = async (p: number, svc: ServiceRef): Promise<boolean> => {
    const out = await store.create(key(p), JSON.stringify({ port: p, service: svc }));
    return out.ok;
  };
  const listAll = async () => {
    const listed = await store.list(NODE_PORT_PREFIX);
    return listed.kvs.map((kv) => {
      const port = Number(kv.key.slice(NODE_PORT_PREFIX.length));
      let svc: ServiceRef | undefined;
      try {
        const v = JSON.parse(kv.value) as { service?: ServiceRef };
        svc = v.service;
      } catch {
        svc = undefined;
      }
      return { port, svc };
    });
  };
  const has = async (p: number) => (await store.get(key(p))).kv !== undefined;
  return {
    range,
    async allocate(port, svc, dryRun) {
      if (!inRange(port)) throw new AllocationError('not-in-range', portNotInRange(range));
      if (dryRun) {
        if (await has(port)) throw new AllocationError('allocated', PORT_ALREADY_ALLOCATED);
        return;
      }
      if (!(await create(port, svc))) throw new AllocationError('allocated', PORT_ALREADY_ALLOCATED);
    },
    async allocateNext(svc, dryRun, exclude = new Set()) {
      const skip = new Set<bigint>();
      for (const p of exclude) if (inRange(p)) skip.add(BigInt(p - range.base));
      const loadUsed = async () => {
        const used = new Set<bigint>();
        for (const { port } of await listAll()) if (inRange(port)) used.add(BigInt(port - range.base));
        return used;
      };
      const off = await takeFirstFree(
        BigInt(range.size),
        BigInt(portRangeOffset(range.size)),
        random,
        loadUsed,
        async (o) => {
          const p = range.base + Number(o);
          return dryRun ? !(await has(p)) : create(p, svc);
        },
        { skip },
      );
      if (off === undefined) throw new AllocationError('full', RANGE_FULL);
      return range.base + Number(off);
    },
    async release(port) {
      if (!inRange(port)) return;
      await store.delete(key(port));
    },
    has: (port) => (inRange(port) ? has(port) : Promise.resolve(false)),
    list: listAll,
  };
}
