// A real API server (without its own controllers) and a controller manager in the test process
// running the controllers a test names, over the real REST client.
import { clientFromKubeconfig, type RestClient } from '../../src/client/rest/index.js';
import {
  type ControllerDescriptor,
  type ControllerManagerOptions,
  DEFAULT_CONTROLLER_MANAGER_OPTIONS,
  startControllerManager,
} from '../../src/controllers/index.js';
import { Logger } from '../../src/log/index.js';
import { type KiteServer, type KiteServerOptions, startKiteServer } from './kite-server.js';

/** A running environment. */
export interface ControllerEnv {
  readonly server: KiteServer;
  /** A client with the admin identity (the controllers use their own). */
  readonly client: RestClient;
  /** Stops the controllers, then the server. Idempotent. */
  stop(): Promise<void>;
}

/** What to run. */
export interface ControllerEnvOptions {
  readonly controllers: readonly ControllerDescriptor[];
  readonly options?: Partial<ControllerManagerOptions>;
  readonly server?: KiteServerOptions;
  /** Log verbosity of the controllers (KITE_TEST_V or -1: silent). */
  readonly verbosity?: number;
}

/** Starts the server and the controllers; resolves once the controllers' caches synced. */
export async function startControllerEnv(opts: ControllerEnvOptions): Promise<ControllerEnv> {
  const server = await startKiteServer({
    ...opts.server,
    args: ['--disable-controller-manager', '--disable-scheduler', ...(opts.server?.args ?? [])],
  });
  const { client, caPem } = await clientFromKubeconfig(server.kubeconfig, {
    userAgent: 'controller-env-test',
  });
  const controllersClient = (
    await clientFromKubeconfig(server.kubeconfig, { userAgent: 'kube-controller-manager' })
  ).client;
  const ac = new AbortController();
  const manager = startControllerManager(
    {
      client: controllersClient,
      controllers: opts.controllers,
      options: { ...DEFAULT_CONTROLLER_MANAGER_OPTIONS, rootCAPem: caPem ?? '', ...opts.options },
      log: new Logger({ verbosity: opts.verbosity ?? Number(process.env['KITE_TEST_V'] ?? -1) }),
    },
    ac.signal,
  );
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      ac.abort();
      await manager.done;
      controllersClient.close();
      client.close();
      await server.stop();
    })();
    return stopped;
  };
  try {
    await manager.ready;
  } catch (err) {
    await stop();
    throw err;
  }
  return { server, client, stop };
}

/** `value` when `ok`, else undefined: a check for {@link eventually}. */
export const when = <T>(ok: boolean, value: T): T | undefined => (ok ? value : undefined);

/** Polls `check` every `everyMs` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
