// Runs simulated nodes inside the test process against a server, and stops them.
import { clientFromKubeconfig } from '../../src/client/rest/index.js';
import type { Client } from '../../src/client/types.js';
import { type Sim, type SimOptions, startSim } from '../../src/sim/index.js';

/** A simulation and how to end it. */
export interface RunningSim {
  readonly sim: Sim;
  readonly client: Client;
  /** Aborts the simulation, waits for its watches to end, closes the client. Idempotent. */
  stop(): Promise<void>;
}

/** Starts `nodes` simulated nodes against the server of `kubeconfig`; resolves once they are ready. */
export async function startTestSim(
  kubeconfig: string,
  opts: Omit<SimOptions, 'client'>,
): Promise<RunningSim> {
  const { client } = await clientFromKubeconfig(kubeconfig, { userAgent: 'kite-sim' });
  const ac = new AbortController();
  const sim = startSim({ ...opts, client }, ac.signal);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      ac.abort();
      await sim.done;
      client.close();
    })();
    return stopped;
  };
  try {
    await sim.ready;
  } catch (err) {
    await stop();
    throw err;
  }
  return { sim, client, stop };
}
