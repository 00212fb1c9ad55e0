// Settings of a REST client.

/** How to reach and talk to one API server. Plain data. */
export interface RestConfig {
  /** `https://host:port` (a path prefix is kept; a trailing slash is not needed). */
  readonly server: string;
  /** PEM of the CA(s) to trust; the system roots when absent. */
  readonly caPem?: string;
  /** PEM client certificate and key (both or neither). */
  readonly certPem?: string;
  readonly keyPem?: string;
  /** Bearer token. */
  readonly token?: string;
  /** File holding a bearer token, re-read at most once a minute (rotated tokens are picked up). */
  readonly tokenFile?: string;
  readonly insecureSkipTLSVerify?: boolean;
  /** Server name for SNI and certificate checks, when it differs from the URL's host. */
  readonly tlsServerName?: string;
  /** The User-Agent header; a `kite/<version> (<os>/<arch>)` default when absent. */
  readonly userAgent?: string;
  /** Client-side rate limit in requests per second; none when absent or <= 0. */
  readonly qps?: number;
  /** Burst of the rate limit (at least 1; `qps` rounded up when absent). */
  readonly burst?: number;
  /** Timeout of each non-watch request in milliseconds; none when absent. */
  readonly timeoutMs?: number;
  /** Called with the text of each `Warning` header the server answers with. */
  readonly onWarning?: (warning: string) => void;
}
