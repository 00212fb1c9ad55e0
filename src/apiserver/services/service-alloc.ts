// Cluster IP and node port allocation for Service writes, after upstream's service storage
// (pkg/registry/core/service/storage/alloc.go): what to allocate on create, what changes on update,
// what to release, and the error texts of each failure.
import { type GroupKind, internalError, invalid, type StatusError } from '../../apimachinery/errors/index.js';
import { type FieldError, invalid as fieldInvalid, path } from '../../apimachinery/field/index.js';
import { validateClusterIPFields } from '../../api/validation/core/service-fields.js';
import { readServiceSpec } from '../../api/validation/core/service-spec.js';
import type { JsonObject } from '../registry/index.js';
import { metaString } from '../registry/object-meta.js';
import { AllocationError, type IPAllocator, type ServiceRef } from './ip-allocator.js';
import { familyOf, type IPFamily } from './ip-range.js';
import type { PortAllocator } from './port-allocator.js';
import {
  clusterIP,
  clusterIPs,
  collectNodePorts,
  healthCheckNodePort,
  ipFamilies,
  ipFamilyPolicy,
  isHeadless,
  needsHealthCheck,
  nodePortOf,
  portNumber,
  portsOf,
  sameClusterIPs,
  sameIPFamilies,
  setSpec,
  shouldAllocateNodePorts,
  specOf,
  svcType,
} from './service-fields.js';

const SERVICE: GroupKind = { group: '', kind: 'Service' };

/** The allocators of a cluster: one IP allocator per configured family (the first is the default). */
export interface Allocators {
  readonly ip: ReadonlyMap<IPFamily, IPAllocator>;
  readonly defaultFamily: IPFamily;
  readonly ports: PortAllocator;
}

/**
 * What a begin hook reserved: `commit` once the write succeeded (it performs releases that had to
 * wait for success), `revert` when it failed (it frees what was reserved). Each runs at most once;
 * neither throws (failures are reported through `onError`).
 */
export class Transaction {
  private readonly commits: (() => Promise<void>)[] = [];
  private readonly reverts: (() => Promise<void>)[] = [];
  private done = false;

  constructor(private readonly onError: (e: unknown) => void = () => undefined) {}

  onCommit(f: () => Promise<void>): void {
    this.commits.push(f);
  }

  onRevert(f: () => Promise<void>): void {
    this.reverts.push(f);
  }

  async commit(): Promise<void> {
    await this.finish(this.commits);
  }

  async revert(): Promise<void> {
    await this.finish(this.reverts.reverse());
  }

  private async finish(fs: (() => Promise<void>)[]): Promise<void> {
    if (this.done) return;
    this.done = true;
    for (const f of fs) {
      try {
        await f();
      } catch (e) {
        this.onError(e);
      }
    }
  }
}

function refOf(svc: JsonObject): ServiceRef {
  return { namespace: metaString(svc, 'namespace'), name: metaString(svc, 'name') };
}

function invalidService(svc: JsonObject, errs: FieldError[]): StatusError {
  return invalid(SERVICE, metaString(svc, 'name'), errs);
}

function otherFamily(f: IPFamily): IPFamily {
  return f === 'IPv4' ? 'IPv6' : 'IPv4';
}

// Upstream's isMatchingPreferDualStackClusterIPFields: an update of a PreferDualStack Service
// that leaves its families and IPs alone is not upgraded or downgraded.
function matchingPreferDualStack(svc: JsonObject, old: JsonObject | undefined): boolean {
  if (old === undefined || ipFamilyPolicy(svc) === undefined) return false;
  if (svcType(old) !== svcType(svc)) return false;
  if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(svcType(svc))) return false;
  if (ipFamilyPolicy(svc) !== 'PreferDualStack') return false;
  const op = ipFamilyPolicy(old);
  if (op !== undefined && op !== 'PreferDualStack') return false;
  return sameClusterIPs(old, svc) && sameIPFamilies(old, svc);
}

/**
 * Upstream's initIPFamilyFields: fills ipFamilyPolicy and ipFamilies from the request, the stored
 * object and the cluster's configuration, and rejects combinations the cluster cannot serve with
 * upstream's 422 messages. Mutates `svc`; throws StatusError.
 */
