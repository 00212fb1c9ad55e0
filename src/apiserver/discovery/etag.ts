import { createHash } from 'node:crypto';

/**
 * The strong entity tag of a discovery document: the upper-case hex SHA-512 of its JSON
 * text, in double quotes (as it travels in `ETag`). Pure and deterministic for a given
 * document (key order included).
 */
export function discoveryETag(doc: unknown): string {
  return `"${createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase()}"`;
}

/**
 * Headers served with an aggregated discovery document: its `ETag`, `Vary: Accept` (the
 * same URL answers legacy or aggregated by `Accept`) and `Cache-Control: public`. Pure.
 */
export function discoveryCacheHeaders(etag: string): Record<string, string> {
  return { ETag: etag, Vary: 'Accept', 'Cache-Control': 'public' };
}

/**
 * Whether a request's `If-None-Match` lets the server answer 304 Not Modified. As upstream,
 * this is an exact comparison with the quoted tag: lists, weak tags and `*` never match.
 * Pure.
 */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch !== undefined && ifNoneMatch === etag;
}
