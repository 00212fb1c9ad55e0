import { type FieldError, type FieldPath, invalid } from '../../../apimachinery/field/index.js';

// IP and CIDR checks as upstream's validation package makes them. Upstream parses "sloppily" (the
// parser Go had before 1.17): IPv4 octets may carry leading zeros, read as decimal. The strict
// variants add the rules newer API fields apply on top: no leading zeros, no IPv4-mapped IPv6.

/** What a parse found: the address family and whether a strict parser would also accept it. */
export interface ParsedIP {
  readonly family: 4 | 6;
  /** An IPv4 octet (or the embedded IPv4 of an IPv6 address) had a leading zero. */
  readonly leadingZeros: boolean;
  /** An IPv6 address of the form `::ffff:a.b.c.d` (or its hex spelling). */
  readonly ipv4Mapped: boolean;
  /** An IPv6 group with more than four hex digits (accepted sloppily, rejected strictly). */
  readonly longGroup: boolean;
  /** The 16-byte form (IPv4 as IPv4-mapped IPv6), for comparing addresses. */
  readonly bytes: readonly number[];
}

function parseIPv4(s: string): { bytes: number[]; leadingZeros: boolean } | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  let leadingZeros = false;
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p)) return undefined;
    // Go's dtoi stops at 0xFFFFFF; any value past 255 fails either way.
    const n = p.length > 8 ? Number.POSITIVE_INFINITY : Number.parseInt(p, 10);
    if (n > 255) return undefined;
    if (p.length > 1 && p.startsWith('0')) leadingZeros = true;
    bytes.push(n);
  }
  return { bytes, leadingZeros };
}

function parseIPv6(input: string): ParsedIP | undefined {
  let s = input;
  const bytes: number[] = [];
  let ellipsis = -1;
  let leadingZeros = false;
  let longGroup = false;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
  }
  while (s !== '' && bytes.length < 16) {
    const m = /^[0-9a-fA-F]+/.exec(s);
    if (m === null) return undefined;
    const run = m[0];
    if (s[run.length] === '.') {
      if (ellipsis < 0 && bytes.length !== 12) return undefined;
      if (bytes.length + 4 > 16) return undefined;
      const v4 = parseIPv4(s);
      if (v4 === undefined) return undefined;
      leadingZeros = v4.leadingZeros;
      bytes.push(...v4.bytes);
      s = '';
      break;
    }
    const n = run.length > 8 ? Number.POSITIVE_INFINITY : Number.parseInt(run, 16);
    if (n > 0xffff) return undefined;
    if (run.length > 4) longGroup = true;
    bytes.push(n >> 8, n & 0xff);
    s = s.slice(run.length);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = bytes.length;
      s = s.slice(1);
    }
  }
  if (s !== '') return undefined;
  if (bytes.length < 16) {
    if (ellipsis < 0) return undefined;
    const fill = new Array<number>(16 - bytes.length).fill(0);
    bytes.splice(ellipsis, 0, ...fill);
  } else if (ellipsis >= 0) {
    return undefined;
  }
  const ipv4Mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return { family: 6, leadingZeros, ipv4Mapped, longGroup, bytes };
}

/** Parses an IP address as upstream's sloppy parser does; undefined when it is not one. Pure. */
export function parseIPSloppy(s: string): ParsedIP | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '.') {
      const v4 = parseIPv4(s);
      if (v4 === undefined) return undefined;
      const bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4.bytes];
      return { family: 4, leadingZeros: v4.leadingZeros, ipv4Mapped: false, longGroup: false, bytes };
    }
    if (s[i] === ':') return parseIPv6(s);
  }
  return undefined;
}

const ipMsg = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/**
 * Upstream's check for IP fields that predate strict validation: anything the sloppy parser
 * accepts, leading zeros included. `Invalid value: "x": must be a valid IP address, ...`. Pure.
 */
export function isValidIPLegacy(fldPath: FieldPath, value: string): FieldError[] {
  return parseIPSloppy(value) === undefined ? [invalid(fldPath, value, ipMsg)] : [];
}

/** Upstream's strict IP check: also no leading zeros and no IPv4-mapped IPv6 address. Pure. */
export function isValidIP(fldPath: FieldPath, value: string): FieldError[] {
  const ip = parseIPSloppy(value);
  if (ip === undefined) return [invalid(fldPath, value, ipMsg)];
  const errs: FieldError[] = [];
  if (ip.leadingZeros || ip.longGroup) errs.push(invalid(fldPath, value, 'must not have leading 0s'));
  if (ip.ipv4Mapped) errs.push(invalid(fldPath, value, 'must not be an IPv4-mapped IPv6 address'));
  return errs;
}

const cidrMsg = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/**
 * Upstream's CIDR check. Sloppy parsing (leading zeros allowed) unless `strict`, which also
 * rejects leading zeros in the address or prefix length, IPv4-mapped addresses and bits set past
 * the prefix length. Pure.
 */
export function isValidCIDR(fldPath: FieldPath, value: string, strict = true): FieldError[] {
  const slash = value.indexOf('/');
  const ip = slash < 0 ? undefined : parseIPSloppy(value.slice(0, slash));
  const bitsText = slash < 0 ? '' : value.slice(slash + 1);
  const max = ip?.family === 4 ? 32 : 128;
  if (ip === undefined || !/^[0-9]{1,8}$/.test(bitsText) || Number(bitsText) > max) {
    return [invalid(fldPath, value, cidrMsg)];
  }
  if (!strict) return [];
  const bits = Number(bitsText);
  if (ip.leadingZeros || ip.longGroup || (bitsText.length > 1 && bitsText.startsWith('0'))) {
    return [invalid(fldPath, value, 'must not have leading 0s in IP or prefix length')];
  }
  if (ip.ipv4Mapped) return [invalid(fldPath, value, 'must not have an IPv4-mapped IPv6 address')];
  const addr = ip.family === 4 ? ip.bytes.slice(12) : ip.bytes;
  for (let bit = bits; bit < addr.length * 8; bit++) {
    if (((addr[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) {
      return [invalid(fldPath, value, 'must not have bits set beyond the prefix length')];
    }
  }
  return [];
}
