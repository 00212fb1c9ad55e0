import { defaultBackends } from '../scheduler/index.js';
import { controllerManagerCommand } from './controller-manager-command.js';
import { makeSchedulerCommand } from './scheduler-command.js';
import { apiserverCommand, serverCommand } from './server-command.js';
import { simCommand } from './sim-command.js';
import { storeCommand } from './store-command.js';

/** A `kite` subcommand: its name, a one-line summary, and what it does with the rest of argv. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  run(args: readonly string[]): Promise<number>;
}

/**
 * Every subcommand the CLI knows. Components register here as they arrive; `kite --help`
 * lists exactly this table, so the help never names a command that does not exist.
 */
export const commands: readonly Command[] = [
  serverCommand,
  apiserverCommand,
  controllerManagerCommand,
  makeSchedulerCommand(defaultBackends),
  simCommand,
  storeCommand,
];
