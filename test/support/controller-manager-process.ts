// Spawns a real `kite controller-manager` process against a server's kubeconfig, and stops it (by
// the PID this module started) when asked.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A running controller manager. */
export interface ControllerManagerProcess {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Everything printed so far. */
  output(): string;
  /** Resolves once it prints that it leads (its controllers run). */
  readonly leading: Promise<void>;
  /** SIGTERM (or `signal`), then SIGKILL after 5 s. Idempotent. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `kite controller-manager --kubeconfig K ...args`. */
export function startControllerManagerProcess(
  kubeconfig: string,
  args: readonly string[] = [],
): ControllerManagerProcess {
  const child = spawn(process.execPath, [MAIN, 'controller-manager', '--kubeconfig', kubeconfig, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const leading = new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('kite controller-manager: leading')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.once('exit', (code) => reject(new Error(`controller-manager exited with ${code}: ${out}`)));
  });
  leading.catch(() => undefined);
  let stopped: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    })();
    return stopped;
  };
  return { process: child, pid: child.pid ?? -1, output: () => out, leading, stop };
}
