import { canonicalJSON } from './deep.js';

/** The alphabet upstream uses for random and hash-derived name suffixes (no vowels, no 0/1/3). */
export const SafeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

/** FNV-1a, 32 bits, over bytes (as Go's hash/fnv New32a). Pure. */
export function fnv1a32(data: Uint8Array, seed: number = fnvOffset): number {
  let h = seed >>> 0;
  for (const b of data) h = Math.imul(h ^ b, fnvPrime) >>> 0;
  return h;
}

/** FNV-1, 32 bits, over bytes (as Go's hash/fnv New32). Pure. */
export function fnv132(data: Uint8Array, seed: number = fnvOffset): number {
  let h = seed >>> 0;
  for (const b of data) h = (Math.imul(h, fnvPrime) ^ b) >>> 0;
  return h;
}

/**
 * Maps every character to `SafeAlphabet[codePoint % 27]`, as upstream's SafeEncodeString; used on
 * decimal hash values, so `'0'..'9'` become `4 5 6 7 8 9 b c d f`. Pure.
 */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SafeAlphabet[ch.codePointAt(0)! % SafeAlphabet.length];
  return out;
}

function requireInt32(n: number, what: string): void {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) {
    throw new RangeError(`${what} must be a 32-bit integer, got ${n}`);
  }
}

/**
 * The pod-template-hash of a template: FNV-1a 32 over its canonical JSON, then (when
 * `collisionCount` is given) the count as 8 little-endian bytes (uint32 + 4 zero bytes, as
 * upstream writes it), printed in decimal and safe-encoded. Equal JSON values always hash alike;
 * the values differ from upstream's, which hashes Go's struct dump. Throws RangeError for a count
 * that is not an int32, TypeError for a template JSON cannot write.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv1a32(Buffer.from(canonicalJSON(template), 'utf8'));
  if (collisionCount !== undefined) {
    requireInt32(collisionCount, 'collisionCount');
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv1a32(bytes, h);
  }
  return safeEncodeString(String(h));
}

/**
 * The name suffix of a ControllerRevision: FNV-1 32 over the canonical JSON of its data, then the
 * decimal `probe` when given (as upstream's HashControllerRevision), safe-encoded. Throws like
 * {@link computeHash}.
 */
export function hashControllerRevision(data: unknown, probe?: number): string {
  let h = fnv132(Buffer.from(canonicalJSON(data), 'utf8'));
  if (probe !== undefined) {
    requireInt32(probe, 'probe');
    h = fnv132(Buffer.from(String(probe), 'utf8'), h);
  }
  return safeEncodeString(String(h));
}
