/**
 * A reader for the CSV dialect of Go's `encoding/csv` with its default settings (comma `,`, no
 * comment character, strict quotes, leading space kept, variable field counts). Token files are
 * read with that reader upstream, so the accepted syntax and the error texts (with their line and
 * byte column numbers) must be the same here.
 */

/** A syntax error, worded as Go's `csv.ParseError`. */
export class CSVParseError extends Error {
  override readonly name = 'CSVParseError';
  constructor(
    readonly startLine: number,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(
      startLine !== line
        ? `record on line ${startLine}; parse error on line ${line}, column ${column}: ${reason}`
        : `parse error on line ${line}, column ${column}: ${reason}`,
    );
  }
}

/** Go's text for a quote inside an unquoted field. */
export const ErrBareQuote = 'bare " in non-quoted-field';
/** Go's text for a stray or unterminated quote in a quoted field. */
export const ErrQuote = 'extraneous or missing " in quoted-field';

const QUOTE = 0x22;
const COMMA = 0x2c;
const NL = 0x0a;
const CR = 0x0d;

/** Splits input into lines as Go's reader does: each keeps its `\n`; `\r\n` becomes `\n`. */
function splitLines(buf: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(NL, start);
    let line: Uint8Array;
    if (end < 0) {
      end = buf.length;
      line = buf.subarray(start, end);
      // A final line without a newline loses a trailing carriage return.
      if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
      start = end;
    } else {
      line = buf.subarray(start, end + 1);
      start = end + 1;
      const n = line.length;
      if (n >= 2 && line[n - 2] === CR) {
        const copy = new Uint8Array(n - 1);
        copy.set(line.subarray(0, n - 2));
        copy[n - 2] = NL;
        line = copy;
      }
    }
    lines.push(line);
  }
  return lines;
}

function lengthNL(b: Uint8Array): number {
  return b.length > 0 && b[b.length - 1] === NL ? 1 : 0;
}

const decoder = new TextDecoder();

/**
 * Parses `text` into records of fields. Blank lines are skipped. Pure; throws only CSVParseError.
 */
export function parseCSV(text: string): string[][] {
  const lines = splitLines(new TextEncoder().encode(text));
  const records: string[][] = [];
  let next = 0;
  let lineNo = 0;
  const readLine = (): Uint8Array | undefined => {
    const l = lines[next];
    if (l === undefined) return undefined;
    next++;
    lineNo++;
    return l;
  };
  for (;;) {
    let line = readLine();
    while (line !== undefined && line.length === lengthNL(line)) line = readLine();
    if (line === undefined) return records;
    const recLine = lineNo;
    const fields: string[] = [];
    let col = 1;
    let posLine = lineNo;
    parse: for (;;) {
      if (line.length === 0 || line[0] !== QUOTE) {
        const i = line.indexOf(COMMA);
        const field = i >= 0 ? line.subarray(0, i) : line.subarray(0, line.length - lengthNL(line));
        const j = field.indexOf(QUOTE);
        if (j >= 0) throw new CSVParseError(recLine, lineNo, col + j, ErrBareQuote);
        fields.push(decoder.decode(field));
        if (i >= 0) {
          line = line.subarray(i + 1);
          col += i + 1;
          continue;
        }
        break;
      }
      // Quoted field, possibly spanning lines.
      const parts: Uint8Array[] = [];
      line = line.subarray(1);
      col += 1;
      for (;;) {
        const i = line.indexOf(QUOTE);
        if (i >= 0) {
          parts.push(line.subarray(0, i));
          line = line.subarray(i + 1);
          col += i + 1;
          const rn = line[0];
          if (rn === QUOTE) {
            parts.push(Uint8Array.of(QUOTE));
            line = line.subarray(1);
            col += 1;
          } else if (rn === COMMA) {
            line = line.subarray(1);
            col += 1;
            fields.push(decoder.decode(concat(parts)));
            continue parse;
          } else if (lengthNL(line) === line.length) {
            fields.push(decoder.decode(concat(parts)));
            break parse;
          } else {
            throw new CSVParseError(recLine, lineNo, col - 1, ErrQuote);
          }
        } else if (line.length > 0) {
          parts.push(line);
          col += line.length;
          const more = readLine();
          if (more === undefined) {
            // End of input inside quotes.
            throw new CSVParseError(recLine, posLine, col, ErrQuote);
          }
          line = more;
          if (line.length > 0) {
            posLine++;
            col = 1;
          }
        } else {
          throw new CSVParseError(recLine, posLine, col, ErrQuote);
        }
      }
    }
    records.push(fields);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
