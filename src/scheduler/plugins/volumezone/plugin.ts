// The VolumeZone plugin: a pod whose bound volumes carry zone or region labels goes only to nodes
// with the same labels (nodes without any such label accept everything).
import type { PersistentVolume, Pod } from 'kubernetes-types/core/v1.js';
import { PERSISTENT_VOLUME_CLAIMS, PERSISTENT_VOLUMES, STORAGE_CLASSES } from '../../../client/resources.js';
import { claimClass } from '../../../controllers/persistentvolume/match.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  NodeInfo,
  PreFilterPlugin,
  PreFilterResult,
} from '../../framework/types.js';

/** The plugin's registry name. */
export const NAME = 'VolumeZone';

/** Reason for a node outside the volumes' zones. */
export const ERR_REASON_CONFLICT = 'node(s) had no available volume zone';

const STATE_KEY = `PreFilter${NAME}`;

const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const TOPOLOGY_LABELS = [BETA_ZONE, BETA_REGION, ZONE, REGION];

interface PVTopology {
  readonly pvName: string;
  readonly key: string;
  readonly values: ReadonlySet<string>;
}

class StateData {
  constructor(readonly topologies: readonly PVTopology[]) {}
  clone(): StateData {
    return this;
  }
}

/** The zones of a label value (`a__b` lists several); undefined when one is empty. Pure. */
export function labelZonesToSet(value: string): Set<string> | undefined {
  const out = new Set<string>();
  for (const z of value.replaceAll('__', ',').split(',')) {
    const t = z.trim();
    if (t === '') return undefined;
    out.add(t);
  }
  return out;
}

/** The volume's topology labels (beta and GA zone and region). Pure. */
export function pvTopologies(pv: PersistentVolume): PVTopology[] {
  const out: PVTopology[] = [];
  const labels = pv.metadata?.labels ?? {};
  for (const key of TOPOLOGY_LABELS) {
    const v = Object.hasOwn(labels, key) ? labels[key] : undefined;
    if (v === undefined) continue;
    const values = labelZonesToSet(v);
    if (values !== undefined) out.push({ pvName: pv.metadata?.name ?? '', key, values });
  }
  return out;
}

function toGA(label: string): string {
  if (label === BETA_REGION) return REGION;
  if (label === BETA_ZONE) return ZONE;
  return label;
}

/** VolumeZone. */
export class VolumeZone implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {
    handle.informers.informerFor(PERSISTENT_VOLUMES);
    handle.informers.informerFor(PERSISTENT_VOLUME_CLAIMS);
    handle.informers.informerFor(STORAGE_CLASSES);
  }

  /** Collects the bound volumes' topology; skips pods with none. */
  preFilter(
    state: CycleState,
    pod: Pod,
    _nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status?: Status } {
    const r = this.topologiesOf(pod);
    if (r instanceof Status) return { status: r };
    if (r.length === 0) return { status: Status.of('Skip') };
    state.write(STATE_KEY, new StateData(r));
    return {};
  }

  private topologiesOf(pod: Pod): PVTopology[] | Status {
    const out: PVTopology[] = [];
    const ns = pod.metadata?.namespace ?? '';
    const informers = this.handle.informers;
    for (const v of pod.spec?.volumes ?? []) {
      if (!v.persistentVolumeClaim) continue;
      const name = v.persistentVolumeClaim.claimName;
      if (name === '') return Status.unresolvable('PersistentVolumeClaim had no name');
      const pvc = informers.informerFor(PERSISTENT_VOLUME_CLAIMS).lister.get(ns, name);
      if (pvc === undefined) return Status.unresolvable(`persistentvolumeclaim "${name}" not found`);
      const pvName = pvc.spec?.volumeName ?? '';
      if (pvName === '') {
        const scName = claimClass(pvc);
        if (scName === '')
          return Status.unresolvable('PersistentVolumeClaim had no pv name and storageClass name');
        const sc = informers.informerFor(STORAGE_CLASSES).lister.get('', scName);
        if (sc === undefined) return Status.unresolvable(`storageclass.storage.k8s.io "${scName}" not found`);
        if (sc.volumeBindingMode === undefined) {
          return Status.unresolvable(`VolumeBindingMode not set for StorageClass "${scName}"`);
        }
        if (sc.volumeBindingMode === 'WaitForFirstConsumer') continue;
        return Status.unresolvable('PersistentVolume had no name');
      }
      const pv = informers.informerFor(PERSISTENT_VOLUMES).lister.get('', pvName);
      if (pv === undefined) return Status.unresolvable(`persistentvolume "${pvName}" not found`);
      out.push(...pvTopologies(pv));
    }
    return out;
  }

  /** Every volume label must be matched by the node's (GA label as fallback for beta ones). */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    if ((pod.spec?.volumes ?? []).length === 0) return undefined;
    let topologies = state.read<StateData>(STATE_KEY)?.topologies;
    if (topologies === undefined) {
      const r = this.topologiesOf(pod);
      if (r instanceof Status) return r;
      topologies = r;
    }
    const labels = nodeInfo.node.metadata?.labels ?? {};
    if (!TOPOLOGY_LABELS.some((k) => Object.hasOwn(labels, k))) return undefined;
    for (const t of topologies) {
      let v = Object.hasOwn(labels, t.key) ? labels[t.key] : undefined;
      if (v === undefined) {
        const ga = toGA(t.key);
        v = Object.hasOwn(labels, ga) ? labels[ga] : undefined;
      }
      if (v === undefined || !t.values.has(v)) return Status.unresolvable(ERR_REASON_CONFLICT);
    }
    return undefined;
  }

  /** New WaitForFirstConsumer classes, node label changes, and claim or volume changes. */
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: { resource: 'StorageClass', action: 'Add' } },
      { event: { resource: 'Node', action: 'Add' } },
      { event: { resource: 'Node', action: 'UpdateNodeLabel' } },
      { event: { resource: 'PersistentVolumeClaim', action: 'Add' } },
      { event: { resource: 'PersistentVolumeClaim', action: 'Update' } },
      { event: { resource: 'PersistentVolume', action: 'Add' } },
      { event: { resource: 'PersistentVolume', action: 'Update' } },
    ];
  }
}
