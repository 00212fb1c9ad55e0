import { readFileSync } from 'node:fs';

/** Kubernetes API version kite serves (the `gitVersion` clients see comes from this). */
export const KUBERNETES_VERSION = 'v1.36.0';

let cached: string | undefined;

/** kite's own version, read once from package.json. */
export function kiteVersion(): string {
  if (cached === undefined) {
    const url = new URL('../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cached;
}
