// The root CA certificate publisher: every namespace has a `kube-root-ca.crt` ConfigMap holding
// the cluster CA, put back whenever it is changed or deleted.
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../../apimachinery/errors/index.js';
import { deepCopy, deepEqual } from '../../apimachinery/meta/index.js';
import { unwrapTombstone } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import { CONFIG_MAPS, NAMESPACES } from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { isNamespaceTerminating, runWorkers, newControllerQueue } from '../util/index.js';

/** Name of the published ConfigMap. */
export const ROOT_CA_CONFIG_MAP_NAME = 'kube-root-ca.crt';
/** Key of the CA bundle in the ConfigMap. */
export const ROOT_CA_KEY = 'ca.crt';
/** Annotation describing what the ConfigMap is for. */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
/** The description upstream writes (clients may show it; kept word for word). */
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as ' +
  'the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of ' +
  'Kubernetes clusters.';

const SOURCE = 'root-ca-cert-publisher';

/**
 * The publisher (upstream's rootcacertpublisher Publisher). Queues namespace names on namespace
 * events and on changes or deletions of the ConfigMap; `sync` creates or restores it.
 */
export class RootCACertPublisher {
  readonly queue: WorkQueue<string>;
  private readonly configMaps: Lister<ConfigMap>;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly rootCA: string = ctx.options.rootCAPem,
  ) {
    this.queue = newControllerQueue(ctx.clock);
    const configMaps = ctx.informers.informerFor(CONFIG_MAPS);
    const namespaces = ctx.informers.informerFor(NAMESPACES);
    this.configMaps = configMaps.lister;
    const onConfigMap = (cm: ConfigMap): void => {
      if (cm.metadata?.name === ROOT_CA_CONFIG_MAP_NAME) this.queue.add(cm.metadata?.namespace ?? '');
    };
    configMaps.addEventHandler({
      onUpdate: (_o, cm) => onConfigMap(cm),
      onDelete: (d) => onConfigMap(unwrapTombstone(d)),
    });
    namespaces.addEventHandler({
      onAdd: (ns: Namespace) => this.queue.add(ns.metadata?.name ?? ''),
      onUpdate: (_o, ns: Namespace) => {
        if (ns.status?.phase === 'Active') this.queue.add(ns.metadata?.name ?? '');
      },
    });
  }

  /** Works the queue with `workers` workers until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    return runWorkers(
      {
        startMessage: 'Starting root CA cert publisher controller',
        queue: this.queue,
        informers: this.ctx.informers,
        log: this.ctx.log,
        source: SOURCE,
        sync: (k) => this.sync(k),
      },
      workers,
      signal,
    );
  }

  /** Creates or restores the ConfigMap in namespace `ns`. */
  async sync(ns: string): Promise<void> {
    const client = this.ctx.client.resource(CONFIG_MAPS);
    const data = { [ROOT_CA_KEY]: this.rootCA };
    const cm = this.configMaps.get(ns, ROOT_CA_CONFIG_MAP_NAME);
    if (cm === undefined) {
      try {
        await client.create(ns, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: ROOT_CA_CONFIG_MAP_NAME, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
          data,
        });
      } catch (e) {
        // The namespace is gone or going: nothing to retry.
        if (isNotFound(e) || isNamespaceTerminating(e)) return;
        throw e;
      }
      return;
    }
    if (deepEqual(cm.data ?? {}, data) && (cm.metadata?.annotations?.[DESCRIPTION_ANNOTATION] ?? '') !== '')
      return;
    const next = deepCopy(cm);
    next.data = data;
    next.metadata = {
      ...next.metadata,
      annotations: { ...(next.metadata?.annotations ?? {}), [DESCRIPTION_ANNOTATION]: DESCRIPTION },
    };
    await client.update(next);
  }
}
