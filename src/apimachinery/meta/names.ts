import { randomInt, randomUUID } from 'node:crypto';
import { SafeAlphabet } from './hash.js';

/** The longest name a generated name may reach. */
export const MaxNameLength = 63;
/** How many random characters generateName appends. */
export const RandomLength = 5;
/** The longest base generateName keeps (63 - 5). */
export const MaxGeneratedNameLength = MaxNameLength - RandomLength;

/** A source of uniform random integers in [0, n). Injected in tests. */
export type RandomInt = (n: number) => number;

const cryptoRandom: RandomInt = (n) => randomInt(n);

/** A new RFC 4122 version 4 UID (lower-case, hyphenated). */
export function newUID(): string {
  return randomUUID();
}

/** `n` characters drawn from the safe alphabet, as upstream's rand.String. */
export function randomString(n: number, rand: RandomInt = cryptoRandom): string {
  let out = '';
  for (let i = 0; i < n; i++) out += SafeAlphabet[rand(SafeAlphabet.length)];
  return out;
}

// Cuts to at most `max` UTF-8 bytes without splitting a character (upstream cuts bytes; a split
// character would be invalid text, and such names fail validation either way).
function truncateBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > max) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/**
 * A name from `metadata.generateName`, as upstream's SimpleNameGenerator: the base cut to 58
 * bytes, then 5 random characters from `bcdfghjklmnpqrstvwxz2456789`. The result is not
 * validated; the caller validates it as the resource's name. Never throws.
 */
export function generateName(base: string, rand: RandomInt = cryptoRandom): string {
  return truncateBytes(base, MaxGeneratedNameLength) + randomString(RandomLength, rand);
}
