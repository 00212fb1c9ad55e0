// The canonical layout of Endpoints subsets: every address grouped with exactly the set of ports it
// serves, addresses and ports sorted, subsets sorted, as upstream's RepackSubsets produces, so
// that two computations of the same endpoints compare equal and kubectl shows upstream's order.
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';
import { md5, renderEndpointPort, renderEndpointSubset } from '../endpointslice/index.js';

// A subset without ports is filed under this port (upstream's Port: -1 marker).
const NO_PORT: EndpointPort = { port: -1 };

function portKey(p: EndpointPort): string {
  return JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? null]);
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Orders addresses by IP (bytewise), then target UID (no target first). Pure. */
export function compareEndpointAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const c = compareBytes(a.ip, b.ip);
  if (c !== 0) return c;
  if (b.targetRef === undefined) return a.targetRef === undefined ? 0 : 1;
  if (a.targetRef === undefined) return -1;
  return compareBytes(a.targetRef.uid ?? '', b.targetRef.uid ?? '');
}

// Sorts in place by the MD5 of each item's Go rendering, each item hashed once.
function sortByHash<T>(items: T[], render: (v: T) => string): T[] {
  const hashed = items.map((v) => ({ v, h: md5(render(v)) }));
  hashed.sort((a, b) => Buffer.compare(a.h, b.h));
  for (let i = 0; i < hashed.length; i++) items[i] = hashed[i]!.v;
  return items;
}

/**
 * Sorts subsets in place as upstream's SortSubsets: addresses by IP and UID, ports and subsets by
 * the MD5 of their Go rendering. Returns its argument.
 */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  for (const s of subsets) {
    s.addresses?.sort(compareEndpointAddresses);
    s.notReadyAddresses?.sort(compareEndpointAddresses);
    if (s.ports !== undefined) sortByHash(s.ports, renderEndpointPort);
  }
  return sortByHash(subsets, renderEndpointSubset);
}

/**
 * Expands subsets to (address, port, ready) facts and repacks them: addresses are de-duplicated by
 * IP and target UID, an address not ready on a port is not ready there even if also listed ready,
 * and addresses offering the same ports with the same readiness share a subset. Subsets without
 * ports (headless services without ports) keep their addresses with no ports. Pure: returns new
 * subsets (addresses are copies), sorted by {@link sortSubsets}.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>();
  // port key -> (port, address -> ready), in first-seen order.
  const byPort = new Map<string, { port: EndpointPort; addrs: Map<EndpointAddress, boolean> }>();
  const note = (addr: EndpointAddress, port: EndpointPort, ready: boolean): void => {
    const key = JSON.stringify([addr.ip, addr.targetRef?.uid ?? '']);
    let existing = allAddrs.get(key);
    if (existing === undefined) {
      existing = { ...addr };
      allAddrs.set(key, existing);
    }
    const pk = portKey(port);
    let entry = byPort.get(pk);
    if (entry === undefined) {
      entry = { port, addrs: new Map() };
      byPort.set(pk, entry);
    }
    const was = entry.addrs.get(existing);
    if (was === undefined || was) entry.addrs.set(existing, ready);
  };
  for (const s of subsets) {
    const ports = s.ports === undefined || s.ports.length === 0 ? [NO_PORT] : s.ports;
    for (const port of ports) {
      for (const a of s.addresses ?? []) note(a, port, true);
      for (const a of s.notReadyAddresses ?? []) note(a, port, false);
    }
  }
  // Group ports by the exact (address, readiness) set they map to.
  const groups = new Map<string, { addrs: Map<EndpointAddress, boolean>; ports: EndpointPort[] }>();
  for (const { port, addrs } of byPort.values()) {
    const members = [...addrs.entries()].sort((x, y) => compareEndpointAddresses(x[0], y[0]));
    const key = JSON.stringify(members.map(([a, r]) => [a.ip, a.targetRef?.uid ?? '', r]));
    let g = groups.get(key);
    if (g === undefined) {
      g = { addrs, ports: [] };
      groups.set(key, g);
    }
    if (port.port > 0) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [a, r] of g.addrs) (r ? ready : notReady).push({ ...a });
    const s: EndpointSubset = {};
    if (ready.length > 0) s.addresses = ready;
    if (notReady.length > 0) s.notReadyAddresses = notReady;
    if (g.ports.length > 0) s.ports = g.ports.map((p) => ({ ...p }));
    out.push(s);
  }
  return sortSubsets(out);
}
