// Finding how many pods the controller of a pod wants: the workload kinds through their listers
// (a ReplicaSet owned by a Deployment counts as the Deployment), any other owner through its scale
// subresource, located with discovery.
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { parseGroupVersion } from '../../apimachinery/meta/index.js';
import type { Lister } from '../../client/informers/types.js';
import { resourceOf } from '../../client/resources.js';
import type { Client, DiscoveredGroupVersion } from '../../client/types.js';
import { getControllerOf } from '../util/index.js';

/** A controller and its desired number of pods. */
export interface ControllerAndScale {
  readonly uid: string;
  readonly scale: number;
}

/** The listers the finders read. */
export interface WorkloadListers {
  readonly replicationControllers: Lister<ReplicationController>;
  readonly replicaSets: Lister<ReplicaSet>;
  readonly deployments: Lister<Deployment>;
  readonly statefulSets: Lister<StatefulSet>;
}

type Finder = (ref: OwnerReference, namespace: string) => Promise<ControllerAndScale | undefined>;

// Upstream's verifyGroupKind: the kind matches and the reference's group is one of `groups`.
// An unparsable apiVersion is an error.
function isGroupKind(ref: OwnerReference, kind: string, groups: readonly string[]): boolean {
  const gv = parseGroupVersion(ref.apiVersion);
  return ref.kind === kind && groups.includes(gv.group);
}

/**
 * Resolves owner references to (uid, desired replicas), trying ReplicationController, Deployment
 * (through its ReplicaSet), ReplicaSet not owned by a Deployment, StatefulSet, then the scale
 * subresource of whatever the reference names. Owners that are gone or have another uid resolve
 * to undefined.
 */
export class ScaleFinder {
  // Discovery answers, fetched on the first scale lookup and again when a kind is not found.
  private discovered: DiscoveredGroupVersion[] | undefined;

  constructor(
    private readonly client: Client,
    private readonly listers: WorkloadListers,
  ) {}

  /** The controller `ref` names and its scale, or undefined when no finder knows it. */
  async find(ref: OwnerReference, namespace: string): Promise<ControllerAndScale | undefined> {
    const finders: Finder[] = [
      async (r, ns) => this.replicationController(r, ns),
      async (r, ns) => this.deployment(r, ns),
      async (r, ns) => this.replicaSet(r, ns),
      async (r, ns) => this.statefulSet(r, ns),
      (r, ns) => this.scaleSubresource(r, ns),
    ];
    for (const f of finders) {
      const found = await f(ref, namespace);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private replicaSet(ref: OwnerReference, ns: string): ControllerAndScale | undefined {
    if (!isGroupKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
    const rs = this.listers.replicaSets.get(ns, ref.name);
    if (rs === undefined || rs.metadata?.uid !== ref.uid) return undefined;
    // A ReplicaSet run by a Deployment is counted as the Deployment.
    if (getControllerOf(rs)?.kind === 'Deployment') return undefined;
    return { uid: ref.uid, scale: rs.spec?.replicas ?? 1 };
  }

  private statefulSet(ref: OwnerReference, ns: string): ControllerAndScale | undefined {
    if (!isGroupKind(ref, 'StatefulSet', ['apps'])) return undefined;
    const ss = this.listers.statefulSets.get(ns, ref.name);
    if (ss === undefined || ss.metadata?.uid !== ref.uid) return undefined;
    return { uid: ref.uid, scale: ss.spec?.replicas ?? 1 };
  }

  private deployment(ref: OwnerReference, ns: string): ControllerAndScale | undefined {
    if (!isGroupKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
    const rs = this.listers.replicaSets.get(ns, ref.name);
    if (rs === undefined || rs.metadata?.uid !== ref.uid) return undefined;
    const owner = getControllerOf(rs);
    if (owner === undefined || !isGroupKind(owner, 'Deployment', ['apps', 'extensions'])) return undefined;
    const d = this.listers.deployments.get(ns, owner.name);
    if (d === undefined || d.metadata?.uid !== owner.uid) return undefined;
    return { uid: owner.uid, scale: d.spec?.replicas ?? 1 };
  }

  private replicationController(ref: OwnerReference, ns: string): ControllerAndScale | undefined {
    if (!isGroupKind(ref, 'ReplicationController', [''])) return undefined;
    const rc = this.listers.replicationControllers.get(ns, ref.name);
    if (rc === undefined || rc.metadata?.uid !== ref.uid) return undefined;
    return { uid: ref.uid, scale: rc.spec?.replicas ?? 1 };
  }

  private async scaleSubresource(ref: OwnerReference, ns: string): Promise<ControllerAndScale | undefined> {
    const gv = parseGroupVersion(ref.apiVersion);
    const plural = await this.pluralOf(gv.group, gv.version, ref.kind);
    const r = resourceOf(gv.group, gv.version, plural, ref.kind, true);
    const gr = gv.group === '' ? plural : `${plural}.${gv.group}`;
    let scale: { metadata?: { uid?: string }; spec?: { replicas?: number } };
    try {
      scale = await this.client.resource(r).getSubresource(ns, ref.name, 'scale');
    } catch (e) {
      if (!isNotFound(e)) throw e;
      // Not found: either the owner is gone (fine) or its resource has no scale subresource.
      if (!(await this.implementsScale(gv.group, gv.version, plural)))
        throw new Error(`${gr} does not implement the scale subresource`);
      return undefined;
    }
    if ((scale.metadata?.uid ?? '') !== ref.uid) return undefined;
    return { uid: ref.uid, scale: scale.spec?.replicas ?? 0 };
  }

  // The REST mapping of group/version/kind to its plural resource name, from discovery.
  private async pluralOf(group: string, version: string, kind: string): Promise<string> {
    const look = (): string | undefined =>
      this.discovered
        ?.find((g) => g.group === group && g.version === version)
        ?.resources.find((r) => r.kind === kind && !r.name.includes('/'))?.name;
    let plural = this.discovered === undefined ? undefined : look();
    if (plural === undefined) {
      this.discovered = await this.client.discover();
      plural = look();
    }
    if (plural === undefined) {
      const where = group === '' ? version : `${group}/${version}`;
      throw new Error(`no matches for kind "${kind}" in version "${where}"`);
    }
    return plural;
  }

  private async implementsScale(group: string, version: string, plural: string): Promise<boolean> {
    this.discovered = await this.client.discover();
    const gv = this.discovered.find((g) => g.group === group && g.version === version);
    return gv?.resources.some((r) => r.name === `${plural}/scale` && r.kind === 'Scale') ?? false;
  }
}
