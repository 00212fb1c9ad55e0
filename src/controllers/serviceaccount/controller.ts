// The service accounts controller: every active namespace has a `default` ServiceAccount, created
// again whenever it is deleted.
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists } from '../../apimachinery/errors/index.js';
import { unwrapTombstone } from '../../client/informers/keys.js';
import type { Lister } from '../../client/informers/types.js';
import { NAMESPACES, SERVICE_ACCOUNTS } from '../../client/resources.js';
import type { WorkQueue } from '../../client/workqueue/work-queue.js';
import type { ControllerContext } from '../context.js';
import { aggregateErrors, isNamespaceTerminating, runWorkers, newControllerQueue } from '../util/index.js';

/** The service accounts every namespace gets (upstream's default: just `default`). */
export const DEFAULT_SERVICE_ACCOUNTS: readonly string[] = ['default'];

const SOURCE = 'serviceaccount-controller';

/**
 * The service accounts controller (upstream's ServiceAccountsController). Queues namespace names
 * on namespace events and ServiceAccount deletions; `sync` creates what is missing.
 */
export class ServiceAccountsController {
  readonly queue: WorkQueue<string>;
  private readonly namespaces: Lister<Namespace>;
  private readonly accounts: Lister<ServiceAccount>;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly toEnsure: readonly string[] = DEFAULT_SERVICE_ACCOUNTS,
  ) {
    this.queue = newControllerQueue(ctx.clock);
    const namespaces = ctx.informers.informerFor(NAMESPACES);
    const accounts = ctx.informers.informerFor(SERVICE_ACCOUNTS);
    this.namespaces = namespaces.lister;
    this.accounts = accounts.lister;
    accounts.addEventHandler({
      onDelete: (d) => this.queue.add(unwrapTombstone(d).metadata?.namespace ?? ''),
    });
    namespaces.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata?.name ?? ''),
      onUpdate: (_o, ns) => this.queue.add(ns.metadata?.name ?? ''),
    });
  }

  /** Works the queue with `workers` workers until `signal` aborts. */
  run(workers: number, signal: AbortSignal): Promise<void> {
    return runWorkers(
      {
        startMessage: 'Starting controller',
        lifecycleKv: { controller: 'serviceaccount' },
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

  /** Creates the missing service accounts of namespace `name` if it is active. */
  async sync(name: string): Promise<void> {
    const ns = this.namespaces.get('', name);
    if (ns === undefined || ns.status?.phase !== 'Active') return;
    const failures: unknown[] = [];
    for (const saName of this.toEnsure) {
      if (this.accounts.get(name, saName) !== undefined) continue;
      const sa: ServiceAccount = {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: saName, namespace: name },
      };
      try {
        await this.ctx.client.resource(SERVICE_ACCOUNTS).create(name, sa);
      } catch (e) {
        if (!isAlreadyExists(e) && !isNamespaceTerminating(e)) failures.push(e);
      }
    }
    if (failures.length > 0) throw aggregateErrors(failures);
  }
}
