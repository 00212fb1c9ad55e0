import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** File mode of private keys and kubeconfigs. */
export const secretFileMode = 0o600;
/** File mode of certificates (public data). */
export const publicFileMode = 0o644;
/** Mode of the PKI directory. */
export const pkiDirMode = 0o700;

/**
 * Writes `data` to `path` atomically: a temporary file beside it is written with `mode`, fsynced and
 * renamed over `path`, then the directory is fsynced, so a crash leaves either the old or the new
 * file, never a torn one. Idempotent for equal data. Throws the fs error (the temp file is removed).
 */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(data);
      // The umask may have narrowed `mode` at creation; set it exactly.
      await fh.chmod(mode);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

/** Creates `dir` (and parents) if missing and sets its mode to exactly `mode`. Idempotent. */
export async function ensureDir(dir: string, mode: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  const st = await stat(dir);
  if ((st.mode & 0o777) !== mode) await chmod(dir, mode);
}

/** The file's text, or undefined when it does not exist. Other fs errors are thrown. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Sets the file's permission bits to `mode` unless they already are. */
export async function ensureMode(path: string, mode: number): Promise<void> {
  const st = await stat(path);
  if ((st.mode & 0o777) !== mode) await chmod(path, mode);
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
