/**
 * Helpers that reproduce how upstream renders values inside error messages and how it reads
 * integers, so that kite's messages and Gt/Lt comparisons match byte for byte.
 */

/**
 * A value already rendered as upstream's JSON encoder would render it. Field errors print a bare
 * string Go-quoted; upstream's named string types (a selector operator) print as JSON instead,
 * which this wrapper keeps.
 */
export class GoJson {
  constructor(private readonly text: string) {}

  toString(): string {
    return this.text;
  }

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/**
 * Reads a base-10 64-bit signed integer as Go's `strconv.ParseInt(s, 10, 64)` does: an
 * optional sign, then one or more ASCII digits, nothing else; out of range is a failure.
 * Returns undefined when the text is not such an integer. Never throws.
 */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n < int64Min || n > int64Max) return undefined;
  return n;
}
