// HTTP(S) to one API server: TLS identity, keep-alive connections, authentication header, user
// agent, client-side rate limit and Warning headers.
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { kiteVersion } from '../../version.js';
import type { RestConfig } from './config.js';
import { TokenBucket } from './rate-limiter.js';
import { warningsFromRawHeaders } from './warnings.js';

/** One request. `path` includes the query string. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/** A buffered answer. */
export interface HttpResponse {
  readonly code: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

const GO_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' };

/** `kite/<version> (<os>/<arch>)`, the user agent when none is configured. */
export function defaultUserAgent(): string {
  return `kite/${kiteVersion()} (${process.platform}/${GO_ARCH[process.arch] ?? process.arch})`;
}

const TOKEN_FILE_TTL_MS = 60_000;

/**
 * The connection to one API server. Requests share a keep-alive agent; each waits for the rate
 * limiter (when configured) before it goes out. Safe for concurrent use; `close()` ends idle
 * connections.
 */
export class Transport {
  readonly userAgent: string;
  private readonly url: URL;
  private readonly agent: HttpsAgent | HttpAgent;
  private readonly limiter: TokenBucket | undefined;
  private fileToken: { value: string; readAt: number } | undefined;

  constructor(private readonly config: RestConfig) {
    this.url = new URL(config.server);
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:')
      throw new Error(`server URL must be http or https: ${config.server}`);
    this.userAgent = config.userAgent ?? defaultUserAgent();
    if (this.url.protocol === 'https:') {
      this.agent = new HttpsAgent({
        keepAlive: true,
        ...(config.caPem === undefined ? {} : { ca: config.caPem }),
        ...(config.certPem === undefined ? {} : { cert: config.certPem }),
        ...(config.keyPem === undefined ? {} : { key: config.keyPem }),
        ...(config.tlsServerName === undefined ? {} : { servername: config.tlsServerName }),
        rejectUnauthorized: config.insecureSkipTLSVerify !== true,
      });
    } else {
      this.agent = new HttpAgent({ keepAlive: true });
    }
    const qps = config.qps ?? 0;
    this.limiter = qps > 0 ? new TokenBucket(qps, Math.max(1, config.burst ?? Math.ceil(qps))) : undefined;
  }

  /** Ends pooled connections (requests in flight finish). Idempotent. */
  close(): void {
    this.agent.destroy();
  }

  private bearer(): string | undefined {
    if (this.config.token !== undefined) return this.config.token;
    const file = this.config.tokenFile;
    if (file === undefined) return undefined;
    const now = Date.now();
    if (this.fileToken === undefined || now - this.fileToken.readAt > TOKEN_FILE_TTL_MS) {
      try {
        this.fileToken = { value: readFileSync(file, 'utf8').trim(), readAt: now };
      } catch (e) {
        // A rotation in progress may hide the file for a moment: keep the last token if any.
        if (this.fileToken === undefined)
          throw new Error(`cannot read token file ${file}: ${(e as Error).message}`);
      }
    }
    return this.fileToken.value;
  }

  /**
   * Sends a request and resolves with the response head; the caller reads (or discards) the body.
   * Rejects on transport errors and when `signal` aborts before the head arrives; an abort later
   * destroys the body stream. No timeout: watches use this directly.
   */
  async open(req: HttpRequest): Promise<IncomingMessage> {
    await this.limiter?.wait(req.signal);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent };
    const token = this.bearer();
    if (token !== undefined && token !== '') headers.Authorization = `Bearer ${token}`;
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(req.body));
    }
    const base = this.url.pathname.replace(/\/+$/, '');
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const r = send(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: this.url.port,
          path: `${base}${req.path}`,
          method: req.method,
          headers,
          agent: this.agent,
          ...(req.signal === undefined ? {} : { signal: req.signal }),
        },
        (res) => {
          this.reportWarnings(res);
          resolve(res);
        },
      );
      r.on('error', reject);
      r.end(req.body);
    });
  }

  /**
   * Sends a request and reads the whole answer. Rejects on transport errors, on abort (with the
   * transport's AbortError) and after the configured timeout (`request timed out after N ms`).
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const ms = this.config.timeoutMs;
    const deadline = ms === undefined || ms <= 0 ? undefined : AbortSignal.timeout(ms);
    const signals = [req.signal, deadline].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    try {
      const res = await this.open({ ...req, ...(signal === undefined ? {} : { signal }) });
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      return { code: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) };
    } catch (e) {
      if (deadline?.aborted === true && req.signal?.aborted !== true)
        throw new Error(`request timed out after ${ms} ms`, { cause: e });
      throw e;
    }
  }

  private reportWarnings(res: IncomingMessage): void {
    const cb = this.config.onWarning;
    if (cb === undefined) return;
    for (const w of warningsFromRawHeaders(res.rawHeaders)) cb(w);
  }
}
