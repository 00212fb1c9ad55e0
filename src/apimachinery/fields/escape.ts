import { FieldSelectorError } from './errors.js';

/**
 * Escapes a literal value for a field selector: `\` → `\\`, `,` → `\,`, `=` → `\=`.
 * Pure; unescapeValue(escapeValue(s)) === s for every s.
 */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * The literal value of an escaped field selector value. Throws FieldSelectorError with
 * upstream's messages: `invalid field selector: invalid escape sequence: \x` for a backslash
 * before anything but `\ , =` or at the very end, and `invalid field selector: unescaped
 * character in value: 44` (the character's code point, as upstream prints it) for a bare
 * `,` or `=`.
 */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new FieldSelectorError('escape', `invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw new FieldSelectorError(
        'unescaped',
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else {
      out += c;
    }
  }
  if (inSlash) throw new FieldSelectorError('escape', 'invalid field selector: invalid escape sequence: \\');
  return out;
}
