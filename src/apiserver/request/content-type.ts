import { type StatusError, unsupportedMediaType } from '../../apimachinery/errors/index.js';
import type { Parsed } from './list-options.js';

/** The body encodings kite decodes. */
export type BodyFormat = 'json' | 'yaml';

/**
 * Media types accepted for request bodies, in the order upstream lists them in a 415. Protobuf
 * bodies are decoded by the server before the JSON/YAML readers (see inputFormat) are asked.
 */
export const InputMediaTypes: readonly string[] = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
];

/** Patch content types. */
export const PatchType = {
  JSON: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  StrategicMerge: 'application/strategic-merge-patch+json',
  ApplyYAML: 'application/apply-patch+yaml',
} as const;

/** Patch types served for built-in resources, in upstream's order. */
export const BuiltinPatchTypes: readonly string[] = [
  PatchType.JSON,
  PatchType.Merge,
  PatchType.StrategicMerge,
  PatchType.ApplyYAML,
];
/** Patch types served for custom resources: no strategic merge. */
export const CustomResourcePatchTypes: readonly string[] = [
  PatchType.JSON,
  PatchType.Merge,
  PatchType.ApplyYAML,
];

/** A malformed media type (Go's `mime.ParseMediaType` failure). */
export class MediaTypeError extends Error {
  override readonly name = 'MediaTypeError';
}

const tspecials = '()<>@,;:\\"/[]?=';
function isTokenChar(c: string): boolean {
  const cp = c.charCodeAt(0);
  return cp > 0x20 && cp < 0x7f && !tspecials.includes(c);
}
function consumeToken(v: string): [string, string] {
  let i = 0;
  while (i < v.length && isTokenChar(v[i]!)) i++;
  return [v.slice(0, i), v.slice(i)];
}
const trimLeftSpace = (s: string): string => s.replace(/^[\s\u0085\u00a0]+/u, '');

function consumeValue(v: string): [string, string] {
  if (!v.startsWith('"')) return consumeToken(v);
  let out = '';
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    if (c === '"') return [out, v.slice(i + 1)];
    // Only a tspecial may be escaped; any other backslash stays as it is.
    if (c === '\\' && i + 1 < v.length && tspecials.includes(v[i + 1]!)) {
      out += v[i + 1];
      i++;
    } else if (c === '\r' || c === '\n') {
      return ['', v];
    } else {
      out += c;
    }
  }
  return ['', v];
}

/**
 * Go's `mime.ParseMediaType` (without RFC 2231 continuations): the lower-cased `type/subtype` and
 * its parameters (names lower-cased, values unquoted). Throws MediaTypeError for a missing type or
 * subtype, junk after the subtype, a malformed or duplicate parameter; a trailing `;` is allowed.
 */
export function parseMediaType(v: string): { mediaType: string; params: Map<string, string> } {
  const semi = v.indexOf(';');
  const base = semi < 0 ? v : v.slice(0, semi);
  const mediaType = base.trim().toLowerCase();
  const [typ, rest] = consumeToken(mediaType);
  if (typ === '') throw new MediaTypeError('mime: no media type');
  if (rest !== '') {
    if (!rest.startsWith('/')) throw new MediaTypeError('mime: expected slash after first token');
    const [sub, rest2] = consumeToken(rest.slice(1));
    if (sub === '') throw new MediaTypeError('mime: expected token after slash');
    if (rest2 !== '') throw new MediaTypeError('mime: unexpected content after media subtype');
  }
  const params = new Map<string, string>();
  let r = v.slice(base.length);
  for (;;) {
    r = trimLeftSpace(r);
    if (r === '') break;
    const p = consumeParam(r);
    if (p === undefined) {
      if (r.trim() === ';') break;
      throw new MediaTypeError('mime: invalid media parameter');
    }
    if (params.has(p.key)) throw new MediaTypeError('mime: duplicate parameter name');
    params.set(p.key, p.value);
    r = p.rest;
  }
  return { mediaType, params };
}

function consumeParam(v: string): { key: string; value: string; rest: string } | undefined {
  let r = trimLeftSpace(v);
  if (!r.startsWith(';')) return undefined;
  r = trimLeftSpace(r.slice(1));
  const [key, afterKey] = consumeToken(r);
  if (key === '') return undefined;
  r = trimLeftSpace(afterKey);
  if (!r.startsWith('=')) return undefined;
  r = trimLeftSpace(r.slice(1));
  const [value, rest] = consumeValue(r);
  if (value === '' && rest === r) return undefined;
  return { key: key.toLowerCase(), value, rest };
}

/**
 * The body format for a create/update/delete body from its `Content-Type`: absent or empty means
 * JSON; parameters (charset) are ignored; anything else is 415 `the body of the request was in an
 * unknown format - accepted media types include: application/json, application/yaml,
 * application/vnd.kubernetes.protobuf` (callers decode protobuf bodies themselves). Pure.
 */
export function inputFormat(contentType: string | undefined): Parsed<BodyFormat> {
  const ct = contentType === undefined || contentType === '' ? InputMediaTypes[0]! : contentType;
  try {
    const { mediaType } = parseMediaType(ct);
    if (mediaType === 'application/json') return { ok: true, value: 'json' };
    if (mediaType === 'application/yaml') return { ok: true, value: 'yaml' };
  } catch (e) {
    if (!(e instanceof MediaTypeError)) throw e;
  }
  return { ok: false, error: unsupportedMediaType(InputMediaTypes) };
}

/**
 * The patch type of a PATCH request as upstream reads it: the Content-Type up to its first `;`
 * (only when that is not the first character), compared exactly, with no case folding or trimming,
 * against `served`; else 415 listing `served`. Pure.
 */
export function patchTypeFor(
  contentType: string | undefined,
  served: readonly string[] = BuiltinPatchTypes,
): Parsed<string> {
  let ct = contentType ?? '';
  const semi = ct.indexOf(';');
  if (semi > 0) ct = ct.slice(0, semi);
  if (served.includes(ct)) return { ok: true, value: ct };
  const error: StatusError = unsupportedMediaType(served);
  return { ok: false, error };
}
