import { badRequest, resourceExpired, type StatusError } from '../../apimachinery/errors/index.js';
import { errorString, goQuote, invalid } from '../../apimachinery/field/index.js';
import { GoJSONSyntaxError, type Scanned, scanGoJSON } from './go-json-scan.js';
import type { Parsed } from './list-options.js';

/** The only continue token version upstream (and kite) writes and reads. */
export const ContinueTokenVersion = 'meta.k8s.io/v1';

/** A continue token that cannot be used; the message is upstream's text. */
export class ContinueTokenError extends Error {
  override readonly name = 'ContinueTokenError';
}

const notValid = 'continue key is not valid';

/** The 410 message for a list whose resourceVersion was compacted away. */
export const ListExpiredMessage = 'The resourceVersion for the provided list is too old.';
/** The 410 message for a compacted continue token when no fresh token can be offered. */
export const ContinueExpiredMessage =
  'The provided continue parameter is too old to display a consistent list result. ' +
  'You can start a new list without the continue parameter.';
/** The 410 message for a compacted continue token, offering a token to go on inconsistently. */
export const InconsistentContinueMessage =
  'The provided continue parameter is too old to display a consistent list result. ' +
  'You can start a new list without the continue parameter, or use the continue token in this ' +
  'response to retrieve the remainder of the results. Continuing with the provided token results ' +
  'in an inconsistent list - objects that were created, modified, or deleted between the time the ' +
  'first chunk was returned and now may show up in the list.';

/**
 * The token for a list that goes on at storage key `key`: base64url (no padding) of
 * `{"v":"meta.k8s.io/v1","rv":<rv>,"start":"<key without keyPrefix>"}`, byte-identical to
 * upstream's. Throws ContinueTokenError when `key` does not start with a non-empty `keyPrefix`.
 */
export function encodeContinue(key: string, keyPrefix: string, rv: number): string {
  if (keyPrefix === '' || !key.startsWith(keyPrefix)) {
    throw new ContinueTokenError(
      `unable to encode next field: the key and key prefix do not match ${keyPrefix} ${key}`,
    );
  }
  const start = key.slice(keyPrefix.length);
  const json = `{"v":${goString(ContinueTokenVersion)},"rv":${Math.trunc(rv)},"start":${goString(start)}}`;
  return Buffer.from(json, 'utf8').toString('base64url');
}

function goString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(
      /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/g,
      '\ufffd',
    );
}

/** A decoded continue token: the storage key to start at and the revision to read at (-1: latest). */
export interface ContinuePoint {
  readonly key: string;
  readonly rv: number;
}

/**
 * Decodes a continue token against the list's `keyPrefix`, as upstream: base64url without
 * padding, JSON with version `meta.k8s.io/v1`, a non-zero rv, a non-empty start key that is
 * already a clean path (no `..`, `.`, `//` or trailing `/`: a token cannot reach outside the
 * prefix). Throws ContinueTokenError with upstream's message (`continue key is not valid: ...`).
 * Pure.
 */
export function decodeContinue(token: string, keyPrefix: string): ContinuePoint {
  const bytes = decodeRawURLBase64(token);
  let doc: Scanned;
  try {
    doc = scanGoJSON(bytes);
  } catch (e) {
    if (e instanceof GoJSONSyntaxError) throw new ContinueTokenError(`${notValid}: ${e.message}`);
    throw e;
  }
  const t = tokenFields(doc);
  if (t.v !== ContinueTokenVersion) {
    throw new ContinueTokenError(`${notValid}: server does not recognize this encoded version ${t.v}`);
  }
  if (t.rv === 0) {
    throw new ContinueTokenError(
      `${notValid}: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`,
    );
  }
  if (t.start === '') {
    throw new ContinueTokenError(`${notValid}: encoded start key empty (version meta.k8s.io/v1)`);
  }
  const key = t.start.startsWith('/') ? t.start : `/${t.start}`;
  if (cleanPath(key) !== key) throw new ContinueTokenError(`${notValid}: ${t.start}`);
  return { key: keyPrefix + key.slice(1), rv: t.rv };
}

