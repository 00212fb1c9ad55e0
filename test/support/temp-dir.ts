import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates a fresh directory under the system temp dir; `remove` deletes it and everything in it. */
export function tempDir(label: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `kite-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
