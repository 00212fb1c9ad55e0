// The scheduling framework's contracts (upstream pkg/scheduler/framework): the data plugins see
// (NodeInfo, PodInfo, Resource), the handle they are given, and one interface per extension point.
// Plugins implement only the extension points they use; filter and score are synchronous (they run
// for thousands of nodes per pod), binding steps are asynchronous.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/events/types.js';
import type { SharedInformerFactory } from '../../client/informers/types.js';
import type { Client } from '../../client/types.js';
import type { Logger } from '../../log/index.js';
import type { CycleState } from './cycle-state.js';
import type { Status } from './status.js';

/** Resource amounts as the scheduler counts them: CPU in millicores, the rest in units (bytes). */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Pod count (only meaningful for allocatable). */
  allowedPodNumber: number;
  /** Extended resources and hugepages, by resource name. */
  scalar: Map<string, number>;
}

/** A pod affinity term with its selector parsed and namespaces resolved (upstream's AffinityTerm). */
export interface AffinityTerm {
  /** Namespaces the term applies to (empty with no namespaceSelector: the pod's own namespace). */
  readonly namespaces: ReadonlySet<string>;
  /** Matches pod labels. */
  readonly selector: { matches(labels: Readonly<Record<string, string>>): boolean; empty(): boolean };
  readonly topologyKey: string;
  /** A namespaceSelector (matched against Namespace labels), or undefined. */
  readonly namespaceSelector:
    | { matches(labels: Readonly<Record<string, string>>): boolean; empty(): boolean }
    | undefined;
}

/** A preferred term with its weight. */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** A pod with what the scheduler precomputes about it. Treat as immutable. */
export interface PodInfo {
  readonly pod: Pod;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
}

/** A host port in use: protocol, IP ('0.0.0.0' for all) and port. */
export interface HostPortInfo {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/** A node with the pods on it (bound and assumed) and their aggregated use. */
export interface NodeInfo {
  readonly node: Node;
  readonly name: string;
  readonly pods: readonly PodInfo[];
  readonly podsWithAffinity: readonly PodInfo[];
  readonly podsWithRequiredAntiAffinity: readonly PodInfo[];
  readonly usedPorts: readonly HostPortInfo[];
  /** Sum of the pods' effective requests. */
  readonly requested: Resource;
  /** The same with upstream's non-zero defaults (100m CPU, 200 MiB) for containers without requests. */
  readonly nonZeroRequested: Resource;
  readonly allocatable: Resource;
  /** Image name → size and how many nodes have it (for ImageLocality). */
  readonly imageStates: ReadonlyMap<string, { readonly size: number; readonly numNodes: number }>;
  /** PVC `namespace/name` → number of pods on the node using it. */
  readonly pvcRefCounts: ReadonlyMap<string, number>;
  /** Bumped on every change (snapshots copy only changed nodes). */
  readonly generation: number;
}

/** Read access to the scheduling snapshot (upstream's NodeInfoLister). */
export interface NodeInfoLister {
  list(): readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  havePodsWithAffinityList(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
}

/** The snapshot plugins read during a cycle (consistent for the whole cycle). */
export interface SharedLister {
  readonly nodeInfos: NodeInfoLister;
}

/** Pods nominated to nodes by preemption, which later pods must account for. */
export interface PodNominator {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** What the framework gives every plugin. */
export interface Handle {
  readonly snapshot: SharedLister;
  readonly client: Client;
  readonly informers: SharedInformerFactory;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly log: Logger;
  readonly nominator: PodNominator;
  /** Runs filter plugins for preemption's what-if checks (set by the framework runtime). */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
}

/** Every plugin has a name (upstream's registry name, e.g. `NodeResourcesFit`). */
export interface Plugin {
  readonly name: string;
}

/** A pod in the scheduling queue. */
export interface QueuedPodInfo {
  readonly podInfo: PodInfo;
  /** When it entered the queue (ms); QueueSort's tie-breaker. */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** When it was first added (ms). */
  readonly initialAttemptTimestamp: number;
  /** Plugins that rejected it in the last attempt (for queueing hints). */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
}

/** A kind of change in the cluster that may make pods schedulable. */
export type ClusterEventResource =
  | 'Pod'
  | 'AssignedPod'
  | 'UnscheduledPod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'CSINode'
  | 'Namespace'
  | '*';
/** What happened to it. */
export type ClusterEventAction =
  | 'Add'
  | 'Delete'
  | 'UpdateNodeAllocatable'
  | 'UpdateNodeLabel'
  | 'UpdateNodeTaint'
  | 'UpdateNodeCondition'
  | 'UpdateNodeAnnotation'
  | 'UpdatePodLabel'
  | 'UpdatePodScaleDown'
  | 'UpdatePodTolerations'
  | 'UpdatePodSchedulingGatesEliminated'
  | 'Update'
  | 'All';

/** A cluster event. */
export interface ClusterEvent {
  readonly resource: ClusterEventResource;
  readonly action: ClusterEventAction;
}

/** Whether an event makes a rejected pod worth retrying (upstream's QueueingHint). */
export type QueueingHint = 'Queue' | 'QueueSkip';

/** An event a plugin cares about, with an optional hint function. */
export interface ClusterEventWithHint {
  readonly event: ClusterEvent;
  hint?(pod: Pod, oldObj: unknown, newObj: unknown): QueueingHint;
}

/** Plugins that say which events can make the pods they rejected schedulable. */
export interface EnqueueExtensions {
  eventsToRegister(): readonly ClusterEventWithHint[];
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Status | undefined;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** Nodes PreFilter narrowed the search to (undefined: all nodes). */
export interface PreFilterResult {
  readonly nodeNames: ReadonlySet<string> | undefined;
}

/** How PreFilter state follows pods added or removed in what-if runs (preemption, nominated pods). */
export interface PreFilterExtensions {
  addPod(
    state: CycleState,
    podToSchedule: Pod,
    podInfoToAdd: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined;
  removePod(
    state: CycleState,
    podToSchedule: Pod,
    podInfoToRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | undefined;
}

export interface PreFilterPlugin extends Plugin {
  /** A Skip status skips this plugin's Filter for the cycle. */
  preFilter(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status?: Status };
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
}

/** Per-node filter statuses of a failed cycle. */
export type NodeToStatus = ReadonlyMap<string, Status>;

export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: Pod,
    filteredNodeStatus: NodeToStatus,
  ): Promise<{ nominatedNodeName?: string; status: Status }>;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined;
}

/** A node's score. */
export interface NodeScore {
  readonly name: string;
  score: number;
}

/** Scores run 0..MAX_NODE_SCORE after normalization. */
export const MAX_NODE_SCORE = 100;

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): { score: number; status?: Status };
  /** Brings raw scores into 0..MAX_NODE_SCORE; mutates `scores`. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): Status | undefined;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined | Promise<Status | undefined>;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void | Promise<void>;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): { status?: Status; timeoutMs?: number };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined>;
}

export interface BindPlugin extends Plugin {
  /** A Skip status passes binding to the next bind plugin. */
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Builds a plugin from its configured args (undefined: defaults) and the handle. */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;
