// Runs the real kubectl against a test server: each call is one child process (its PID known to
// the caller when it is a long-running one), bounded in time, with its exit code and both outputs.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { after, before } from 'node:test';
import { type KiteServer, type KiteServerOptions, startKiteServer } from './kite-server.js';
import { tempDir } from './temp-dir.js';

/** What one kubectl run printed and how it exited. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of one kubectl run. */
export interface KubectlRunOptions {
  /** Written to kubectl's stdin (then closed). */
  readonly input?: string;
  /** Extra environment (e.g. EDITOR for `kubectl edit`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Killed (SIGKILL) after this long; default 30 s. */
  readonly timeoutMs?: number;
}

/** A kubectl bound to one kubeconfig: `k(...)` never rejects on a non-zero exit; `ok(...)` does. */
export interface Kubectl {
  (args: readonly string[], opts?: KubectlRunOptions): Promise<KubectlResult>;
  /** Runs and rejects (with both outputs in the message) unless the exit code is 0; resolves stdout. */
  ok(args: readonly string[], opts?: KubectlRunOptions): Promise<string>;
  /** Starts a long-running kubectl (e.g. `get -w`); the caller stops it by its PID. */
  spawn(args: readonly string[]): ChildProcess;
}

/** A kubectl runner for `kubeconfig` using the binary at `bin`. */
export function kubectlFor(bin: string, kubeconfig: string): Kubectl {
  const env = (extra: Readonly<Record<string, string>> = {}) => ({
    ...process.env,
    KUBECONFIG: kubeconfig,
    // No cache outside the test's reach, no colour, no interactive pager.
    KUBECACHEDIR: join(kubeconfig, '..', 'kubectl-cache'),
    HOME: join(kubeconfig, '..'),
    ...extra,
  });
  const run = (args: readonly string[], opts: KubectlRunOptions = {}): Promise<KubectlResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(bin, args, { env: env(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
      });
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (signal !== null) reject(new Error(`kubectl ${args.join(' ')}: killed by ${signal}\n${stderr}`));
        else resolve({ code: code ?? -1, stdout, stderr });
      });
      child.stdin.end(opts.input ?? '');
    });
  const k = run as Kubectl;
  k.ok = async (args, opts) => {
    const r = await run(args, opts);
    if (r.code !== 0)
      throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r.stdout;
  };
  k.spawn = (args) => spawn(bin, args, { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  return k;
}

/**
 * Writes a kubeconfig next to the server's that authenticates with a bearer token only (no client
 * certificate), for tests of non-admin users. Returns its path.
 */
export function tokenKubeconfig(server: KiteServer, dir: string, user: string, token: string): string {
  const file = join(dir, `kubeconfig-${user}.yaml`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'kite',
        cluster: { server: server.url, 'certificate-authority-data': server.admin.ca.toString('base64') },
      },
    ],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: user, context: { cluster: 'kite', user, namespace: 'default' } }],
    'current-context': user,
  };
  writeFileSync(file, stringify(config));
  return file;
}

/**
 * Reads lines from a running child's stdout until `done(lines)` holds, or rejects after
 * `timeoutMs` (default 15 s) with what was read.
 */
export function readLinesUntil(
  child: ChildProcess,
  done: (lines: readonly string[]) => boolean,
  timeoutMs = 15_000,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let errs = '';
    const lines: string[] = [];
    const finish = (err?: Error) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onErr);
      child.off('exit', onExit);
      if (err === undefined) resolve(lines);
      else reject(err);
    };
    const onData = (b: Buffer) => {
      buf += b.toString();
      let i = buf.indexOf('\n');
      while (i >= 0) {
        lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
        i = buf.indexOf('\n');
      }
      if (done(lines)) finish();
    };
    const onErr = (b: Buffer) => {
      errs += b.toString();
    };
    const onExit = () => finish(new Error(`exited early after ${JSON.stringify(lines)}; stderr: ${errs}`));
    const timer = setTimeout(
      () => finish(new Error(`timed out after ${JSON.stringify(lines)}; stderr: ${errs}`)),
      timeoutMs,
    );
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onErr);
    child.once('exit', onExit);
    if (done(lines)) finish();
  });
}

/**
 * Resolves once a running kubectl started with `-v=6` has logged that the server answered its
 * watch request (the headers came back), i.e. the watch is open; rejects after `timeoutMs`
 * (default 15 s) or when the process exits.
 */
export function watchOpened(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let errs = '';
    const finish = (err?: Error) => {
      clearTimeout(timer);
      child.stderr!.off('data', onErr);
      child.off('exit', onExit);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onErr = (b: Buffer) => {
      errs += b.toString();
      if (/"Response" verb="GET" url="[^"]*watch=true[^"]*" status="200 OK"/.test(errs)) finish();
    };
    const onExit = () => finish(new Error(`kubectl exited before its watch opened: ${errs}`));
    const timer = setTimeout(() => finish(new Error(`watch not open in time: ${errs}`)), timeoutMs);
    child.stderr!.on('data', onErr);
    child.once('exit', onExit);
  });
}

/** A decoded JSON document as tests read it: any shape, checked by the assertions that follow. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary object trees kubectl printed
export type LooseJson = any;

/** A server, a kubectl bound to it and a temp dir, shared by the tests of one file. */
export interface KubectlSuite {
  readonly server: KiteServer;
  /** Forwards to the kubectl of the started server, so it may be taken before the hooks run. */
  readonly k: Kubectl;
  readonly tmp: { readonly path: string; remove(): void };
  /** `kubectl ARGS -o json`, parsed. */
  json(args: readonly string[]): Promise<LooseJson>;
}

/**
 * Registers before/after hooks that start a `kite server` (with `opts`), bind a kubectl to it and
 * make a temp dir, and stop and remove them afterwards. Does nothing when `bin` is undefined
 * (the tests skip themselves then). The fields are set once the before hook has run.
 */
export function kubectlSuite(
  bin: string | undefined,
  label: string,
  opts: KiteServerOptions = {},
): KubectlSuite {
  const suite = {} as { server: KiteServer; k: Kubectl; tmp: KubectlSuite['tmp'] };
  before(async () => {
    if (bin === undefined) return;
    suite.server = await startKiteServer(opts);
    suite.k = kubectlFor(bin, suite.server.kubeconfig);
    suite.tmp = tempDir(label);
  });
  after(async () => {
    await suite.server?.stop();
    suite.tmp?.remove();
  });
  return {
    get server() {
      return suite.server;
    },
    k: Object.assign((args: readonly string[], o?: KubectlRunOptions) => suite.k(args, o), {
      ok: (args: readonly string[], o?: KubectlRunOptions) => suite.k.ok(args, o),
      spawn: (args: readonly string[]) => suite.k.spawn(args),
    }),
    get tmp() {
      return suite.tmp;
    },
    json: async (args) => JSON.parse(await suite.k.ok([...args, '-o', 'json'])),
  };
}
