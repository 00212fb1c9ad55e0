import { formatGoDuration } from '../../apimachinery/duration/index.js';
import type { Logger } from '../../log/index.js';

/** The verbosity at which upstream's httplog writes one line per request. */
export const HTTP_LOG_LEVEL = 3;

/** What one request line says. */
export interface HTTPLogEntry {
  /** The verb as metrics report it (GET, LIST, WATCH, APPLY, ...). */
  readonly verb: string;
  /** The request target as sent: path and query. */
  readonly uri: string;
  readonly latencyNs: bigint;
  readonly userAgent: string;
  /** `ip:port` (`[ip]:port` for IPv6) of the client. */
  readonly srcIP: string;
  readonly status: number;
}

/**
 * Writes the request line upstream's httplog writes at `-v 3`:
 * `"HTTP" verb="LIST" URI="/api/v1/pods" latency="1.2ms" userAgent="kubectl/..." srcIP="127.0.0.1:5555" resp=200`.
 * No-op below that verbosity.
 */
export function logRequest(logger: Logger, e: HTTPLogEntry): void {
  if (!logger.enabled(HTTP_LOG_LEVEL)) return;
  logger.info(HTTP_LOG_LEVEL, 'httplog', 'HTTP', {
    verb: e.verb,
    URI: e.uri,
    latency: formatGoDuration(e.latencyNs),
    userAgent: e.userAgent,
    srcIP: e.srcIP,
    resp: e.status,
  });
}

/** `ip:port` as Go's RemoteAddr prints it. Pure. */
export function remoteAddr(ip: string | undefined, port: number | undefined): string {
  const host = ip ?? '';
  return `${host.includes(':') ? `[${host}]` : host}:${port ?? 0}`;
}
