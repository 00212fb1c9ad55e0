import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';

/** Where the server is and the admin identity to reach it with. */
export interface Target {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly admin: { readonly cert: Buffer; readonly key: Buffer; readonly ca: Buffer };
}

/** One answer: status code, body (unless discarded) and how long it took in ms. */
export interface Answer {
  readonly code: number;
  readonly body: string;
  readonly bytes: number;
  readonly ms: number;
}

/**
 * An HTTPS client of the apiserver as admin over keep-alive connections (at most `maxSockets`
 * at once; more requests queue in the agent, as they would behind a client's connection pool,
 * instead of opening ever more TLS connections when the server slows). Safe to use
 * concurrently; `close` ends its sockets.
 */
export class BenchClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(target: Target, maxSockets = 64) {
    const u = new URL(target.url);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new Agent({
      keepAlive: true,
      maxSockets,
      cert: target.admin.cert,
      key: target.admin.key,
      ca: target.admin.ca,
    });
  }

  /**
   * Sends one request; resolves with the whole answer, timed from the call (or from `since`,
   * a performance.now() value, when given) to the last byte. Rejects on network errors only.
   */
  send(
    method: string,
    path: string,
    opts: { body?: unknown; contentType?: string; keepBody?: boolean; since?: number } = {},
  ): Promise<Answer> {
    const start = opts.since ?? performance.now();
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.host, port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          const keep = opts.keepBody !== false;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (keep) chunks.push(c);
          });
          res.on('end', () =>
            resolve({
              code: res.statusCode ?? 0,
              body: keep ? Buffer.concat(chunks).toString() : '',
              bytes,
              ms: performance.now() - start,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Sends a request and parses its JSON answer; throws unless the code is `want`. */
  async json(method: string, path: string, want: number, body?: unknown): Promise<Record<string, unknown>> {
    const a = await this.send(method, path, body === undefined ? {} : { body });
    if (a.code !== want)
      throw new Error(`${method} ${path}: ${a.code}, want ${want}: ${a.body.slice(0, 500)}`);
    return JSON.parse(a.body) as Record<string, unknown>;
  }

  /**
   * Opens a watch stream and calls `onLines(n)` with the number of complete event lines in each
   * chunk (lines are counted, not parsed, to keep the client cheap). Resolves once the server
   * answered 200; `close` ends the stream.
   */
  watch(path: string, onLines: (n: number) => void): Promise<{ close: () => void }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          method: 'GET',
          path,
          headers: { Accept: 'application/json' },
          agent: this.agent,
        },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`watch ${path}: ${res.statusCode}`));
            res.resume();
            return;
          }
          res.on('data', (c: Buffer) => {
            let n = 0;
            for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) n++;
            if (n > 0) onLines(n);
          });
          res.on('error', () => undefined);
          resolve({ close: () => req.destroy() });
        },
      );
      req.on('error', (err) => reject(err));
      req.end();
    });
  }

  /** Ends every socket of the agent. Idempotent. */
  close(): void {
    this.agent.destroy();
  }
}
