import { readFileSync } from 'node:fs';
import { type KiteServer, startKiteServer } from '../../test/support/kite-server.js';

/**
 * Starts a real `kite server` process (embedded store, temp data dir, control plane only) on
 * loopback. With `cpuProfDir`, the server runs under `node --cpu-prof` and writes its profile
 * there when stopped. Stop it with `stop()`; it removes its temp dir.
 */
export function startBenchServer(cpuProfDir: string | undefined): Promise<KiteServer> {
  return startKiteServer({
    args: ['--disable-agent', '--disable-controller-manager', '--disable-scheduler'],
    ...(cpuProfDir === undefined ? {} : { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] }),
  });
}

/**
 * CPU time (user + system, ms) a process on this machine has used so far, from /proc; undefined
 * where there is no /proc. Clock-tick resolution (usually 10 ms).
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

// USER_HZ: 100 on every Linux configuration node supports.
const TICKS_PER_SECOND = 100;