export function initIPFamilyFields(al: Allocators, svc: JsonObject, old: JsonObject | undefined): void {
  if (svcType(svc) === 'ExternalName') return;
  if (matchingPreferDualStack(svc, old)) return;
  const selectorless = (() => {
    const sel = specOf(svc)['selector'];
    return typeof sel !== 'object' || sel === null || Object.keys(sel).length === 0;
  })();
  if (ipFamilyPolicy(svc) === undefined) {
    const oldPolicy = old === undefined ? undefined : ipFamilyPolicy(old);
    if (oldPolicy !== undefined) setSpec(svc, 'ipFamilyPolicy', oldPolicy);
    else if (clusterIP(svc) === 'None' && selectorless) setSpec(svc, 'ipFamilyPolicy', 'RequireDualStack');
    else setSpec(svc, 'ipFamilyPolicy', 'SingleStack');
  }
  const pre = validateClusterIPFields(readServiceSpec(specOf(svc), path('spec'), []));
  if (pre.length > 0) throw invalidService(svc, pre);
  const policy = ipFamilyPolicy(svc);
  const policyPath = path('spec', 'ipFamilyPolicy');
  const errs: FieldError[] = [];
  if (old !== undefined) {
    if (policy === 'SingleStack') {
      if (sameClusterIPs(old, svc) && clusterIPs(svc).length > 1)
        setSpec(svc, 'clusterIPs', clusterIPs(svc).slice(0, 1));
      if (sameIPFamilies(old, svc) && ipFamilies(svc).length > 1)
        setSpec(svc, 'ipFamilies', ipFamilies(svc).slice(0, 1));
    } else {
      if (clusterIPs(svc).length > 0 && clusterIPs(svc).length < clusterIPs(old).length) {
        errs.push(
          fieldInvalid(policyPath, policy, "must be 'SingleStack' to release the secondary cluster IP"),
        );
      }
      if (ipFamilies(svc).length > 0 && ipFamilies(svc).length < ipFamilies(old).length) {
        errs.push(
          fieldInvalid(policyPath, policy, "must be 'SingleStack' to release the secondary IP family"),
        );
      }
    }
  }
  if (policy === 'SingleStack') {
    if (clusterIPs(svc).length === 2) {
      errs.push(
        fieldInvalid(
          policyPath,
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
        ),
      );
    }
    if (ipFamilies(svc).length === 2) {
      errs.push(
        fieldInvalid(
          policyPath,
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
        ),
      );
    }
  }
  const ips = clusterIPs(svc);
  const fams = ipFamilies(svc);
  for (let i = 0; i < ips.length; i++) {
    const ip = ips[i]!;
    if (ip === 'None') break;
    const fam = familyOf(ip) ?? 'IPv4';
    if (i >= fams.length) {
      if (!al.ip.has(fam)) {
        errs.push(
          fieldInvalid(path('spec', 'clusterIPs').index(i), ips, `${fam} is not configured on this cluster`),
        );
      } else fams.push(fam);
    }
  }
  setSpec(svc, 'ipFamilies', fams);
  if (errs.length > 0) throw invalidService(svc, errs);
  if (clusterIP(svc) === 'None' && selectorless) {
    if (fams.length === 0) fams.push(al.defaultFamily);
    if (fams.length < 2 && ipFamilyPolicy(svc) !== 'SingleStack') fams.push(otherFamily(fams[0] as IPFamily));
    setSpec(svc, 'ipFamilies', fams);
    return;
  }
  if (policy === 'RequireDualStack' && al.ip.size < 2) {
    errs.push(fieldInvalid(policyPath, policy, 'this cluster is not configured for dual-stack services'));
  }
  fams.forEach((f, i) => {
    if (!al.ip.has(f as IPFamily)) {
      errs.push(fieldInvalid(path('spec', 'ipFamilies').index(i), f, 'not configured on this cluster'));
    }
  });
  if (errs.length > 0) throw invalidService(svc, errs);
  if (fams.length === 0) fams.push(al.defaultFamily);
  if (ipFamilyPolicy(svc) !== 'SingleStack' && fams.length === 1 && al.ip.size === 2) {
    fams.push(otherFamily(fams[0] as IPFamily));
  }
  setSpec(svc, 'ipFamilies', fams);
}

