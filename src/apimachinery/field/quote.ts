/**
 * Quotes a string the way Go's `strconv.Quote` (and `%q`) does, because upstream builds many
 * user-visible messages with it: printable characters stay as they are, `"` and `\` are escaped,
 * control characters use `\a \b \f \n \r \t \v`, other non-printables `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
 * Lone surrogates cannot come out of valid UTF-8: Go's decoders would have made them U+FFFD,
 * which prints as itself.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += quoteRune(cp);
  }
  return `${out}"`;
}

const simpleEscapes: ReadonlyMap<number, string> = new Map([
  [0x07, '\\a'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
  [0x0b, '\\v'],
  [0x22, '\\"'],
  [0x5c, '\\\\'],
]);

function quoteRune(cp: number): string {
  const simple = simpleEscapes.get(cp);
  if (simple !== undefined) return simple;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  if (isPrintable(cp)) return String.fromCodePoint(cp);
  if (cp < 0x80) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function isPrintable(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp < 0x7f) return true;
  return printable.test(String.fromCodePoint(cp));
}
