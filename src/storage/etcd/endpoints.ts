import { StoreError } from '../store.js';

/** One etcd client endpoint, ready for a gRPC channel. */
export interface Endpoint {
  /** As given, for messages. */
  readonly url: string;
  /** The gRPC target: `host:port`, IPv6 hosts in brackets. */
  readonly target: string;
  /** Whether the scheme asks for TLS (`https://`); bare `host:port` says nothing. */
  readonly tls: boolean;
}

const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/;

/**
 * Parses an etcd endpoint as etcd's own flags take it: `http://host:port`, `https://host:port`
 * or `host:port` (a trailing `/` is allowed). Pure. Throws StoreError('invalid') naming the
 * endpoint for anything else: other schemes, paths, user info, missing or bad ports.
 */
export function parseEndpoint(url: string): Endpoint {
  const bad = (why: string): StoreError =>
    new StoreError('invalid', `invalid etcd endpoint ${JSON.stringify(url)}: ${why}`);
  let rest = url.trim();
  let tls = false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (scheme !== null) {
    const name = scheme[1]!.toLowerCase();
    if (name !== 'http' && name !== 'https') throw bad(`unsupported scheme ${JSON.stringify(scheme[1])}`);
    tls = name === 'https';
    rest = rest.slice(scheme[0].length);
  }
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  if (rest.length === 0) throw bad('no host');
  if (rest.includes('/') || rest.includes('@') || rest.includes('?') || rest.includes('#')) {
    throw bad('only host:port is allowed');
  }
  const colon = rest.lastIndexOf(':');
  if (colon < 0 || rest.endsWith(']')) throw bad('missing port');
  const host = rest.slice(0, colon);
  const portText = rest.slice(colon + 1);
  if (!HOST.test(host)) throw bad(`bad host ${JSON.stringify(host)}`);
  if (!/^[0-9]{1,5}$/.test(portText)) throw bad(`bad port ${JSON.stringify(portText)}`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw bad(`port ${port} out of range`);
  return { url, target: `${host}:${port}`, tls };
}

/** Parses a non-empty endpoint list; throws StoreError('invalid') for an empty list or a bad entry. */
export function parseEndpoints(urls: readonly string[]): Endpoint[] {
  if (urls.length === 0) throw new StoreError('invalid', 'no etcd endpoints given');
  return urls.map(parseEndpoint);
}
