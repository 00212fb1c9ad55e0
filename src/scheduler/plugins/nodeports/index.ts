// NodePorts: a pod fits a node only if none of its host ports is taken there. A port on 0.0.0.0
// conflicts with the same port/protocol on any IP, and a specific IP conflicts with 0.0.0.0.
import type { ContainerPort, Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type {
  ClusterEventWithHint,
  EnqueueExtensions,
  FilterPlugin,
  HostPortInfo,
  NodeInfo,
  PluginFactory,
  PreFilterPlugin,
} from '../../framework/types.js';

/** Upstream's plugin name. */
export const NAME = 'NodePorts';
/** The reason for a port conflict. */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";
const PRE_FILTER_KEY = `PreFilter${NAME}`;
const ALL_IPS = '0.0.0.0';

/** Host ports the pod asks for: ports with hostPort > 0 of its containers and restartable init containers. */
export function getContainerPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  }
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  }
  return out;
}

/** Whether `used` (a port in use on the node) conflicts with a wanted port (as HostPortInfo.CheckConflict). */
export function portsConflict(used: HostPortInfo, want: ContainerPort): boolean {
  const port = want.hostPort ?? 0;
  if (port <= 0 || used.port !== port) return false;
  if ((used.protocol || 'TCP') !== (want.protocol || 'TCP')) return false;
  const wantIP = want.hostIP || ALL_IPS;
  const usedIP = used.ip || ALL_IPS;
  return wantIP === ALL_IPS || usedIP === ALL_IPS || usedIP === wantIP;
}

/** Whether all `want` ports are free on the node. */
export function fitsPorts(want: readonly ContainerPort[], nodeInfo: NodeInfo): boolean {
  const used = nodeInfo.usedPorts;
  if (used.length === 0) return true;
  for (const w of want) for (const u of used) if (portsConflict(u, w)) return false;
  return true;
}

/** The NodePorts plugin. */
export const factory: PluginFactory = () =>
  ({
    name: NAME,
    preFilter(state: CycleState, pod: Pod) {
      const ports = getContainerPorts(pod);
      if (ports.length === 0) return { status: Status.of('Skip') };
      state.write(PRE_FILTER_KEY, ports);
      return {};
    },
    preFilterExtensions: () => undefined,
    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
      const ports = state.read<ContainerPort[]>(PRE_FILTER_KEY) ?? getContainerPorts(pod);
      return fitsPorts(ports, nodeInfo) ? undefined : Status.unschedulable(ERR_REASON);
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        {
          event: { resource: 'AssignedPod', action: 'Delete' },
          hint: (pod, oldObj) => {
            const deleted = oldObj as Pod | undefined;
            if (!deleted) return 'QueueSkip';
            const want = getContainerPorts(pod);
            for (const d of getContainerPorts(deleted)) {
              const u: HostPortInfo = {
                ip: d.hostIP || ALL_IPS,
                protocol: d.protocol || 'TCP',
                port: d.hostPort ?? 0,
              };
              for (const w of want) if (portsConflict(u, w)) return 'Queue';
            }
            return 'QueueSkip';
          },
        },
        { event: { resource: 'Node', action: 'Add' } },
        { event: { resource: 'Node', action: 'Update' } },
      ];
    },
  }) satisfies PreFilterPlugin & FilterPlugin & EnqueueExtensions;
