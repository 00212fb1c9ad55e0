// A leader election lock over a coordination.k8s.io/v1 Lease, as client-go's resourcelock.LeaseLock.
import type { Lease, LeaseSpec } from 'kubernetes-types/coordination/v1.js';
import { formatMicroTime } from '../../apimachinery/meta/index.js';
import type { EventRecorder } from '../events/types.js';
import { LEASES } from '../resources.js';
import type { Client, ResourceClient } from '../types.js';

/**
 * What a lock holds (client-go's LeaderElectionRecord). Times are metav1.MicroTime strings as
 * read from or written to the Lease; `undefined` when the Lease has none.
 */
export interface LeaderElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string | undefined;
  renewTime: string | undefined;
  leaderTransitions: number;
}

/** The MicroTime form of a clock reading (ms since the epoch), six fractional digits. */
export function microTime(ms: number): string {
  return formatMicroTime(new Date(ms));
}

function specOf(r: LeaderElectionRecord): LeaseSpec {
  const spec: LeaseSpec = {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
  };
  if (r.acquireTime !== undefined) spec.acquireTime = r.acquireTime;
  if (r.renewTime !== undefined) spec.renewTime = r.renewTime;
  spec.leaseTransitions = r.leaderTransitions;
  return spec;
}

function recordOf(spec: LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: spec?.acquireTime,
    renewTime: spec?.renewTime,
    leaderTransitions: spec?.leaseTransitions ?? 0,
  };
}

/**
 * A Lease `namespace/name` used as a lock. Remembers the Lease it last read or wrote so that
 * `update` is conditional on that resourceVersion (a concurrent writer makes it fail with a
 * Conflict). Not for concurrent use by two electors.
 */
export class LeaseLock {
  private lease: Lease | undefined;
  private readonly leases: ResourceClient<Lease>;

  constructor(
    client: Client,
    readonly namespace: string,
    readonly name: string,
    readonly identity: string,
    private readonly recorder?: EventRecorder,
  ) {
    this.leases = client.resource(LEASES);
  }

  /** `namespace/name`, for logs. */
  describe(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** Reads the Lease: its record and the record's serialized form (to detect changes). */
  async get(): Promise<{ record: LeaderElectionRecord; raw: string }> {
    this.lease = await this.leases.get(this.namespace, this.name);
    const record = recordOf(this.lease.spec);
    return { record, raw: JSON.stringify(record) };
  }

  /** Creates the Lease holding `record`. */
  async create(record: LeaderElectionRecord): Promise<void> {
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: this.namespace },
      spec: specOf(record),
    };
    this.lease = await this.leases.create(this.namespace, lease);
  }

  /** Replaces the spec of the Lease last read or written with `record`. */
  async update(record: LeaderElectionRecord): Promise<void> {
    if (this.lease === undefined) throw new Error('lease not initialized, call get or create first');
    this.lease = await this.leases.update({ ...this.lease, spec: specOf(record) });
  }

  /** Records a `LeaderElection` event about the Lease: `<identity> <what>`. */
  recordEvent(what: string): void {
    if (this.recorder === undefined) return;
    const meta = this.lease?.metadata ?? { name: this.name, namespace: this.namespace };
    const obj: Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta };
    this.recorder.event(obj, 'Normal', 'LeaderElection', `${this.identity} ${what}`);
  }
}