// Allocates the IPs `want` maps families to ('' = any free one); frees what it took on failure.
async function allocIPs(
  al: Allocators,
  svc: JsonObject,
  want: Map<IPFamily, string>,
  dryRun: boolean,
): Promise<Map<IPFamily, string>> {
  const got = new Map<IPFamily, string>();
  try {
    for (const [fam, ip] of want) {
      const a = al.ip.get(fam);
      if (a === undefined) throw internalError(`failed to allocate a serviceIP: ${fam} is not configured`);
      if (ip === '') {
        try {
          got.set(fam, await a.allocateNext(refOf(svc), dryRun));
        } catch (e) {
          if (e instanceof AllocationError)
            throw internalError(`failed to allocate a serviceIP: ${e.message}`);
          throw e;
        }
        continue;
      }
      try {
        await a.allocate(ip, refOf(svc), dryRun);
      } catch (e) {
        if (!(e instanceof AllocationError)) throw e;
        throw invalidService(svc, [
          fieldInvalid(
            path('spec', 'clusterIPs'),
            clusterIPs(svc),
            `failed to allocate IP ${ip}: ${e.message}`,
          ),
        ]);
      }
      got.set(fam, ip);
    }
  } catch (e) {
    if (!dryRun)
      for (const [fam, ip] of got)
        await al.ip
          .get(fam)
          ?.release(ip)
          .catch(() => undefined);
    throw e;
  }
  return got;
}

// Upstream's allocClusterIPs: one address per family of spec.ipFamilies, requested or free.
async function allocClusterIPs(
  al: Allocators,
  svc: JsonObject,
  dryRun: boolean,
): Promise<Map<IPFamily, string>> {
  if (svcType(svc) === 'ExternalName' || isHeadless(svc)) return new Map();
  const fams = ipFamilies(svc) as IPFamily[];
  const ips = clusterIPs(svc);
  const want = new Map<IPFamily, string>();
  for (const [i, f] of fams.entries()) want.set(f, ips[i] ?? '');
  const got = await allocIPs(al, svc, want, dryRun);
  const out = fams.map((f, i) => got.get(f) ?? ips[i] ?? '');
  setSpec(svc, 'clusterIPs', out);
  if (out[0] !== undefined) setSpec(svc, 'clusterIP', out[0]);
  return got;
}

async function releaseIPs(al: Allocators, ips: Map<IPFamily, string>): Promise<void> {
  for (const [fam, ip] of ips) await al.ip.get(fam)?.release(ip);
}

/** Upstream's PortAllocationOperation: allocations at once, releases deferred until commit. */
class PortOperation {
  readonly allocated: number[] = [];
  readonly toRelease: number[] = [];

  constructor(
    private readonly ports: PortAllocator,
    private readonly svc: ServiceRef,
    private readonly dryRun: boolean,
  ) {}

  async allocate(port: number): Promise<void> {
    if (this.dryRun && this.allocated.includes(port)) {
      throw new AllocationError('allocated', 'provided port is already allocated');
    }
    await this.ports.allocate(port, this.svc, this.dryRun);
    this.allocated.push(port);
  }

  async allocateNext(): Promise<number> {
    const p = await this.ports.allocateNext(this.svc, this.dryRun, new Set(this.allocated));
    this.allocated.push(p);
    return p;
  }

  releaseDeferred(port: number): void {
    this.toRelease.push(port);
  }

  attach(txn: Transaction): void {
    txn.onRevert(async () => {
      if (this.dryRun) return;
      for (const p of this.allocated) await this.ports.release(p);
    });
    txn.onCommit(async () => {
      if (this.dryRun) return;
      for (const p of this.toRelease) await this.ports.release(p);
    });
  }
}

function nodePortError(svc: JsonObject, i: number, port: number, e: AllocationError): StatusError {
  return invalidService(svc, [
    fieldInvalid(path('spec', 'ports').index(i).child('nodePort'), port, e.message),
  ]);
}

async function allocateNext(op: PortOperation, what: string): Promise<number> {
  try {
    return await op.allocateNext();
  } catch (e) {
    if (e instanceof AllocationError) throw internalError(`failed to allocate a ${what}: ${e.message}`);
    throw e;
  }
}

