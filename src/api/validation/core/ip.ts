import { type FieldError, type FieldPath, invalid } from '../../../apimachinery/field/index.js';

// IP and CIDR syntax as upstream checks it. Upstream parses with a copy of the pre-1.17 Go parser
// ("sloppy": IPv4 octets may carry leading zeros, read as decimal) and, where it wants strict
// syntax, re-parses with Go's netip package, which rejects leading zeros and IPv4-mapped IPv6.
// Both parsers are reproduced here so that exactly the same strings are accepted.

/** A parsed address: 16 bytes (IPv4 held as ::ffff:a.b.c.d) and the syntax it was written in. */
export interface ParsedIP {
  readonly bytes: Uint8Array;
  /** True when written in IPv4 dotted form (not inside IPv6 syntax). */
  readonly dotted: boolean;
  /** True when some part would be rejected by Go's strict parser (leading zeros, long hex groups). */
  readonly lax: boolean;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const hexVal = (c: string | undefined): number => (c === undefined ? -1 : Number.parseInt(c, 16));

// Go's dtoi/xtoi stop once the value reaches 0xFFFFFF.
const big = 0xffffff;

function parseV4(s: string): { bytes: number[]; lax: boolean } | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  let lax = false;
  for (const p of parts) {
    if (p.length === 0 || ![...p].every(isDigit)) return undefined;
    let n = 0;
    for (const c of p) {
      n = n * 10 + (c.charCodeAt(0) - 48);
      if (n >= big) return undefined;
    }
    if (n > 255) return undefined;
    if (p.length > 1 && p.startsWith('0')) lax = true;
    bytes.push(n);
  }
  return { bytes, lax };
}

function parseV6(input: string): { bytes: number[]; lax: boolean } | undefined {
  const ip = new Array<number>(16).fill(0);
  let s = input;
  let ellipsis = -1;
  let lax = false;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { bytes: ip, lax };
  }
  let i = 0;
  while (i < 16) {
    let n = 0;
    let c = 0;
    while (c < s.length && hexVal(s[c]) >= 0 && /[0-9a-fA-F]/.test(s[c]!)) {
      n = n * 16 + hexVal(s[c]);
      c++;
      if (n >= big) return undefined;
    }
    if (c === 0 || n > 0xffff) return undefined;
    if (c > 4) lax = true;
    if (c < s.length && s[c] === '.') {
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      const v4 = parseV4(s);
      if (v4 === undefined) return undefined;
      if (v4.lax) lax = true;
      for (let k = 0; k < 4; k++) ip[i + k] = v4.bytes[k]!;
      s = '';
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return { bytes: ip, lax };
}

const v4Prefix = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parses an address as upstream's sloppy parser does; undefined when it is not an address. Pure. */
export function parseIPSloppy(s: string): ParsedIP | undefined {
  for (const c of s) {
    if (c === '.') {
      const v4 = parseV4(s);
      return v4 && { bytes: Uint8Array.from([...v4Prefix, ...v4.bytes]), dotted: true, lax: v4.lax };
    }
    if (c === ':') {
      const v6 = parseV6(s);
      return v6 && { bytes: Uint8Array.from(v6.bytes), dotted: false, lax: v6.lax };
    }
  }
  return undefined;
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
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let ip: ParsedIP | undefined;
  let width: 32 | 128 = 32;
  const v4 = parseV4(addr);
  if (v4 !== undefined) {
    ip = { bytes: Uint8Array.from([...v4Prefix, ...v4.bytes]), dotted: true, lax: v4.lax };
  } else {
    width = 128;
    const v6 = parseV6(addr);
    if (v6 !== undefined) ip = { bytes: Uint8Array.from(v6.bytes), dotted: false, lax: v6.lax };
  }
  if (ip === undefined || mask.length === 0 || ![...mask].every(isDigit)) return undefined;
  let n = 0;
  for (const c of mask) {
    n = n * 10 + (c.charCodeAt(0) - 48);
    if (n >= big) return undefined;
  }
  if (n > width) return undefined;
  return { ip, bits: n, width, laxPrefix: mask.length > 1 && mask.startsWith('0') };
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
