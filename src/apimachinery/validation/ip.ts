import { type FieldError, type FieldPath, goQuote, invalid } from '../field/index.js';

// Two IP grammars matter. Go's older `net.ParseIP` (kept as netutils.ParseIPSloppy) accepts
// leading zeros in IPv4 octets and IPv4-mapped IPv6; `netip.ParseAddr` rejects leading zeros and
// allows an IPv6 zone. Upstream's messages depend on which of the two accepts a value, so both
// are implemented here exactly. Addresses are kept as 16 bytes, IPv4 in its mapped form.

/** A parsed address: 16 bytes, with `v4` set when it was written as dotted IPv4. */
export interface IPAddr {
  readonly bytes: Uint8Array;
  readonly v4: boolean;
  readonly zone: string;
}

const v4InV6Prefix = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseV4(s: string, strict: boolean): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p)) return null;
    if (strict && (p.length > 3 || (p.length > 1 && p.startsWith('0')))) return null;
    // The sloppy parser gives up once a field reaches 0xFFFFFF, long before overflow.
    const n = p.length > 8 ? Number.POSITIVE_INFINITY : Number.parseInt(p, 10);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseV6(s: string, strict: boolean): Uint8Array | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  let rest = s;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return ip;
  }
  let i = 0;
  while (i < 16) {
    const m = /^[0-9a-fA-F]+/.exec(rest);
    if (m === null) return null;
    const digits = m[0];
    if (rest[digits.length] === '.') {
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const v4 = parseV4(rest, strict);
      if (v4 === null) return null;
      ip.set(v4, i);
      i += 4;
      rest = '';
      break;
    }
    if (strict ? digits.length > 4 : digits.length > 5) return null;
    const n = Number.parseInt(digits, 16);
    if (n > 0xffff) return null;
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    rest = rest.slice(digits.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return null;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null;
  }
  return ip;
}

function parse(s: string, strict: boolean): IPAddr | null {
  for (const ch of s) {
    if (ch === '.') {
      const v4 = parseV4(s, strict);
      return v4 === null ? null : { bytes: Uint8Array.from([...v4InV6Prefix, ...v4]), v4: true, zone: '' };
    }
    if (ch === ':') {
      let body = s;
      let zone = '';
      const pct = s.indexOf('%');
      if (strict && pct >= 0) {
        zone = s.slice(pct + 1);
        body = s.slice(0, pct);
        if (zone === '') return null;
      }
      const b = parseV6(body, strict);
      return b === null ? null : { bytes: b, v4: false, zone };
    }
  }
  return null;
}

/** Go's sloppy `net.ParseIP`: leading zeros allowed, no zones. Null when it does not parse. */
export function parseIPSloppy(s: string): IPAddr | null {
  return parse(s, false);
}

/** Go's `netip.ParseAddr`: no leading zeros, IPv6 zones allowed. Null when it does not parse. */
export function parseAddrStrict(s: string): IPAddr | null {
  return parse(s, true);
}

/** Whether the address is IPv4, written either way (Go's `To4() != nil`). */
export function isIPv4(a: IPAddr): boolean {
  return v4InV6Prefix.every((b, i) => a.bytes[i] === b);
}

function formatV6(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16));
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16));
  return `${head.join(':')}::${tail.join(':')}`;
}

/** Go's `net.IP.String()`: IPv4 (mapped or not) dotted, IPv6 per RFC 5952. */
export function formatIP(a: IPAddr): string {
  if (isIPv4(a)) return Array.from(a.bytes.slice(12)).join('.');
  return formatV6(a.bytes);
}

/** Go's `netip.Addr.String()`: like {@link formatIP} but a mapped IPv4 stays `::ffff:a.b.c.d`. */
export function formatAddr(a: IPAddr): string {
  const zone = a.zone === '' ? '' : `%${a.zone}`;
  if (a.v4) return Array.from(a.bytes.slice(12)).join('.');
  if (isIPv4(a)) return `::ffff:${Array.from(a.bytes.slice(12)).join('.')}${zone}`;
  return formatV6(a.bytes) + zone;
}

