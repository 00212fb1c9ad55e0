// Error texts of the Go types that decode themselves (resource.Quantity, metav1.Time,
// []byte as base64). Each check returns the error message Go would return, or undefined.

const QUANTITY_FORMAT =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX = "unable to parse quantity's suffix";
const QUANTITY_NUMERIC = 'unable to parse numeric part of quantity';
const BINARY_SUFFIXES = new Set(['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);
const DECIMAL_SUFFIXES = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E']);

/**
 * Checks the text a resource.Quantity would parse (JSON string contents, or the raw text of
 * any other JSON value). Returns upstream's error message, or undefined when it parses.
 */
export function quantityError(input: string): string | undefined {
  const s = input.trim();
  if (s === '') return QUANTITY_FORMAT;
  // A sign followed only by zeros (or nothing) is zero upstream.
  if (/^[+-]?0*$/.test(s)) return undefined;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*)([-+]?[0-9]*)$/.exec(s);
  if (m === null) return QUANTITY_FORMAT;
  const [, , whole = '', frac, letters = '', exp = ''] = m;
  const suffix = letters + exp;
  const decimalExponent = /^[eE][-+]?[0-9]+$/.test(suffix);
  if (!BINARY_SUFFIXES.has(suffix) && !DECIMAL_SUFFIXES.has(suffix) && !decimalExponent)
    return QUANTITY_SUFFIX;
  // Without any digit the number is zero on upstream's fast path; only the exact
  // (arbitrary-precision) path, taken for Pi/Ei and exponents below -9, rejects it.
  const noDigits = whole === '' && (frac === undefined || frac === '');
  const slowPath = suffix === 'Pi' || suffix === 'Ei' || (decimalExponent && Number(suffix.slice(1)) < -9);
  if (noDigits && slowPath) return QUANTITY_NUMERIC;
  return undefined;
}

type Element =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: StdKind; readonly text: string };
type StdKind = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction6' | 'zone';

const lit = (text: string): Element => ({ kind: 'literal', text });
const RFC3339: readonly Element[] = [
  { kind: 'year', text: '2006' },
  lit('-'),
  { kind: 'month', text: '01' },
  lit('-'),
  { kind: 'day', text: '02' },
  lit('T'),
  { kind: 'hour', text: '15' },
  lit(':'),
  { kind: 'minute', text: '04' },
  lit(':'),
  { kind: 'second', text: '05' },
  { kind: 'zone', text: 'Z07:00' },
];
const RFC3339_MICRO: readonly Element[] = [
  ...RFC3339.slice(0, 11),
  { kind: 'fraction6', text: '.000000' },
  RFC3339[11]!,
];

const isDigit = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
/** Go's time-package quoting: `"` and `\` escaped, control and non-ASCII bytes as `\xhh`. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code >= 0x80) {
      for (const byte of Buffer.from(ch, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

/** Go's getnum: one or two digits; exactly two when fixed. */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses a metav1.Time (RFC 3339) or MicroTime (RFC 3339 with microseconds) string as Go's
 * time.Parse does, returning Go's error message or undefined when the text parses.
 */
export function timeError(value: string, micro: boolean): string | undefined {
  const layout = micro ? '2006-01-02T15:04:05.000000Z07:00' : '2006-01-02T15:04:05Z07:00';
  const cannot = (elem: string, rest: string) =>
    `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(rest)} as ${quote(elem)}`;
  const outOfRange = (what: string) => `parsing time ${quote(value)}: ${what} out of range`;
  let rest = value;
  let year = 0;
  let month = 0;
  let day = 0;
  for (const el of micro ? RFC3339_MICRO : RFC3339) {
    const hold = rest;
    if (el.kind === 'literal') {
      if (!rest.startsWith(el.text)) return cannot(el.text, rest);
      rest = rest.slice(el.text.length);
      continue;
    }
    let n: [number, string] | undefined;
    switch (el.kind) {
      case 'year':
        if (rest.length < 4 || !/^[0-9]{4}/.test(rest)) return cannot(el.text, hold);
        year = Number(rest.slice(0, 4));
        rest = rest.slice(4);
        continue;
      case 'month':
      case 'day':
      case 'minute':
      case 'second':
      case 'hour':
        n = getnum(rest, el.kind !== 'hour');
        if (n === undefined) return cannot(el.text, hold);
        rest = n[1];
        if (el.kind === 'month') {
          month = n[0];
          if (month < 1 || month > 12) return outOfRange('month');
        } else if (el.kind === 'day') day = n[0];
        else if (el.kind === 'hour' && n[0] >= 24) return outOfRange('hour');
        else if (el.kind === 'minute' && n[0] >= 60) return outOfRange('minute');
        else if (el.kind === 'second') {
          if (n[0] >= 60) return outOfRange('second');
          // A fraction after the seconds is accepted although the layout has none.
          if (!micro && (rest[0] === '.' || rest[0] === ',') && isDigit(rest, 1)) {
            let i = 2;
            while (isDigit(rest, i)) i++;
            rest = rest.slice(i);
          }
        }
        continue;
      case 'fraction6':
        if (rest.length < 7 || (rest[0] !== '.' && rest[0] !== ',') || !/^[0-9]{6}/.test(rest.slice(1)))
          return cannot(el.text, hold);
        rest = rest.slice(7);
        continue;
      case 'zone': {
        if (rest[0] === 'Z') {
          rest = rest.slice(1);
          continue;
        }
        if (rest.length < 6 || rest[3] !== ':') return cannot(el.text, hold);
        const hh = getnum(rest.slice(1, 3), true);
        const mm = getnum(rest.slice(4, 6), true);
        // Range errors are reported before a bad sign, as upstream does.
        if (hh !== undefined && hh[0] > 24) return outOfRange('time zone offset hour');
        if (hh !== undefined && mm !== undefined && mm[0] > 60) return outOfRange('time zone offset minute');
        if (hh === undefined || mm === undefined || (rest[0] !== '+' && rest[0] !== '-'))
          return cannot(el.text, hold);
        rest = rest.slice(6);
        continue;
      }
    }
  }
  if (rest !== '') return `parsing time ${quote(value)}: extra text: ${quote(rest)}`;
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  return undefined;
}

const B64 = /[A-Za-z0-9+/]/;

/**
 * Decodes-checks standard padded base64 the way Go's encoding/base64 does (CR and LF are
 * skipped). Returns `illegal base64 data at input byte N` (N counts UTF-8 bytes) or undefined.
 */
export function base64Error(text: string): string | undefined {
  const src = Buffer.from(text, 'utf8').toString('latin1');
  const corrupt = (at: number) => `illegal base64 data at input byte ${at}`;
  const skipNewlines = (i: number) => {
    while (i < src.length && (src[i] === '\n' || src[i] === '\r')) i++;
    return i;
  };
  let si = 0;
  for (;;) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return corrupt(si - j);
      }
      const c = src[si]!;
      si++;
      if (B64.test(c)) continue;
      if (c === '\n' || c === '\r') {
        j--;
        continue;
      }
      if (c !== '=') return corrupt(si - 1);
      if (j === 0 || j === 1) return corrupt(si - 1);
      if (j === 2) {
        si = skipNewlines(si);
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== '=') return corrupt(si - 1);
        si++;
      }
      si = skipNewlines(si);
      return si < src.length ? corrupt(si) : undefined;
    }
  }
}
