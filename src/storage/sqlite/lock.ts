import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { StoreError } from '../store.js';

/** Lock files this process holds, so a reused pid (containers restart as pid 1) is told apart. */
const held = new Set<string>();

/** Who holds a store's lock file, if anyone alive does. */
export type LockHolder = { readonly state: 'free' } | { readonly state: 'held'; readonly pid: number };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process lingers as a zombie until its parent reaps it; it holds nothing.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * Reports whether a live process holds the lock file at `path`. A lock left by a dead process
 * (kill -9, power loss) counts as free. Reads only.
 */
export function lockHolder(path: string): LockHolder {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { state: 'free' };
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) return { state: 'free' };
  if (pid === process.pid) return held.has(path) ? { state: 'held', pid } : { state: 'free' };
  return alive(pid) ? { state: 'held', pid } : { state: 'free' };
}

/**
 * Takes the lock file at `path` for this process, replacing a stale one. Throws StoreError
 * ('unavailable') naming the holder when a live process has it. Not reentrant.
 */
export function acquireLock(path: string, what: string): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      held.add(path);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = lockHolder(path);
    if (holder.state === 'held') {
      throw new StoreError('unavailable', `${what} is in use by process ${holder.pid} (lock file ${path})`);
    }
    try {
      unlinkSync(path);
    } catch {
      // Another opener removed it first; try again.
    }
  }
  throw new StoreError('unavailable', `${what}: could not take lock file ${path}`);
}

/** Gives the lock back. Idempotent; never throws. */
export function releaseLock(path: string): void {
  if (!held.delete(path)) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}
