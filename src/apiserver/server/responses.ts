import type { ServerResponse } from 'node:http';
import type { StatusError } from '../../apimachinery/errors/index.js';

/** Writes a body with its status code and headers, then ends the response. */
export function send(
  res: ServerResponse,
  code: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  // One UTF-8 encoding for both the length and the bytes sent (lists can be tens of MiB).
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(code, { 'Content-Type': contentType, ...headers, 'Content-Length': bytes.length });
  res.end(bytes);
}

// Serialized forms of frozen objects. The watch cache deep-freezes every object it serves and
// shares it between requests, so one object is serialized once, however many LISTs and
// watchers send it; entries go away with the objects.
const serialized = new WeakMap<object, Buffer>();

/**
 * The JSON of `obj` as UTF-8, cached when `obj` is frozen: a frozen object is taken to be
 * deeply immutable, as the watch cache's objects are. Equal to `JSON.stringify(obj)`.
 */
export function objectJSON(obj: object): Buffer {
  const hit = serialized.get(obj);
  if (hit !== undefined) return hit;
  const bytes = Buffer.from(JSON.stringify(obj) ?? 'null');
  if (Object.isFrozen(obj)) serialized.set(obj, bytes);
  return bytes;
}

const COMMA = Buffer.from(',');

/**
 * The JSON of `doc` as UTF-8, byte for byte what `JSON.stringify(doc)` gives. The elements of a
 * top-level `items` array (a list's objects) go through `objectJSON`, so that objects served
 * from the watch cache are not serialized again for every LIST.
 */
export function documentJSON(doc: unknown): Buffer {
  const parts = listParts(doc);
  return parts === undefined ? Buffer.from(JSON.stringify(doc)) : Buffer.concat(parts);
}

/**
 * The pieces of a list document's JSON (see documentJSON), undefined when `doc` is not an
 * object with an `items` array.
 */
function listParts(doc: unknown): Buffer[] | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const rec = doc as Record<string, unknown>;
  const items = rec['items'];
  if (!Array.isArray(items) || typeof (doc as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const parts: Buffer[] = [];
  let first = true;
  for (const [k, v] of Object.entries(rec)) {
    // JSON.stringify leaves out members it cannot represent.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    parts.push(Buffer.from(`${first ? '{' : ','}${JSON.stringify(k)}:`));
    first = false;
    if (k !== 'items') {
      parts.push(Buffer.from(JSON.stringify(v)));
      continue;
    }
    parts.push(Buffer.from('['));
    for (let i = 0; i < items.length; i++) {
      if (i > 0) parts.push(COMMA);
      const item: unknown = items[i];
      parts.push(
        typeof item === 'object' && item !== null && !Array.isArray(item)
          ? objectJSON(item)
          : Buffer.from(JSON.stringify(item) ?? 'null'),
      );
    }
    parts.push(Buffer.from(']'));
  }
  parts.push(Buffer.from(first ? '{}' : '}'));
  return parts;
}

/** Writes a JSON document. */
export function sendJSON(
  res: ServerResponse,
  code: number,
  doc: unknown,
  headers: Record<string, string> = {},
): void {
  const parts = listParts(doc);
  if (parts === undefined) {
    send(res, code, 'application/json', Buffer.from(JSON.stringify(doc)), headers);
    return;
  }
  // A list goes out piece by piece: its objects' cached JSON is written as it is, without
  // first being copied into one buffer as large as the whole list.
  let length = 0;
  for (const p of parts) length += p.length;
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers, 'Content-Length': length });
  res.cork();
  for (const p of parts) res.write(p);
  res.uncork();
  res.end();
}

/** Writes a failure as the `metav1.Status` kube-apiserver answers with. */
export function sendStatus(
  res: ServerResponse,
  err: StatusError,
  headers: Record<string, string> = {},
): void {
  sendJSON(res, err.code, err.toJSON(), headers);
}
