import { resourceFor } from '../../api/index.js';
import { isAlreadyExists, isNotFound } from '../../apimachinery/errors/index.js';
import type { Store } from '../../storage/index.js';
import { RegistryStore, type RequestContext } from '../registry/index.js';
import { cryptoRandomBig, type RandomBig, takeFirstFree } from './banded-scan.js';
import type { IPFamily, ServiceIPRange } from './ip-range.js';

/** The allocator's name, recorded in the `ipaddress.kubernetes.io/managed-by` label. */
export const IP_ALLOCATOR_NAME = 'ipallocator.k8s.io';
/** The label naming the allocator of an IPAddress object. */
export const LABEL_MANAGED_BY = 'ipaddress.kubernetes.io/managed-by';
/** The label giving an IPAddress object's IP family. */
export const LABEL_IP_FAMILY = 'ipaddress.kubernetes.io/ip-family';

/** The Service an address is allocated to (an IPAddress's spec.parentRef). */
export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
}

/** Why an allocation failed, with upstream's error texts. */
export class AllocationError extends Error {
  override readonly name = 'AllocationError';
  constructor(
    readonly code: 'allocated' | 'not-in-range' | 'mismatched-network' | 'full',
    message: string,
  ) {
    super(message);
  }
}

/** Upstream's ErrAllocated text. */
export const IP_ALREADY_ALLOCATED = 'provided IP is already allocated';
/** Upstream's ErrMismatchedNetwork text (an address outside every ServiceCIDR). */
export const IP_MISMATCHED_NETWORK = 'the provided network does not match the current range';
/** Upstream's ErrNotInRange text for addresses. */
export function ipNotInRange(ip: string, range: ServiceIPRange): string {
  return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${range.cidr}`;
}

/** Upstream's ErrFull text. */
export const RANGE_FULL = 'range is full';

/** The allocation of cluster IPs of one family. */
export interface IPAllocator {
  readonly family: IPFamily;
  readonly range: ServiceIPRange;
  /** Reserves `ip` for `svc`; rejects with AllocationError. With dryRun, checks only. */
  allocate(ip: string, svc: ServiceRef, dryRun: boolean): Promise<void>;
  /** Reserves a free address for `svc` and returns it. With dryRun, reserves nothing. */
  allocateNext(svc: ServiceRef, dryRun: boolean): Promise<string>;
  /** Frees `ip`; freeing a free address is not an error. */
  release(ip: string): Promise<void>;
  /** Whether `ip` is allocated now. */
  has(ip: string): Promise<boolean>;
}

const IPADDRESSES = resourceFor({ group: 'networking.k8s.io', version: 'v1', resource: 'ipaddresses' });

/** The request context of the API server's own writes. */
export function systemContext(namespace = ''): RequestContext {
  return {
    namespace,
    user: 'system:apiserver',
    userInfo: { name: 'system:apiserver', groups: ['system:authenticated', 'system:masters'] },
    now: () => new Date(),
  };
}

/** Options of {@link storeIPAllocator}. */
export interface StoreIPAllocatorOptions {
  readonly random?: RandomBig;
  /** Registry of networking.k8s.io/v1 IPAddresses (default: a plain one over `store`). */
  readonly registry?: RegistryStore;
}

/**
 * A cluster IP allocator over IPAddress objects, as upstream's MultiCIDRServiceAllocator: an
 * address is allocated when its IPAddress exists, and it is created with create-if-absent, so two
 * API servers on one store can never hand out the same address. Dynamic allocation walks the range
 * from a random offset, upper band first (see bandedOrder), skipping the addresses listed in the
 * store. Safe to use concurrently.
 */
export function storeIPAllocator(
  range: ServiceIPRange,
  store: Store,
  opts: StoreIPAllocatorOptions = {},
): IPAllocator {
  if (IPADDRESSES === undefined) throw new Error('networking.k8s.io/v1 ipaddresses is not in the catalogue');
  const registry = opts.registry ?? new RegistryStore(IPADDRESSES, store);
  const random = opts.random ?? cryptoRandomBig;
  const ctx = systemContext();

  const create = async (ip: string, svc: ServiceRef): Promise<boolean> => {
    const obj = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IPAddress',
      metadata: {
        name: ip,
        labels: { [LABEL_IP_FAMILY]: range.family, [LABEL_MANAGED_BY]: IP_ALLOCATOR_NAME },
      },
      // The core group is the empty string, which the API leaves out (omitempty).
      spec: { parentRef: { resource: 'services', namespace: svc.namespace, name: svc.name } },
    };
    try {
      await registry.create(ctx, obj, { fieldManager: 'kube-apiserver' });
      return true;
    } catch (e) {
      if (isAlreadyExists(e)) return false;
      throw e;
    }
  };

  const usedOffsets = async (): Promise<Set<bigint>> => {
    const out = new Set<bigint>();
    const listed = await store.list(registry.prefix);
    for (const kv of listed.kvs) {
      const n = range.valueOf(kv.key.slice(registry.prefix.length));
      if (n !== undefined && n >= range.first && n <= range.last) out.add(n - range.first);
    }
    return out;
  };

  const has = async (ip: string): Promise<boolean> => {
    try {
      await registry.get(ctx, ip);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  };

  return {
    family: range.family,
    range,
    async allocate(ip, svc, dryRun) {
      if (!range.contains(ip)) {
        // Upstream checks a dry run against one range's own bounds, with that range's message.
        if (dryRun) throw new AllocationError('not-in-range', ipNotInRange(ip, range));
        throw new AllocationError('mismatched-network', IP_MISMATCHED_NETWORK);
      }
      // Names of IPAddress objects are canonical: `10.096.0.1` is stored as `10.96.0.1`.
      const name = range.format(range.valueOf(ip)!);
      if (dryRun) {
        if (await has(name)) throw new AllocationError('allocated', IP_ALREADY_ALLOCATED);
        return;
      }
      if (!(await create(name, svc))) throw new AllocationError('allocated', IP_ALREADY_ALLOCATED);
    },
    async allocateNext(svc, dryRun) {
      // Upstream does not look for a free address on dry run and answers the network address.
      if (dryRun) return range.networkAddress();
      let got: string | undefined;
      const off = await takeFirstFree(range.size, range.offset, random, usedOffsets, async (o) => {
        const ip = range.format(range.first + o);
        const ok = await create(ip, svc);
        if (ok) got = ip;
        return ok;
      });
      if (off === undefined || got === undefined) throw new AllocationError('full', RANGE_FULL);
      return got;
    },
    async release(ip) {
      const n = range.valueOf(ip);
      if (n === undefined) return;
      try {
        await registry.delete(ctx, range.format(n));
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
    has: (ip) => {
      const n = range.valueOf(ip);
      return n === undefined ? Promise.resolve(false) : has(range.format(n));
    },
  };
}