// Upstream's initNodePorts: ports sharing a port number share a node port.
async function initNodePorts(svc: JsonObject, op: PortOperation): Promise<void> {
  const ports = portsOf(svc);
  const byPort = new Map<number, number>();
  for (let i = 0; i < ports.length; i++) {
    const sp = ports[i]!;
    if (nodePortOf(sp) === 0 && !shouldAllocateNodePorts(svc)) continue;
    const known = byPort.get(portNumber(sp)) ?? 0;
    if (known === 0) {
      const np = ports.find((p) => portNumber(p) === portNumber(sp) && nodePortOf(p) !== 0);
      const requested = np === undefined ? 0 : nodePortOf(np);
      if (requested !== 0) {
        try {
          await op.allocate(requested);
        } catch (e) {
          if (e instanceof AllocationError) throw nodePortError(svc, i, requested, e);
          throw e;
        }
        sp['nodePort'] = requested;
        byPort.set(portNumber(sp), requested);
      } else {
        const p = await allocateNext(op, 'nodePort');
        sp['nodePort'] = p;
        byPort.set(portNumber(sp), p);
      }
    } else if (nodePortOf(sp) !== known) {
      if (nodePortOf(sp) === 0) sp['nodePort'] = known;
      else {
        try {
          await op.allocate(nodePortOf(sp));
        } catch (e) {
          if (e instanceof AllocationError) throw nodePortError(svc, i, nodePortOf(sp), e);
          throw e;
        }
      }
    }
  }
}

async function allocHealthCheckNodePort(svc: JsonObject, op: PortOperation): Promise<void> {
  const hc = healthCheckNodePort(svc);
  try {
    if (hc !== 0) await op.allocate(hc);
    else setSpec(svc, 'healthCheckNodePort', await op.allocateNext());
  } catch (e) {
    if (!(e instanceof AllocationError)) throw e;
    throw internalError(
      hc !== 0
        ? `failed to allocate requested HealthCheck NodePort ${hc}: ${e.message}`
        : `failed to allocate a HealthCheck NodePort 0: ${e.message}`,
    );
  }
}

/**
 * Upstream's allocateCreate: fills the IP family fields, allocates the cluster IPs and the node
 * ports (and the health-check node port) a new Service needs, and answers the transaction that
 * keeps or frees them. With dryRun every check runs but nothing is reserved. Mutates `svc`;
 * throws StatusError (422 for requests that cannot be met, 500 for a full range).
 */
export async function allocateCreate(
  al: Allocators,
  svc: JsonObject,
  dryRun: boolean,
  onError?: (e: unknown) => void,
): Promise<Transaction> {
  const txn = new Transaction(onError);
  initIPFamilyFields(al, svc, undefined);
  const ips = await allocClusterIPs(al, svc, dryRun);
  txn.onRevert(() => (dryRun ? Promise.resolve() : releaseIPs(al, ips)));
  const op = new PortOperation(al.ports, refOf(svc), dryRun);
  op.attach(txn);
  try {
    if (svcType(svc) === 'NodePort' || svcType(svc) === 'LoadBalancer') await initNodePorts(svc, op);
    if (needsHealthCheck(svc)) await allocHealthCheckNodePort(svc, op);
  } catch (e) {
    await txn.revert();
    throw e;
  }
  return txn;
}

// Upstream's updateClusterIPs: type changes to and from ExternalName, dual-stack upgrades and
// downgrades. Answers what was allocated and what to release once the write succeeds.
async function updateClusterIPs(
  al: Allocators,
  svc: JsonObject,
  old: JsonObject,
  dryRun: boolean,
): Promise<{ allocated: Map<IPFamily, string>; release: Map<IPFamily, string> }> {
  const none = { allocated: new Map<IPFamily, string>(), release: new Map<IPFamily, string>() };
  if (matchingPreferDualStack(svc, old)) return none;
  if (svcType(old) === 'ExternalName' && svcType(svc) !== 'ExternalName') {
    return { allocated: await allocClusterIPs(al, svc, dryRun), release: new Map() };
  }
  if (isHeadless(old)) return none;
  if (svcType(old) !== 'ExternalName' && svcType(svc) === 'ExternalName') {
    const release = new Map<IPFamily, string>();
    const ips = clusterIPs(old);
    ipFamilies(old).forEach((f, i) => {
      if (ips[i] !== undefined) release.set(f as IPFamily, ips[i]!);
    });
    return { allocated: new Map(), release };
  }
  const oldFams = ipFamilies(old);
  const fams = ipFamilies(svc);
  if (oldFams.length === 1 && fams.length === 2) {
    const ips = clusterIPs(svc);
    const want = new Map<IPFamily, string>([[fams[1] as IPFamily, ips[1] ?? '']]);
    const got = await allocIPs(al, svc, want, dryRun);
    setSpec(svc, 'clusterIPs', [ips[0] ?? clusterIP(svc), got.get(fams[1] as IPFamily)!]);
    return { allocated: got, release: new Map() };
  }
  if (oldFams.length === 2 && fams.length === 1) {
    const second = clusterIPs(old)[1];
    const release = new Map<IPFamily, string>();
    if (second !== undefined) release.set(oldFams[1] as IPFamily, second);
    return { allocated: new Map(), release };
  }
  return none;
}

