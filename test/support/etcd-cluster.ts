// Starts real etcd members (Debian's /usr/bin/etcd) on loopback for tests and benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EtcdTls, etcdMemberStatus } from '../../src/storage/etcd/index.js';
import { type EtcdTestCerts, makeEtcdTestCerts } from './etcd-certs.js';

/** Options of `startEtcd`. */
export interface StartEtcdOptions {
  readonly members: 1 | 3;
  /** Parent directory for the members' data directories (default: the system temp dir). */
  readonly dataDir?: string;
  /** The etcd binary (default /usr/bin/etcd, or $ETCD_BIN). */
  readonly binary?: string;
  /** How long to wait for the cluster to elect a leader (default 20 s). */
  readonly startTimeoutMs?: number;
  /** Serve clients over TLS with fresh certificates requiring client certificates. */
  readonly tls?: boolean;
  /** More etcd flags, e.g. `--max-request-bytes=65536`. */
  readonly extraArgs?: readonly string[];
}

interface Member {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  proc: ChildProcess | undefined;
  /** The last lines etcd wrote, for failure messages. */
  log: string;
  exited: Promise<void>;
}

/** A running etcd cluster started by `startEtcd`. */
export interface EtcdCluster {
  /** Client URLs, one per member, in member order (`https://` with `tls`). */
  readonly endpoints: readonly string[];
  /** With `tls`: the CA, client certificate and key a client needs (PEM). */
  readonly clientTls: EtcdTls | undefined;
  /** Sends `signal` (default SIGKILL) to member `i` and waits for it to exit. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Kills member `i` (SIGKILL) if it runs, starts it again on its data and ports, resolves once it has a leader. */
  restart(i: number): Promise<void>;
  /** Index of the member the live members follow as leader; rejects if there is none within 10 s. */
  leaderIndex(): Promise<number>;
  /** Kills every member this launcher started (by PID) and removes their data. Idempotent. */
  stop(): Promise<void>;
  /** Recent etcd output of member `i`. */
  log(i: number): string;
}

const live = new Set<Member>();
const dirs = new Set<string>();
let hooked = false;