/** A parsed CIDR: the address as written, its prefix length and the address family's bit count. */
export interface CIDR {
  readonly ip: IPAddr;
  readonly prefix: number;
  readonly bits: 32 | 128;
}

function maskBytes(b: Uint8Array, prefixIn16: number): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, prefixIn16 - i * 8));
    out[i] = b[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

/** The network address of a CIDR (the bits past the prefix cleared). */
export function cidrNetwork(c: CIDR): IPAddr {
  const p16 = c.bits === 32 ? c.prefix + 96 : c.prefix;
  return { bytes: maskBytes(c.ip.bytes, p16), v4: c.ip.v4, zone: '' };
}

function parseCIDRWith(s: string, strict: boolean): CIDR | null {
  const slash = strict ? s.lastIndexOf('/') : s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  const len = s.slice(slash + 1);
  if (!/^[0-9]+$/.test(len)) return null;
  if (strict && len.length > 1 && len.startsWith('0')) return null;
  let ip: IPAddr | null;
  if (strict) {
    ip = parseAddrStrict(addr);
    if (ip !== null && ip.zone !== '') return null;
  } else {
    const v4 = parseV4(addr, false);
    ip = v4 !== null ? { bytes: Uint8Array.from([...v4InV6Prefix, ...v4]), v4: true, zone: '' } : null;
    if (ip === null) {
      const v6 = parseV6(addr, false);
      ip = v6 === null ? null : { bytes: v6, v4: false, zone: '' };
    }
  }
  if (ip === null) return null;
  const bits = ip.v4 ? 32 : 128;
  const n = len.length > 8 ? Number.POSITIVE_INFINITY : Number.parseInt(len, 10);
  if (n > bits) return null;
  return { ip, prefix: n, bits };
}

/** Go's sloppy `net.ParseCIDR`. Null when it does not parse. */
export function parseCIDRSloppy(s: string): CIDR | null {
  return parseCIDRWith(s, false);
}

/** Go's `netip.ParsePrefix`. Null when it does not parse. */
export function parsePrefixStrict(s: string): CIDR | null {
  return parseCIDRWith(s, true);
}

/** Go's `IPNet.String()` of a sloppily parsed CIDR: network address and prefix length. */
export function formatCIDR(c: CIDR): string {
  return `${formatIP(cidrNetwork(c))}/${c.prefix}`;
}

/** Whether `inner` is a strict subset of `outer` (contains its network address, longer prefix). */
export function cidrStrictSubset(outer: CIDR, inner: CIDR): boolean {
  if (isIPv4(outer.ip) !== isIPv4(inner.ip)) return false;
  const o16 = outer.bits === 32 ? outer.prefix + 96 : outer.prefix;
  const i16 = inner.bits === 32 ? inner.prefix + 96 : inner.prefix;
  const a = maskBytes(cidrNetwork(inner).bytes, o16);
  const b = maskBytes(outer.ip.bytes, o16);
  return a.every((x, i) => x === b[i]) && o16 < i16;
}

const ipFormatMsg = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const cidrFormatMsg = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/**
 * An IP in a field that predates strict validation: anything Go's sloppy parser accepts
 * (leading zeros, IPv4-mapped IPv6, non-canonical IPv6). Pure.
 */
export function isValidIPForLegacyField(fldPath: FieldPath, value: string): FieldError[] {
  return parseIPSloppy(value) === null ? [invalid(fldPath, value, ipFormatMsg)] : [];
}

/** An IP in a field with strict rules: no leading zeros, not IPv4-mapped, canonical form. Pure. */
export function isValidIP(fldPath: FieldPath, value: string): FieldError[] {
  const ip = parseIPSloppy(value);
  if (ip === null) return [invalid(fldPath, value, ipFormatMsg)];
  const errs: FieldError[] = [];
  const strict = parseAddrStrict(value);
  if (strict === null) errs.push(invalid(fldPath, value, 'must not have leading 0s'));
  if (strict !== null && !strict.v4 && isIPv4(strict)) {
    errs.push(invalid(fldPath, value, 'must not be an IPv4-mapped IPv6 address'));
  }
  if (errs.length > 0) return errs;
  const canonical = formatIP(ip);
  if (canonical !== value) errs.push(invalid(fldPath, value, `must be in canonical form ("${canonical}")`));
  return errs;
}

/** A CIDR in a field that predates strict validation: anything Go's sloppy parser accepts. Pure. */
export function isValidCIDRForLegacyField(fldPath: FieldPath, value: string): FieldError[] {
  return parseCIDRSloppy(value) === null ? [invalid(fldPath, value, cidrFormatMsg)] : [];
}

/**
 * A CIDR with strict rules: no leading zeros, not IPv4-mapped, no bits past the prefix and in
 * canonical form. Pure.
 */
export function isValidCIDR(fldPath: FieldPath, value: string): FieldError[] {
  const c = parseCIDRSloppy(value);
  if (c === null) return [invalid(fldPath, value, cidrFormatMsg)];
  const p = parsePrefixStrict(value);
  let msg = '';
  if (p === null) msg = 'must not have leading 0s in IP or prefix length';
  else if (!p.ip.v4 && isIPv4(p.ip)) msg = 'must not have an IPv4-mapped IPv6 address';
  else if (formatAddr(cidrNetwork(p)) !== formatAddr(p.ip))
    msg = 'must not have bits set beyond the prefix length';
  if (msg !== '') return [invalid(fldPath, value, msg)];
  const canonical = formatCIDR(c);
  return canonical === value ? [] : [invalid(fldPath, value, `must be in canonical form ("${canonical}")`)];
}

function netipV4Error(s: string): string | undefined {
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c >= '0' && c <= '9') {
      if (digits === 1 && val === 0) return 'IPv4 field has octet with leading zero';
      val = val * 10 + (c.charCodeAt(0) - 48);
      digits++;
      if (val > 255) return 'IPv4 field has value >255';
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') {
        return `IPv4 field must have at least one digit (at ${goQuote(s.slice(i))})`;
      }
      if (pos === 3) return 'IPv4 address too long';
      pos++;
      val = 0;
      digits = 0;
    } else {
      return `unexpected character (at ${goQuote(s.slice(i))})`;
    }
  }
  return pos < 3 ? 'IPv4 address too short' : undefined;
}

