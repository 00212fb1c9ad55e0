/** `must be no more than N characters`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** `must be non-empty`. */
export function emptyError(): string {
  return 'must be non-empty';
}

/**
 * Upstream's regex failure message: `<msg> (e.g. 'a',  or 'b', regex used for validation is '<re>')`.
 * The doubled space before `or` is upstream's and clients match on it.
 */
export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) out += ' or ';
    out += `'${ex}', `;
  });
  return `${out}regex used for validation is '${re}')`;
}

/** `must be between LO and HI, inclusive`. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Prefixes every message, as upstream's prefixEach. */
export function prefixEach(msgs: readonly string[], prefix: string): string[] {
  return msgs.map((m) => prefix + m);
}
