import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** Flushes a file (or directory) to disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Produces `file` through a temporary file beside it, then renames it into place, so `file` is
 * either the old content or the complete new one, never half written. Removes the temporary
 * file on failure.
 */
export async function writeSnapshot(file: string, produce: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    await produce(tmp);
    fsyncPath(tmp);
    renameSync(tmp, file);
    fsyncPath(dirname(file));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