/**
 * The text of Go's `netip.ParseAddr` error for a value it rejects, or undefined when it parses.
 * IPv4 and the shape errors are exact; an IPv6 failure gets the generic "unable to parse IP".
 */
export function netipParseError(s: string): string | undefined {
  if (parseAddrStrict(s) !== null) return undefined;
  const prefix = `ParseAddr(${goQuote(s)}): `;
  for (const c of s) {
    if (c === '.') return prefix + (netipV4Error(s) ?? 'unable to parse IP');
    if (c === ':') return `${prefix}unable to parse IP`;
    if (c === '%') return `${prefix}missing IPv6 address`;
  }
  return `${prefix}unable to parse IP`;
}

/**
 * Upstream's warnings for a CIDR in a field that accepts legacy forms: bits set past the prefix
 * (ambiguous), leading zeros or a mapped IPv4 (to become invalid), non-canonical IPv6. Each is
 * `<path>: <text>`; an unparsable value gives none (it is an error instead). Pure.
 */
export function cidrWarnings(fldPath: FieldPath, value: string): string[] {
  const c = parseCIDRSloppy(value);
  if (c === null) return [];
  const out: string[] = [];
  const network = formatCIDR(c);
  const at = fldPath.toString();
  if (formatIP(cidrNetwork(c)) !== formatIP(c.ip)) {
    const single = `${formatIP(c.ip)}/${c.bits}`;
    out.push(
      `${at}: CIDR value ${goQuote(value)} is ambiguous in this context (should be ${goQuote(network)} or ${goQuote(single)}?)`,
    );
  }
  const p = parsePrefixStrict(value);
  if (p === null || (!p.ip.v4 && isIPv4(p.ip))) {
    out.push(
      `${at}: non-standard CIDR value ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(network)}`,
    );
  }
  if (out.length === 0 && p !== null && !p.ip.v4) {
    const canonical = `${formatAddr(p.ip)}/${p.prefix}`;
    if (canonical !== value) {
      out.push(
        `${at}: IPv6 CIDR value ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(canonical)})`,
      );
    }
  }
  return out;
}
