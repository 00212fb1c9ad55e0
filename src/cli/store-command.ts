import { isAbsolute, resolve } from 'node:path';
import { StoreError } from '../storage/index.js';
import { restoreSnapshot, saveSnapshot } from '../storage/sqlite/index.js';
import type { Command } from './commands.js';

/** The data directory a server uses when none is given. */
export const DEFAULT_DATA_DIR = '/var/lib/kite';

const USAGE = `Usage:
  kite store snapshot save FILE [--data-dir DIR]     write a consistent copy of the store to FILE
  kite store snapshot restore FILE [--data-dir DIR] [--bump-revision N]
                                                     replace the store with the snapshot FILE

Flags:
  --data-dir DIR       the server's data directory (default ${DEFAULT_DATA_DIR})
  --bump-revision N    restore only: start N revisions past the snapshot and mark the older
                       history compacted, so clients that saw newer revisions list again
  -h, --help           show this help
`;

/** A parsed `kite store` command line. */
export type StoreArgs =
  | { readonly action: 'help' }
  | { readonly action: 'save'; readonly file: string; readonly dataDir: string }
  | {
      readonly action: 'restore';
      readonly file: string;
      readonly dataDir: string;
      readonly bumpRevision: number;
    };

/** A command line `parseStoreArgs` cannot accept; the message says why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Parses the arguments after `kite store`. Pure; throws UsageError for anything it does not
 * understand (unknown flags, missing or extra arguments).
 */
export function parseStoreArgs(args: readonly string[]): StoreArgs {
  const positional: string[] = [];
  let dataDir: string | undefined;
  let bump: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-h' || a === '--help') return { action: 'help' };
    if (a === '--data-dir' || a.startsWith('--data-dir=')) {
      const v = a === '--data-dir' ? args[++i] : a.slice('--data-dir='.length);
      if (v === undefined || v === '') throw new UsageError('flag needs an argument: --data-dir');
      if (dataDir !== undefined) throw new UsageError('--data-dir given more than once');
      dataDir = v;
    } else if (a === '--bump-revision' || a.startsWith('--bump-revision=')) {
      const v = a === '--bump-revision' ? args[++i] : a.slice('--bump-revision='.length);
      if (v === undefined || v === '') throw new UsageError('flag needs an argument: --bump-revision');
      if (bump !== undefined) throw new UsageError('--bump-revision given more than once');
      if (!/^[0-9]{1,15}$/.test(v))
        throw new UsageError(`invalid value "${v}" for --bump-revision: want a non-negative integer`);
      bump = Number(v);
    } else if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown flag: ${a}`);
    } else {
      positional.push(a);
    }
  }
  const [group, action, file, ...extra] = positional;
  if (group === undefined) throw new UsageError('missing subcommand: snapshot');
  if (group !== 'snapshot') throw new UsageError(`unknown subcommand "${group}"`);
  if (action === undefined) throw new UsageError('missing action: save or restore');
  if (action !== 'save' && action !== 'restore') throw new UsageError(`unknown action "${action}"`);
  if (file === undefined || file === '') throw new UsageError(`snapshot ${action} needs a FILE`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const dir = dataDir ?? DEFAULT_DATA_DIR;
  const common = { file: resolve(file), dataDir: isAbsolute(dir) ? dir : resolve(dir) };
  if (action === 'save') {
    if (bump !== undefined) throw new UsageError('--bump-revision applies to restore only');
    return { action, ...common };
  }
  return { action, ...common, bumpRevision: bump ?? 0 };
}

async function runStore(args: readonly string[]): Promise<number> {
  let parsed: StoreArgs;
  try {
    parsed = parseStoreArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`kite store: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.action === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    if (parsed.action === 'save') {
      const r = await saveSnapshot(parsed.dataDir, parsed.file);
      const how = r.mode === 'online' ? 'from the running server' : 'with the server stopped';
      process.stdout.write(`Snapshot saved to ${parsed.file} at revision ${r.revision} (${how})\n`);
    } else {
      const r = await restoreSnapshot(parsed.file, parsed.dataDir, { bumpRevision: parsed.bumpRevision });
      process.stdout.write(
        `Store in ${parsed.dataDir} restored from ${parsed.file} (revision ${r.revision})\n`,
      );
    }
    return 0;
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    process.stderr.write(`kite store snapshot ${parsed.action}: ${err.message}\n`);
    return 1;
  }
}

/** `kite store`: offline and online maintenance of the embedded store (snapshots). */
export const storeCommand: Command = {
  name: 'store',
  summary: 'save or restore a snapshot of the embedded store',
  run: runStore,
};