const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Go's base64.RawURLEncoding.DecodeString: CR and LF are skipped, anything else outside the
// alphabet (padding included) is an error at its byte offset, as is a lone trailing character.
function decodeRawURLBase64(s: string): Uint8Array {
  const bytes = Buffer.from(s, 'utf8');
  const out: number[] = [];
  let acc = 0;
  let have = 0;
  let quantumStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0a || b === 0x0d) continue;
    const v = b < 0x80 ? b64.indexOf(String.fromCharCode(b)) : -1;
    if (v < 0) throw new ContinueTokenError(`${notValid}: illegal base64 data at input byte ${i}`);
    if (have === 0) quantumStart = i;
    acc = (acc << 6) | v;
    have++;
    if (have === 4) {
      out.push((acc >> 16) & 0xff, (acc >> 8) & 0xff, acc & 0xff);
      acc = 0;
      have = 0;
    }
  }
  if (have === 1)
    throw new ContinueTokenError(`${notValid}: illegal base64 data at input byte ${quantumStart}`);
  if (have === 2) out.push((acc >> 4) & 0xff);
  if (have === 3) out.push((acc >> 10) & 0xff, (acc >> 2) & 0xff);
  return new Uint8Array(out);
}

// Go matches JSON keys to struct fields exactly first, then case-insensitively (with the two
// non-ASCII letters that fold to ASCII ones).
function fieldFor(key: string): 'v' | 'rv' | 'start' | undefined {
  const folded = key.replace(/\u017f/g, 's').replace(/\u212a/g, 'k');
  if (/[^\x00-\x7f]/.test(folded)) return undefined;
  const k = folded.toLowerCase();
  return k === 'v' || k === 'rv' || k === 'start' ? k : undefined;
}

function typeName(s: Scanned): string {
  return s.t === 'bool' ? 'bool' : s.t;
}

function tokenFields(doc: Scanned): { v: string; rv: number; start: string } {
  const out = { v: '', rv: 0, start: '' };
  if (doc.t === 'null') return out;
  if (doc.t !== 'object') {
    throw new ContinueTokenError(
      `${notValid}: json: cannot unmarshal ${typeName(doc)} into Go value of type storage.continueToken`,
    );
  }
  // Go keeps decoding after a type mismatch and reports the first one at the end.
  let firstErr: string | undefined;
  const mismatch = (what: string, field: string, type: string): void => {
    firstErr ??= `json: cannot unmarshal ${what} into Go struct field continueToken.${field} of type ${type}`;
  };
  for (const [key, val] of doc.entries) {
    const f = fieldFor(key);
    if (f === undefined || val.t === 'null') continue;
    if (f === 'rv') {
      if (val.t !== 'number') mismatch(typeName(val), 'rv', 'int64');
      else if (!/^-?\d+$/.test(val.text) || !fitsInt64(val.text))
        mismatch(`number ${val.text}`, 'rv', 'int64');
      else out.rv = Number(val.text);
    } else if (val.t !== 'string') {
      mismatch(typeName(val), f, 'string');
    } else {
      out[f] = val.v;
    }
  }
  if (firstErr !== undefined) throw new ContinueTokenError(`${notValid}: ${firstErr}`);
  return out;
}

