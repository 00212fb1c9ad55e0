import { type FieldError, type FieldPath, invalid, omitValue } from '../../../apimachinery/field/index.js';
import { isConfigMapKey } from '../../../apimachinery/validation/index.js';
import { isDict, wrongType } from './shape.js';

/** The most bytes the values of one ConfigMap or Secret may hold together (1 MiB). */
export const MaxSecretSize = 1024 * 1024;

/** One entry of a `data`/`binaryData` map: its key and its value as bytes (undefined when undecodable). */
export interface DataEntry {
  readonly key: string;
  readonly bytes: Uint8Array | undefined;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decodeMap = new Map([...alphabet].map((c, i) => [c.charCodeAt(0), i]));
const [CR, LF, PAD] = [13, 10, 61];

/**
 * Decodes standard base64 as Go's decoder of `[]byte` JSON fields does, quantum by quantum:
 * padding required, CR and LF skipped anywhere. Returns the bytes, or the byte offset Go reports
 * in `illegal base64 data at input byte N`. Pure.
 */
export function decodeGoBase64(text: string): { ok: true; bytes: Uint8Array } | { ok: false; at: number } {
  const src = Buffer.from(text, 'utf8');
  const out: number[] = [];
  let si = 0;
  const skipNewlines = (): void => {
    while (si < src.length && (src[si] === CR || src[si] === LF)) si++;
  };
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let end = false;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { ok: true, bytes: Uint8Array.from(out) };
        return { ok: false, at: si - j };
      }
      const c = src[si]!;
      si++;
      const v = decodeMap.get(c);
      if (v !== undefined) {
        dbuf[j] = v;
        continue;
      }
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (c !== PAD || j < 2) return { ok: false, at: si - 1 };
      if (j === 2) {
        // A second '=' must follow the first.
        skipNewlines();
        if (si === src.length) return { ok: false, at: src.length };
        if (src[si] !== PAD) return { ok: false, at: si - 1 };
        si++;
      }
      skipNewlines();
      if (si < src.length) return { ok: false, at: si };
      dlen = j;
      end = true;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (end) return { ok: true, bytes: Uint8Array.from(out) };
  }
}

/**
 * Reads a map of base64 values (`Secret.data`, `ConfigMap.binaryData`). A value that is not a
 * string, or not valid base64, gets a field error at `path[key]` and no bytes.
 */
export function readBinaryMap(v: unknown, fldPath: FieldPath, errs: FieldError[]): DataEntry[] {
  if (v === undefined || v === null) return [];
  if (!isDict(v)) {
    errs.push(wrongType(fldPath, v, 'object'));
    return [];
  }
  return Object.entries(v).map(([key, val]): DataEntry => {
    if (val === null) return { key, bytes: new Uint8Array() };
    if (typeof val !== 'string') {
      errs.push(wrongType(fldPath.key(key), val, 'string'));
      return { key, bytes: undefined };
    }
    const d = decodeGoBase64(val);
    if (!d.ok) {
      errs.push(invalid(fldPath.key(key), omitValue, `illegal base64 data at input byte ${d.at}`));
      return { key, bytes: undefined };
    }
    return { key, bytes: d.bytes };
  });
}

/** Reads a map of plain strings (`ConfigMap.data`, `Secret.stringData`) as UTF-8 bytes. */
export function readTextMap(v: unknown, fldPath: FieldPath, errs: FieldError[]): DataEntry[] {
  if (v === undefined || v === null) return [];
  if (!isDict(v)) {
    errs.push(wrongType(fldPath, v, 'object'));
    return [];
  }
  return Object.entries(v).map(([key, val]): DataEntry => {
    if (val === null) return { key, bytes: new Uint8Array() };
    if (typeof val !== 'string') {
      errs.push(wrongType(fldPath.key(key), val, 'string'));
      return { key, bytes: undefined };
    }
    return { key, bytes: Buffer.from(val, 'utf8') };
  });
}

/** `isConfigMapKey` messages as `Invalid value` errors at `path[key]`. */
export function validateDataKey(key: string, fldPath: FieldPath): FieldError[] {
  return isConfigMapKey(key).map((m) => invalid(fldPath.key(key), key, m));
}

/** Total bytes of the entries' values. */
export function totalSize(entries: readonly DataEntry[]): number {
  return entries.reduce((n, e) => n + (e.bytes?.length ?? 0), 0);
}
