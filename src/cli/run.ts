import { commands } from './commands.js';
import { KUBERNETES_VERSION, kiteVersion } from '../version.js';

function usage(): string {
  const lines = [
    'kite — a Kubernetes distribution in one command',
    '',
    'Usage: kite <command> [flags]',
    '',
    'Commands:',
  ];
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  for (const c of commands) lines.push(`  ${c.name.padEnd(width)}  ${c.summary}`);
  if (commands.length === 0)
    lines.push('  (none yet: the server, agent and cluster commands are still to come)');
  lines.push('', 'Flags:', '  -h, --help     show this help', '  -v, --version  print the version', '');
  return lines.join('\n');
}

/** Runs the CLI for `argv` (without node and script) and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(usage());
    return first === undefined ? 1 : 0;
  }
  if (first === '-v' || first === '--version' || first === 'version') {
    process.stdout.write(`kite version v${kiteVersion()} (Kubernetes ${KUBERNETES_VERSION})\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (command === undefined) {
    process.stderr.write(`kite: unknown command "${first}"\nRun 'kite --help' for usage.\n`);
    return 2;
  }
  return command.run(rest);
}