function fitsInt64(text: string): boolean {
  const n = BigInt(text);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

// Go's path.Clean for a rooted path.
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/**
 * The 410 Expired for a continue token whose revision was compacted: upstream offers a fresh
 * token at rv -1 (continue from `continueKey` at the latest revision) in `metadata.continue`;
 * if none can be built, the shorter message without one. Pure.
 */
export function continueExpired(continueKey: string, keyPrefix: string): StatusError {
  let token: string;
  try {
    token = encodeContinue(continueKey, keyPrefix, -1);
  } catch (e) {
    if (e instanceof ContinueTokenError) return resourceExpired(ContinueExpiredMessage);
    throw e;
  }
  const err = resourceExpired(InconsistentContinueMessage);
  err.status.metadata = { ...err.status.metadata, continue: token };
  return err;
}

/** Where a storage list starts: read at `withRev` (0: latest) from `continueKey` ('' : the prefix). */
export interface ListStart {
  readonly withRev: number;
  readonly continueKey: string;
}

/** The list parameters that decide where a storage list starts. */
export interface ListStartOptions {
  readonly continue: string;
  readonly resourceVersion: string;
  readonly resourceVersionMatch: string;
  readonly limit: number;
}

/**
 * Upstream's storage-level check of a recursive list: a continue token is decoded (400
 * `invalid continue token: ...`) and may only be combined with resourceVersion '' or '0' (400
 * `specifying resource version is not allowed when using continue`); otherwise resourceVersion
 * must be a decimal uint64 (400 `invalid resource version: ...`) and, for Exact or a limited
 * legacy list at a non-zero revision, pins the read revision. Pure.
 */
export function listStart(o: ListStartOptions, keyPrefix: string): Parsed<ListStart> {
  if (o.continue !== '') {
    let point: ContinuePoint;
    try {
      point = decodeContinue(o.continue, keyPrefix);
    } catch (e) {
      if (e instanceof ContinueTokenError)
        return { ok: false, error: badRequest(`invalid continue token: ${e.message}`) };
      throw e;
    }
    if (o.resourceVersion !== '' && o.resourceVersion !== '0') {
      return {
        ok: false,
        error: badRequest('specifying resource version is not allowed when using continue'),
      };
    }
    return { ok: true, value: { withRev: point.rv > 0 ? point.rv : 0, continueKey: point.key } };
  }
  if (o.resourceVersion === '') return { ok: true, value: { withRev: 0, continueKey: '' } };
  const rv = parseResourceVersion(o.resourceVersion);
  if (!rv.ok) return rv;
  switch (o.resourceVersionMatch) {
    case 'NotOlderThan':
      return { ok: true, value: { withRev: 0, continueKey: '' } };
    case 'Exact':
      return { ok: true, value: { withRev: rv.value, continueKey: '' } };
    case '':
      return { ok: true, value: { withRev: o.limit > 0 && rv.value > 0 ? rv.value : 0, continueKey: '' } };
    default:
      return {
        ok: false,
        error: badRequest(`unknown ResourceVersionMatch value: ${o.resourceVersionMatch}`),
      };
  }
}

/**
 * A resourceVersion as the store reads it: '' and '0' are 0, else a decimal uint64 or a 400
 * `invalid resource version: resourceVersion: Invalid value: "x": strconv.ParseUint: ...`. Pure.
 */
export function parseResourceVersion(rv: string): Parsed<number> {
  if (rv === '' || rv === '0') return { ok: true, value: 0 };
  let why: string | undefined;
  if (!/^[0-9]+$/.test(rv)) why = 'invalid syntax';
  else if (BigInt(rv) >= 2n ** 64n) why = 'value out of range';
  if (why !== undefined) {
    const fe = invalid('resourceVersion', rv, `strconv.ParseUint: parsing ${goQuote(rv)}: ${why}`);
    return { ok: false, error: badRequest(`invalid resource version: ${errorString(fe)}`) };
  }
  return { ok: true, value: Number(rv) };
}

/** Input for nextPage: the last key returned in this chunk and what the store knows beyond it. */
export interface PageEnd {
  readonly lastKey: string;
  readonly keyPrefix: string;
  /** The revision the chunk was read at. */
  readonly rv: number;
  /** Objects past the chunk in the key range, counted before filtering. */
  readonly remaining: number;
  /** True when neither a label nor a field selector restricts the list. */
  readonly unfiltered: boolean;
}

/**
 * The `metadata.continue` and `metadata.remainingItemCount` of a chunk that has more after it:
 * the token starts just after `lastKey` (key + NUL); the count is given only for unfiltered
 * lists, as upstream, since filtered counts would be guesses. Throws ContinueTokenError when
 * `lastKey` is outside `keyPrefix` (a bug in the caller).
 */
export function nextPage(p: PageEnd): { continue: string; remainingItemCount?: number } {
  const token = encodeContinue(`${p.lastKey}\x00`, p.keyPrefix, p.rv);
  return p.unfiltered
    ? { continue: token, remainingItemCount: Math.max(0, p.remaining) }
    : { continue: token };
}
