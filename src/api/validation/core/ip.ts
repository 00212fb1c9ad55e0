import { type FieldError, type FieldPath, invalid } from '../../../apimachinery/field/index.js';
import {
  parseAddrStrict,
  parseCIDRSloppy as sharedParseCIDR,
  parseIPSloppy as sharedParseIP,
} from '../../../apimachinery/validation/index.js';

// The core fields' view of upstream's IP rules, over the shared parsers in apimachinery.

/** A parsed address: 16 bytes (IPv4 as IPv4-mapped IPv6), how it was written, and `lax` when
 * only the sloppy parser accepts it (leading zeros and the like). */
export interface ParsedIP {
  readonly bytes: Uint8Array;
  readonly dotted: boolean;
  readonly lax: boolean;
}

const v4Prefix = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parses an address as upstream's sloppy parser does; undefined when it is not an address. Pure. */
export function parseIPSloppy(s: string): ParsedIP | undefined {
  const a = sharedParseIP(s);
  return a === null ? undefined : { bytes: a.bytes, dotted: a.v4, lax: parseAddrStrict(s) === null };
}

/** The IPv4 bytes of an address (dotted, or IPv4-mapped IPv6), as Go's `To4`; undefined for IPv6. */
export function to4(ip: ParsedIP): Uint8Array | undefined {
  for (let i = 0; i < 12; i++) if (ip.bytes[i] !== v4Prefix[i]) return undefined;
  return ip.bytes.subarray(12);
}

/** Whether a string is an IPv6 address as upstream's `IsIPv6String` decides (IPv4-mapped counts as IPv4). */
export function isIPv6String(s: string): boolean {
  const ip = parseIPSloppy(s);
  return ip !== undefined && to4(ip) === undefined;
}

function isMapped(ip: ParsedIP): boolean {
  return !ip.dotted && to4(ip) !== undefined;
}

const ipMessage = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const cidrMessage = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/**
 * Checks an IP address field. `strict` adds Go's strict rules (no leading zeros, no IPv4-mapped
 * IPv6), which upstream applies to new fields and, behind a feature gate that is off by default,
 * to legacy ones. A value found in `validOld` (the stored object's values) is always accepted.
 * Errors at `fldPath` with upstream's messages. Pure.
 */
export function validateIP(
  fldPath: FieldPath,
  value: string,
  strict = false,
  validOld: readonly string[] = [],
): FieldError[] {
  if (validOld.includes(value)) return [];
  const ip = parseIPSloppy(value);
  if (ip === undefined) return [invalid(fldPath, value, ipMessage)];
  const errs: FieldError[] = [];
  if (strict) {
    if (ip.lax) errs.push(invalid(fldPath, value, 'must not have leading 0s'));
    if (isMapped(ip)) errs.push(invalid(fldPath, value, 'must not be an IPv4-mapped IPv6 address'));
  }
  return errs;
}

/** A parsed CIDR: the address as written, the prefix length and the address width in bits. */
export interface ParsedCIDR {
  readonly ip: ParsedIP;
  readonly bits: number;
  readonly width: 32 | 128;
  readonly laxPrefix: boolean;
}

/** Parses `addr/len` as upstream's sloppy CIDR parser does; undefined when it is not a CIDR. Pure. */
export function parseCIDRSloppy(s: string): ParsedCIDR | undefined {
  const c = sharedParseCIDR(s);
  if (c === null) return undefined;
  const slash = s.indexOf('/');
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  return {
    ip: { bytes: c.ip.bytes, dotted: c.ip.v4, lax: parseAddrStrict(addr) === null },
    bits: c.prefix,
    width: c.bits,
    laxPrefix: mask.length > 1 && mask.startsWith('0'),
  };
}

function hostBitsSet(c: ParsedCIDR): boolean {
  const bytes = c.width === 32 ? c.ip.bytes.subarray(12) : c.ip.bytes;
  for (let bit = c.bits; bit < c.width; bit++) {
    if ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1) return true;
  }
  return false;
}

/**
 * Checks a CIDR field (`10.0.0.0/8`). `strict` adds Go's strict rules: no leading zeros in the
 * address or prefix length, no IPv4-mapped address, no bits set past the prefix. A value found in
 * `validOld` is always accepted. Pure.
 */
export function validateCIDR(
  fldPath: FieldPath,
  value: string,
  strict = false,
  validOld: readonly string[] = [],
): FieldError[] {
  if (validOld.includes(value)) return [];
  const c = parseCIDRSloppy(value);
  if (c === undefined) return [invalid(fldPath, value, cidrMessage)];
  if (!strict) return [];
  if (c.ip.lax || c.laxPrefix)
    return [invalid(fldPath, value, 'must not have leading 0s in IP or prefix length')];
  if (isMapped(c.ip)) return [invalid(fldPath, value, 'must not have an IPv4-mapped IPv6 address')];
  if (hostBitsSet(c)) return [invalid(fldPath, value, 'must not have bits set beyond the prefix length')];
  return [];
}

/** Whether a CIDR string is IPv6 as upstream's `IsIPv6CIDRString` decides. */
export function isIPv6CIDRString(s: string): boolean {
  const c = parseCIDRSloppy(s);
  return c !== undefined && to4(c.ip) === undefined;
}

/**
 * Rejects addresses that make no sense as endpoints or external IPs: unspecified, loopback,
 * link-local unicast and link-local multicast, with upstream's messages. Pure.
 */
export function validateNonSpecialIP(value: string, fldPath: FieldPath): FieldError[] {
  const ip = parseIPSloppy(value);
  if (ip === undefined) return [invalid(fldPath, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v4 = to4(ip);
  const b = ip.bytes;
  const unspecified = v4 ? v4.every((x) => x === 0) : b.every((x) => x === 0);
  const loopback = v4 ? v4[0] === 127 : b.subarray(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
  const llMulticast = v4
    ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
    : b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(fldPath, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(fldPath, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal) {
    errs.push(invalid(fldPath, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  if (llMulticast) {
    errs.push(
      invalid(fldPath, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'),
    );
  }
  return errs;
}
