/**
 * Reading quantities from JSON, as upstream's UnmarshalJSON: strings and bare numbers are
 * accepted, surrounding whitespace is trimmed, and `null` is a zero quantity.
 */
import { formatWrong } from './errors.js';
import { Quantity } from './quantity.js';

/**
 * Unicode white space as Go's unicode.IsSpace defines it. It differs from JavaScript's `\s`:
 * U+FEFF is not space for Go.
 */
function isGoSpace(c: number): boolean {
  switch (c) {
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x20:
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200a;
  }
}

/** s without leading and trailing white space, as Go's strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/**
 * Parses the raw JSON text of a quantity field (`"100m"`, `1.5`, `null`) exactly as upstream
 * does: `null` is zero, one pair of surrounding quotes is removed without unescaping, and
 * white space is trimmed. Throws `QuantityError` for anything else.
 */
export function parseQuantityJSON(raw: string): Quantity {
  if (raw === 'null') return Quantity.zero();
  let text = raw;
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return Quantity.parse(goTrimSpace(text));
}

/**
 * Reads a quantity from an already-decoded JSON value: a string (trimmed, then parsed), a
 * finite number, or null (zero). Booleans, objects and arrays fail with upstream's format
 * error, as their raw text would. A number is read from its shortest JavaScript spelling,
 * so `1e3` in the source arrives as 1000 and prints "1k" where upstream, seeing the raw
 * text, prints "1e3"; likewise string escapes are already decoded, so `"\u0031"` is accepted
 * here while upstream (which does not unescape) rejects it. Use `parseQuantityJSON` when the
 * raw text is at hand.
 */
export function quantityFromJSON(value: unknown): Quantity {
  if (value === null) return Quantity.zero();
  if (typeof value === 'string') return Quantity.parse(goTrimSpace(value));
  if (typeof value === 'number' && Number.isFinite(value)) {
    // The source spelling is gone; print canonically rather than echo JavaScript's spelling.
    const q = Quantity.parse(String(value));
    return Quantity.fromDecimal(q.mantissa, q.scale, q.format);
  }
  throw formatWrong();
}
