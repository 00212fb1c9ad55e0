// `npm run bench -- controllers [--quick] [--deployments N] [--replicas N] [--idle-objects N]
// [--idle-seconds S]`: how fast Deployments become Pods through a separate `kite controller-manager`
// process, and what that process costs while the cluster is idle.
import { parseControllersBenchArgs } from './controllers/args.js';
import { runControllersBench } from './controllers/suite.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs the controllers benchmark; prints its figures and returns them (see bench/run.ts). */
export async function run(args: readonly string[]): Promise<Record<string, unknown>> {
  return runControllersBench(parseControllersBenchArgs(args), say);
}