// The test runner may end the process without running after-hooks; never leave etcd behind.
function cleanupSync(): void {
  for (const m of live) {
    // Only a process not yet reaped: a PID seen to exit may already belong to someone else.
    if (m.proc?.pid !== undefined && m.proc.exitCode === null && m.proc.signalCode === null) {
      try {
        process.kill(m.proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  live.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', cleanupSync);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      cleanupSync();
      process.kill(process.pid, sig);
    });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

interface LaunchConfig {
  readonly binary: string;
  readonly cluster: string;
  readonly token: string;
  readonly certs: EtcdTestCerts | undefined;
  readonly extraArgs: readonly string[];
}

function launch(m: Member, cfg: LaunchConfig): void {
  const { cluster, token, certs } = cfg;
  const tlsArgs =
    certs === undefined
      ? []
      : [
          `--cert-file=${certs.serverCertFile}`,
          `--key-file=${certs.serverKeyFile}`,
          `--trusted-ca-file=${certs.caFile}`,
          '--client-cert-auth',
        ];
  const args = [
    `--name=${m.name}`,
    `--data-dir=${m.dataDir}`,
    `--listen-client-urls=${m.clientUrl}`,
    `--advertise-client-urls=${m.clientUrl}`,
    `--listen-peer-urls=${m.peerUrl}`,
    `--initial-advertise-peer-urls=${m.peerUrl}`,
    `--initial-cluster=${cluster}`,
    `--initial-cluster-token=${token}`,
    '--initial-cluster-state=new',
    // Fast failure detection for tests; fsync stays on (no --unsafe-no-fsync).
    '--heartbeat-interval=50',
    '--election-timeout=500',
    '--logger=zap',
    '--log-outputs=stderr',
    '--log-level=warn',
    ...tlsArgs,
    ...cfg.extraArgs,
  ];
  const proc = spawn(cfg.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  m.proc = proc;
  m.log = '';
  // A test that forgets stop() must not hang the runner; the exit hook still kills the member.
  proc.unref();
  (proc.stderr as { unref?: () => void } | null)?.unref?.();
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (chunk: string) => {
    m.log = (m.log + chunk).slice(-8_000);
  });
  m.exited = new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.once('error', (err) => {
      m.log += `\nspawn failed: ${err.message}`;
      resolve();
    });
  });
  live.add(m);
}

async function waitHealthy(
  members: readonly Member[],
  tls: EtcdTls | undefined,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const m of members) {
    for (;;) {
      if (m.proc?.exitCode !== null || m.proc.signalCode !== null) {
        throw new StartFailure(`etcd member ${m.name} exited during start:\n${m.log}`);
      }
      const s = await etcdMemberStatus(m.clientUrl, { timeoutMs: 500, ...(tls && { tls }) }).catch(
        () => undefined,
      );
      if (s !== undefined && s.leaderId !== '0') break;
      if (Date.now() > deadline)
        throw new Error(`etcd member ${m.name} not healthy after ${timeoutMs} ms:\n${m.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Thrown when a member exits while starting, typically because another process took its port. */
class StartFailure extends Error {}

/**
 * Starts a fresh etcd cluster of 1 or 3 members on free 127.0.0.1 ports, each member in its own
 * new data directory, and resolves once every member follows a leader. Rejects (after killing
 * what it started) when etcd does not come up. Cleans up on process exit as well.
 */
export async function startEtcd(opts: StartEtcdOptions): Promise<EtcdCluster> {
  hookExit();
  // A port found free can be taken by someone else before etcd binds it: try fresh ports again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (!(err instanceof StartFailure) || attempt >= 3) throw err;
    }
  }
}

async function startOnce(opts: StartEtcdOptions): Promise<EtcdCluster> {
  const binary = opts.binary ?? process.env['ETCD_BIN'] ?? '/usr/bin/etcd';
  const parent = opts.dataDir ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, 'kite-etcd-'));
  dirs.add(root);
  const certs = opts.tls === true ? makeEtcdTestCerts(root) : undefined;
  const scheme = certs === undefined ? 'http' : 'https';
  const tls = certs?.client;
  const members: Member[] = [];
  for (let i = 0; i < opts.members; i++) {
    const [client, peer] = [await freePort(), await freePort()];
    members.push({
      name: `m${i}`,
      clientUrl: `${scheme}://127.0.0.1:${client}`,
      peerUrl: `http://127.0.0.1:${peer}`,
      dataDir: join(root, `m${i}`),
      proc: undefined,
      log: '',
      exited: Promise.resolve(),
    });
  }
  const cfg: LaunchConfig = {
    binary,
    cluster: members.map((m) => `${m.name}=${m.peerUrl}`).join(','),
    token: `kite-test-${randomBytes(6).toString('hex')}`,
    certs,
    extraArgs: opts.extraArgs ?? [],
  };
  for (const m of members) launch(m, cfg);

  const kill = async (i: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const m = members[i];
    if (m === undefined) throw new RangeError(`no etcd member ${i}`);
    const pid = m.proc?.pid;
    // Keep the event loop alive until the exit is seen (the process is unref'd while it runs).
    m.proc?.ref();
    if (pid !== undefined && m.proc?.exitCode === null && m.proc.signalCode === null)
      process.kill(pid, signal);
    await m.exited;
    live.delete(m);
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all(members.map((_, i) => kill(i)));
    rmSync(root, { recursive: true, force: true });
    dirs.delete(root);
  };
  try {
    await waitHealthy(members, tls, opts.startTimeoutMs ?? 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    endpoints: members.map((m) => m.clientUrl),
    clientTls: tls,
    kill,
    async restart(i) {
      const m = members[i];
      if (m === undefined) throw new RangeError(`no etcd member ${i}`);
      await kill(i);
      launch(m, cfg);
      await waitHealthy([m], tls, opts.startTimeoutMs ?? 20_000);
    },
    async leaderIndex() {
      const deadline = Date.now() + 10_000;
      for (;;) {
        for (const m of members) {
          if (!live.has(m)) continue;
          const s = await etcdMemberStatus(m.clientUrl, { timeoutMs: 500, ...(tls && { tls }) }).catch(
            () => undefined,
          );
          if (s === undefined || s.leaderId === '0') continue;
          if (s.leaderId === s.memberId) return members.indexOf(m);
        }
        if (Date.now() > deadline) throw new Error('no etcd leader within 10 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop,
    log: (i) => members[i]?.log ?? '',
  };
}
