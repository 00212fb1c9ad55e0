import { type FieldError, type FieldPath, invalid } from '../../../apimachinery/field/index.js';
import {
  isIPv4,
  isValidIPForLegacyField,
  parseAddrStrict,
  parseCIDRSloppy,
  parsePrefixStrict,
  parseIPSloppy as parseSloppy,
} from '../../../apimachinery/validation/index.js';

// The pod fields' view of upstream's IP rules, over the shared parsers in apimachinery: legacy
// fields accept whatever Go's sloppy parser accepts; the strict variants add the rules newer
// fields apply (no leading zeros, no IPv4-mapped IPv6, no bits past the prefix).

/** What a parse found: the address family and its 16-byte form (IPv4 as IPv4-mapped IPv6). */
export interface ParsedIP {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
}

/** Parses an IP address as upstream's sloppy parser does; undefined when it is not one. Pure. */
export function parseIPSloppy(s: string): ParsedIP | undefined {
  const a = parseSloppy(s);
  return a === null ? undefined : { family: a.v4 ? 4 : 6, bytes: a.bytes };
}

const ipMsg = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/**
 * Upstream's check for IP fields that predate strict validation: anything the sloppy parser
 * accepts, leading zeros included. `Invalid value: "x": must be a valid IP address, ...`. Pure.
 */
export function isValidIPLegacy(fldPath: FieldPath, value: string): FieldError[] {
  return isValidIPForLegacyField(fldPath, value);
}

/** Upstream's strict IP check: also no leading zeros and no IPv4-mapped IPv6 address. Pure. */
export function isValidIP(fldPath: FieldPath, value: string): FieldError[] {
  if (parseSloppy(value) === null) return [invalid(fldPath, value, ipMsg)];
  const strict = parseAddrStrict(value);
  if (strict === null) return [invalid(fldPath, value, 'must not have leading 0s')];
  if (!strict.v4 && isIPv4(strict))
    return [invalid(fldPath, value, 'must not be an IPv4-mapped IPv6 address')];
  return [];
}

const cidrMsg = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/**
 * Upstream's CIDR check. Sloppy parsing (leading zeros allowed) unless `strict`, which also
 * rejects leading zeros in the address or prefix length, IPv4-mapped addresses and bits set past
 * the prefix length. Pure.
 */
export function isValidCIDR(fldPath: FieldPath, value: string, strict = true): FieldError[] {
  const c = parseCIDRSloppy(value);
  if (c === null) return [invalid(fldPath, value, cidrMsg)];
  if (!strict) return [];
  const p = parsePrefixStrict(value);
  if (p === null) return [invalid(fldPath, value, 'must not have leading 0s in IP or prefix length')];
  if (!p.ip.v4 && isIPv4(p.ip)) return [invalid(fldPath, value, 'must not have an IPv4-mapped IPv6 address')];
  const addr = p.bits === 32 ? p.ip.bytes.subarray(12) : p.ip.bytes;
  for (let bit = p.prefix; bit < p.bits; bit++) {
    if (((addr[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) {
      return [invalid(fldPath, value, 'must not have bits set beyond the prefix length')];
    }
  }
  return [];
}
