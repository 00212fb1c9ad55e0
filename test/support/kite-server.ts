// Starts a real `kite server` process on a temp data dir for end-to-end tests, and stops it (by
// its PID, which this module started) when asked.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYAML } from 'yaml';
import { tempDir } from './temp-dir.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A running server and how to reach it. */
export interface KiteServer {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly kubeconfig: string;
  readonly dataDir: string;
  /** The admin client certificate, key and the cluster CA from the kubeconfig. */
  readonly admin: { readonly cert: Buffer; readonly key: Buffer; readonly ca: Buffer };
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; removes the temp dir unless `keepDir`. Idempotent. */
  stop(opts?: { keepDir?: boolean }): Promise<void>;
  readonly process: ChildProcess;
}

export interface KiteServerOptions {
  /** Extra `kite server` flags. */
  readonly args?: readonly string[];
  /** Reuse a data dir (e.g. a second server on the same etcd needs its own; a restart reuses). */
  readonly dataDir?: string;
  /** Lines of a --token-auth-file, written to the temp dir and passed to the server. */
  readonly tokens?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Flags for node itself, before the script (e.g. --cpu-prof, not allowed in NODE_OPTIONS). */
  readonly nodeArgs?: readonly string[];
  /** How long to wait for the ready line (default 30 s). */
  readonly readyTimeoutMs?: number;
}

/** Spawns `node dist/src/cli/main.js server` on 127.0.0.1 and a free port; resolves once ready. */
export async function startKiteServer(opts: KiteServerOptions = {}): Promise<KiteServer> {
  const tmp = tempDir('e2e');
  const dataDir = opts.dataDir ?? join(tmp.path, 'data');
  const args = ['server', '--data-dir', dataDir, '--bind-address', '127.0.0.1', '--secure-port', '0'];
  if (opts.tokens !== undefined) {
    const file = join(tmp.path, 'tokens.csv');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, `${opts.tokens!.join('\n')}\n`));
    args.push('--token-auth-file', file);
  }
  args.push(...(opts.args ?? []));
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  let stopped: Promise<void> | undefined;
  const stop = (s: { keepDir?: boolean } = {}): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      if (s.keepDir !== true) tmp.remove();
    })();
    return stopped;
  };
  try {
    const m = await new Promise<RegExpMatchArray>((resolve, reject) => {
      const timeout = opts.readyTimeoutMs ?? 30_000;
      const timer = setTimeout(() => reject(new Error(`server not ready in ${timeout} ms: ${out}`)), timeout);
      const onData = () => {
        const found = out.match(/kite server ready at (\S+) \(kubeconfig: (\S+)\)/);
        if (found) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          resolve(found);
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}: ${out}`));
      });
    });
    const kubeconfig = m[2]!;
    const cfg = parseYAML(readFileSync(kubeconfig, 'utf8')) as {
      clusters: { cluster: { 'certificate-authority-data': string } }[];
      users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
    };
    const b64 = (s: string) => Buffer.from(s, 'base64');
    return {
      url: m[1]!,
      kubeconfig,
      dataDir,
      admin: {
        cert: b64(cfg.users[0]!.user['client-certificate-data']),
        key: b64(cfg.users[0]!.user['client-key-data']),
        ca: b64(cfg.clusters[0]!.cluster['certificate-authority-data']),
      },
      output: () => out,
      stop,
      process: child,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One HTTPS request answer. */
export interface RawResponse {
  readonly code: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * One HTTPS request to the server as admin (or with the given TLS identity / headers only,
 * when `as` is 'anonymous'). The body is sent as given.
 */
export function rawRequest(
  server: KiteServer,
  method: string,
  path: string,
  opts: {
    headers?: Record<string, string>;
    body?: string | Uint8Array;
    as?: 'admin' | 'anonymous';
    timeoutMs?: number;
  } = {},
): Promise<RawResponse> {
  const tls = opts.as === 'anonymous' ? {} : { cert: server.admin.cert, key: server.admin.key };
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method, headers: opts.headers ?? {}, ca: server.admin.ca, ...tls, timeout: opts.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            code: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in time`)));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
