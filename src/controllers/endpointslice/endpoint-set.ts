// Endpoints keyed by identity (addresses, hostname, target namespace and name), and ports keyed by
// content, as the EndpointSlice reconcilers group and match them.
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';
import { fnv128aHex, renderSlicePort, renderSlicePorts } from './go-hash.js';

/** The identity of an endpoint: what it is, not its state (conditions, zone, node). Pure. */
export function endpointKey(ep: Endpoint): string {
  return JSON.stringify([
    [...ep.addresses].sort(),
    ep.hostname ?? '',
    ep.targetRef?.namespace ?? '',
    ep.targetRef?.name ?? '',
  ]);
}

// Hashing is slow next to the rest of a sync (every pod of a service has the same ports), so the
// order and key of each port list seen are remembered; the memo is dropped when it grows large.
const MEMO_LIMIT = 1024;
const memo = new Map<string, { order: number[]; key: string }>();

/**
 * Sorts ports in place as upstream does before hashing them (by the FNV-128a of each port's Go
 * rendering, compared as hex) and returns the group key of the list. Mutates `ports`.
 */
export function portMapKey(ports: EndpointPort[]): string {
  const id = JSON.stringify(ports.map((p) => [p.name, p.protocol, p.port, p.appProtocol]));
  let known = memo.get(id);
  if (known === undefined) {
    const withHash = ports.map((p, i) => ({ i, h: fnv128aHex(renderSlicePort(p)) }));
    withHash.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    const order = withHash.map((x) => x.i);
    known = { order, key: fnv128aHex(renderSlicePorts(order.map((i) => ports[i]!))) };
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(id, known);
  }
  const sorted = known.order.map((i) => ports[i]!);
  for (let i = 0; i < sorted.length; i++) ports[i] = sorted[i]!;
  return known.key;
}

/**
 * A set of endpoints by identity. Iteration and `popAny` follow insertion order, which keeps
 * results deterministic (upstream's order is a Go map's, i.e. unspecified).
 */
export class EndpointSet {
  private readonly items = new Map<string, Endpoint>();

  /** Adds or replaces the endpoint with the same identity. */
  insert(ep: Endpoint): void {
    this.items.set(endpointKey(ep), ep);
  }

  /** The desired endpoint with the same identity as `ep`, or undefined. */
  get(ep: Endpoint): Endpoint | undefined {
    return this.items.get(endpointKey(ep));
  }

  /** Removes the endpoint with the same identity as `ep`, if any. */
  delete(ep: Endpoint): void {
    this.items.delete(endpointKey(ep));
  }

  /** How many endpoints the set holds. */
  get size(): number {
    return this.items.size;
  }

  /** Removes and returns the oldest endpoint, or undefined when empty. */
  popAny(): Endpoint | undefined {
    for (const [k, v] of this.items) {
      this.items.delete(k);
      return v;
    }
    return undefined;
  }

  /** The endpoints, oldest first. */
  values(): IterableIterator<Endpoint> {
    return this.items.values();
  }
}

function ptrChanged<T>(a: T | undefined, b: T | undefined): boolean {
  return (a === undefined) !== (b === undefined) || (a !== undefined && b !== undefined && a !== b);
}

/**
 * Whether two endpoints of the same identity are equal in what identity does not cover: node,
 * zone, conditions and target reference (ignoring the target's resourceVersion). Pure.
 */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  if (ptrChanged(a.nodeName, b.nodeName) || ptrChanged(a.zone, b.zone)) return false;
  const ca = a.conditions ?? {};
  const cb = b.conditions ?? {};
  if (ptrChanged(ca.ready, cb.ready) || ptrChanged(ca.serving, cb.serving)) return false;
  if (ptrChanged(ca.terminating, cb.terminating)) return false;
  const ta = a.targetRef;
  const tb = b.targetRef;
  if ((ta === undefined) !== (tb === undefined)) return false;
  if (ta !== undefined && tb !== undefined) {
    const fields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'fieldPath'] as const;
    for (const f of fields) if ((ta[f] ?? '') !== (tb[f] ?? '')) return false;
  }
  return true;
}
