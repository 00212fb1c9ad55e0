import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify as toYAML } from 'yaml';
import { openAPIV2Document, openAPIV3Document, openAPIV3Index } from '../../api/index.js';
import { StatusError } from '../../apimachinery/errors/index.js';
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  type DiscoveryAddresses,
  discoveryCacheHeaders,
  discoveryETag,
  type HealthCheck,
  healthQuery,
  negotiateDiscovery,
  notModified,
  RAW_JSON_CONTENT_TYPE,
  rawJSON,
  runHealthChecks,
  runSingleCheck,
  versionInfo,
} from '../discovery/index.js';
import { send, sendJSON } from './responses.js';

/** What the non-resource routes need from the running server. */
export interface RouteContext {
  readonly addresses: DiscoveryAddresses;
  readonly healthChecks: readonly HealthCheck[];
  /** The checks of /readyz when they differ from healthChecks (upstream adds `shutdown`). */
  readonly readyChecks?: readonly HealthCheck[];
  readonly clientIP: string | undefined;
  /** The Prometheus exposition served at /metrics; the path is not served without it. */
  readonly metrics?: () => Promise<{ readonly contentType: string; readonly body: string }>;
}

// kube-apiserver's answer for a path it does not serve.
const notFound = () =>
  new StatusError({
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });

/**
 * Serves the non-resource paths: version, metrics, health, discovery and OpenAPI. Returns false when the
 * path is none of them (the caller then treats it as a resource request). Throws StatusError.
 */
export async function serveNonResource(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: RouteContext,
): Promise<boolean> {
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const parts = path.split('/').filter((p) => p !== '');
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;

  if (path === '/version') {
    send(res, 200, RAW_JSON_CONTENT_TYPE, rawJSON(versionInfo()));
    return true;
  }
  if (path === '/metrics' && ctx.metrics !== undefined) {
    const m = await ctx.metrics();
    send(res, 200, m.contentType, m.body);
    return true;
  }
  const [first, second] = parts;
  if (first === 'healthz' || first === 'livez' || first === 'readyz') {
    const checks = first === 'readyz' ? (ctx.readyChecks ?? ctx.healthChecks) : ctx.healthChecks;
    const out =
      second === undefined
        ? await runHealthChecks(first, checks, healthQuery(url.searchParams))
        : await runNamedCheck(checks, second);
    send(res, out.status, out.headers['Content-Type'] ?? 'text/plain; charset=utf-8', out.body, out.headers);
    return true;
  }
  if (first === 'api' || first === 'apis') return serveDiscovery(req, res, parts, ctx);
  if (first === 'openapi') return serveOpenAPI(res, parts, url);
  return false;
}

async function runNamedCheck(checks: readonly HealthCheck[], name: string) {
  const check = checks.find((c) => c.name === name);
  if (check === undefined) throw notFound();
  return runSingleCheck(check);
}

function serveDiscovery(
  req: IncomingMessage,
  res: ServerResponse,
  parts: string[],
  ctx: RouteContext,
): boolean {
  const [root, a, b, c] = parts;
  if (root === 'api' && b !== undefined) return false;
  if (root === 'apis' && c !== undefined) return false;
  const format = negotiateDiscovery(req.headers.accept);
  if (parts.length === 1 && format.kind === 'aggregated') {
    const doc = aggregatedDiscovery(root === 'api' ? 'api' : 'apis');
    const etag = discoveryETag(doc);
    const headers = discoveryCacheHeaders(etag);
    if (notModified(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers);
      res.end();
    } else {
      send(res, 200, format.contentType, JSON.stringify(doc), headers);
    }
    return true;
  }
  let doc: unknown;
  if (root === 'api')
    doc = a === undefined ? apiVersions(ctx.addresses, ctx.clientIP) : apiResourceList('', a);
  else if (a === undefined) doc = apiGroupList();
  else if (b === undefined) doc = apiGroup(a);
  else doc = apiResourceList(a, b);
  if (doc === undefined) throw notFound();
  if (format.kind === 'legacy' && format.contentType === 'application/yaml')
    send(res, 200, 'application/yaml', toYAML(doc));
  else sendJSON(res, 200, doc);
  return true;
}

function serveOpenAPI(res: ServerResponse, parts: string[], url: URL): boolean {
  const [, version, ...rest] = parts;
  if (version === 'v2' && rest.length === 0) {
    sendJSON(res, 200, openAPIV2Document());
    return true;
  }
  if (version === 'v3') {
    if (rest.length === 0) {
      sendJSON(res, 200, openAPIV3Index());
      return true;
    }
    const doc = openAPIV3Document(rest.join('/'));
    if (doc === undefined) throw notFound();
    // Documents are addressed by content hash, so clients may cache them for good.
    const cache: Record<string, string> = url.searchParams.has('hash')
      ? { 'Cache-Control': 'public, immutable' }
      : {};
    sendJSON(res, 200, doc, cache);
    return true;
  }
  throw notFound();
}

export { notFound };