// Upstream's updateNodePorts: new requested ports are reserved, missing ones allocated, and ports
// the Service no longer uses released on commit.
async function updateNodePorts(svc: JsonObject, old: JsonObject, op: PortOperation): Promise<void> {
  const oldPorts = collectNodePorts(old);
  const taken = new Set<number>();
  const ports = portsOf(svc);
  const seen = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const sp = ports[i]!;
    if (nodePortOf(sp) === 0 && !shouldAllocateNodePorts(svc)) continue;
    let np = nodePortOf(sp);
    if (np !== 0) {
      if (!oldPorts.includes(np) && !taken.has(np)) {
        try {
          await op.allocate(np);
        } catch (e) {
          if (e instanceof AllocationError) throw nodePortError(svc, i, np, e);
          throw e;
        }
        taken.add(np);
      }
    } else {
      np = await allocateNext(op, 'nodePort');
      sp['nodePort'] = np;
    }
    const key = `${String(sp['protocol'] ?? '')}/${np}`;
    if (seen.has(key)) throw internalError(`duplicate nodePort: {${String(sp['protocol'] ?? '')} ${np}}`);
    seen.add(key);
  }
  const now = collectNodePorts(svc);
  for (const p of oldPorts) if (!now.includes(p)) op.releaseDeferred(p);
}

/**
 * Upstream's allocateUpdate: the IP family fields, cluster IPs (type changes, dual-stack changes)
 * and node ports of an updated Service. Releases wait for the transaction's commit; new
 * reservations are freed on revert. Mutates `svc`; throws StatusError.
 */
export async function allocateUpdate(
  al: Allocators,
  svc: JsonObject,
  old: JsonObject,
  dryRun: boolean,
  onError?: (e: unknown) => void,
): Promise<Transaction> {
  const txn = new Transaction(onError);
  initIPFamilyFields(al, svc, old);
  const ipChange = await updateClusterIPs(al, svc, old, dryRun);
  txn.onRevert(() => (dryRun ? Promise.resolve() : releaseIPs(al, ipChange.allocated)));
  txn.onCommit(() => (dryRun ? Promise.resolve() : releaseIPs(al, ipChange.release)));
  const op = new PortOperation(al.ports, refOf(svc), dryRun);
  op.attach(txn);
  try {
    const wasNodePort = svcType(old) === 'NodePort' || svcType(old) === 'LoadBalancer';
    const isNodePort = svcType(svc) === 'NodePort' || svcType(svc) === 'LoadBalancer';
    if (wasNodePort && (svcType(svc) === 'ExternalName' || svcType(svc) === 'ClusterIP')) {
      for (const p of collectNodePorts(old)) op.releaseDeferred(p);
    }
    if (isNodePort) await updateNodePorts(svc, old, op);
    const needed = needsHealthCheck(old);
    const needs = needsHealthCheck(svc);
    if (!needed && needs) await allocHealthCheckNodePort(svc, op);
    else if (needed && !needs && healthCheckNodePort(old) !== 0) op.releaseDeferred(healthCheckNodePort(old));
  } catch (e) {
    await txn.revert();
    throw e;
  }
  return txn;
}

/**
 * Upstream's releaseAllocatedResources, run after a Service is deleted: its cluster IPs (unless
 * ExternalName or headless), node ports and health-check node port. Failures go to `onError`
 * (the repair loop finds what is left); never throws.
 */
export async function releaseAllocated(
  al: Allocators,
  svc: JsonObject,
  onError: (e: unknown) => void = () => undefined,
): Promise<void> {
  const attempt = async (f: () => Promise<void>) => {
    try {
      await f();
    } catch (e) {
      onError(e);
    }
  };
  if (svcType(svc) !== 'ExternalName' && !isHeadless(svc)) {
    for (const ip of clusterIPs(svc)) {
      const fam = familyOf(ip);
      const a = fam === undefined ? undefined : al.ip.get(fam);
      if (a !== undefined) await attempt(() => a.release(ip));
    }
  }
  for (const p of collectNodePorts(svc)) await attempt(() => al.ports.release(p));
  if (needsHealthCheck(svc) && healthCheckNodePort(svc) > 0) {
    await attempt(() => al.ports.release(healthCheckNodePort(svc)));
  }
}
