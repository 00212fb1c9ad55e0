import { isAlreadyExists, isNotFound } from '../../apimachinery/errors/index.js';
import type { JsonObject, RegistryStore } from '../registry/index.js';
import { systemContext } from './ip-allocator.js';
import {
  ENDPOINT_RECONCILE_INTERVAL_MS,
  type EndpointPort,
  type LeaseEndpointReconciler,
} from './lease-reconciler.js';

/** The name of the API server's own Service, in `default`. */
export const KUBERNETES_SERVICE = 'kubernetes';
/** The name of the ServiceCIDR made from `--service-cluster-ip-range`. */
export const DEFAULT_SERVICE_CIDR = 'kubernetes';

/** What the controller needs. */
export interface KubernetesServiceOptions {
  readonly services: RegistryStore;
  readonly serviceCIDRs: RegistryStore;
  readonly reconciler: LeaseEndpointReconciler;
  /** The Service's ClusterIP: the first address of the primary service range. */
  readonly serviceIP: string;
  /** The service ranges as configured (`spec.cidrs` of the default ServiceCIDR). */
  readonly cidrs: readonly string[];
  /** This server's address in the Endpoints. */
  readonly advertiseAddress: string;
  /** The secure port: the Service's targetPort and the Endpoints' port. */
  readonly securePort: number;
  /** How often to renew and reconcile (default 10 s, as upstream). */
  readonly intervalMs?: number;
  /** Failures of a round (the next round retries). */
  readonly onError?: (e: unknown) => void;
}

/** The `https` port of the `kubernetes` Service's Endpoints. */
export function endpointPorts(securePort: number): EndpointPort[] {
  return [{ name: 'https', port: securePort, protocol: 'TCP' }];
}

/** The `kubernetes` Service as upstream's controller creates it. Pure. */
export function kubernetesService(serviceIP: string, securePort: number): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: KUBERNETES_SERVICE,
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: serviceIP,
      sessionAffinity: 'None',
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: securePort }],
    },
  };
}

function portsMatch(svc: JsonObject, securePort: number): boolean {
  const spec = (svc['spec'] as JsonObject | undefined) ?? {};
  const ports = spec['ports'];
  if (spec['type'] !== 'ClusterIP' || !Array.isArray(ports) || ports.length !== 1) return false;
  const p = ports[0] as JsonObject;
  return (
    p['name'] === 'https' &&
    p['protocol'] === 'TCP' &&
    p['port'] === 443 &&
    p['targetPort'] === securePort &&
    (p['nodePort'] ?? 0) === 0
  );
}

/**
 * Upstream's kubernetesservice controller with the lease endpoint reconciler and the default
 * ServiceCIDR controller folded in: creates the `kubernetes` ServiceCIDR (Ready) and the
 * `default/kubernetes` Service (repairing its ports and type when they drift), and every interval
 * renews this server's lease and reconciles the Endpoints and EndpointSlice. `start` resolves once
 * the signal aborts and this server's lease has been withdrawn.
 */
export class KubernetesServiceController {
  /** Resolves once the first round has run (whether or not it succeeded). */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(private readonly o: KubernetesServiceOptions) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
  }

  /** Creates or repairs the ServiceCIDR and the Service once. Idempotent. */
  async ensureObjects(): Promise<void> {
    await this.ensureServiceCIDR();
    await this.ensureService();
  }

  /** One round: the objects, then the lease and the Endpoints. */
  async sync(): Promise<void> {
    await this.ensureService();
    await this.o.reconciler.reconcile(
      KUBERNETES_SERVICE,
      this.o.advertiseAddress,
      endpointPorts(this.o.securePort),
    );
  }

  /** Runs rounds until `signal` aborts, then withdraws this server from the Endpoints. */
  async start(signal: AbortSignal): Promise<void> {
    const onError = this.o.onError ?? (() => undefined);
    await this.ensureServiceCIDR().catch(onError);
    const interval = this.o.intervalMs ?? ENDPOINT_RECONCILE_INTERVAL_MS;
    while (!signal.aborted) {
      await this.sync().catch(onError);
      this.markReady();
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, interval);
        function done() {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
    }
    this.markReady();
    await this.o.reconciler
      .remove(KUBERNETES_SERVICE, this.o.advertiseAddress, endpointPorts(this.o.securePort))
      .catch(onError);
  }

  private async ensureServiceCIDR(): Promise<void> {
    const ctx = systemContext();
    let cur: JsonObject | undefined;
    try {
      cur = await this.o.serviceCIDRs.get(ctx, DEFAULT_SERVICE_CIDR);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    if (cur === undefined) {
      const obj = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'ServiceCIDR',
        metadata: { name: DEFAULT_SERVICE_CIDR },
        spec: { cidrs: [...this.o.cidrs] },
      };
      try {
        cur = (await this.o.serviceCIDRs.create(ctx, obj, { fieldManager: 'kube-apiserver' })).object;
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        cur = await this.o.serviceCIDRs.get(ctx, DEFAULT_SERVICE_CIDR);
      }
    }
    const status = (cur['status'] as JsonObject | undefined) ?? {};
    const conds = Array.isArray(status['conditions']) ? (status['conditions'] as JsonObject[]) : [];
    const ready = conds.find((c) => c['type'] === 'Ready');
    const cidrs = ((cur['spec'] as JsonObject | undefined)?.['cidrs'] as string[] | undefined) ?? [];
    // As upstream: Ready is set only when absent (or Unknown) and the CIDRs match this server's.
    if (ready !== undefined && ready['status'] !== 'Unknown') return;
    if (JSON.stringify(cidrs) !== JSON.stringify(this.o.cidrs)) return;
    const condition = {
      type: 'Ready',
      status: 'True',
      lastTransitionTime: new Date().toISOString().replace(/\.[0-9]+Z$/, 'Z'),
      reason: '',
      message: 'Kubernetes default Service CIDR is ready',
    };
    const next = {
      ...cur,
      status: { ...status, conditions: [...conds.filter((c) => c['type'] !== 'Ready'), condition] },
    };
    await this.o.serviceCIDRs.updateStatus(ctx, DEFAULT_SERVICE_CIDR, next, {
      fieldManager: 'kubernetes-service-cidr-controller',
    });
  }

  private async ensureService(): Promise<void> {
    const ctx = systemContext('default');
    let cur: JsonObject | undefined;
    try {
      cur = await this.o.services.get(ctx, KUBERNETES_SERVICE);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const want = kubernetesService(this.o.serviceIP, this.o.securePort);
    if (cur === undefined) {
      try {
        await this.o.services.create(ctx, want, { fieldManager: 'kube-apiserver' });
      } catch (e) {
        // Another API server may have won the race (its address allocation makes ours fail with
        // 422 before the name can collide): only a create that left no Service is an error.
        if (isAlreadyExists(e)) return;
        const now = await this.o.services.get(ctx, KUBERNETES_SERVICE).catch(() => undefined);
        if (now === undefined) throw e;
      }
      return;
    }
    if (portsMatch(cur, this.o.securePort)) return;
    const spec = { ...((cur['spec'] as JsonObject | undefined) ?? {}) };
    spec['type'] = 'ClusterIP';
    spec['ports'] = (want['spec'] as JsonObject)['ports'];
    await this.o.services.update(
      ctx,
      KUBERNETES_SERVICE,
      { ...cur, spec },
      { fieldManager: 'kube-apiserver' },
    );
  }
}
