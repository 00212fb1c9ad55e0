/**
 * Errors raised while parsing or computing resource quantities. The message texts of the
 * parse errors are the ones Kubernetes clients see, so they are part of the wire interface.
 */

/** The pattern a quantity string is checked against; it appears verbatim in the format error. */
export const QUANTITY_SPLIT_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** Message for a string that is not shaped like `<number><suffix>`. */
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_SPLIT_PATTERN}'`;
/** Message for a number part that cannot be read as a decimal. */
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
/** Message for an unknown suffix or a malformed exponent. */
export const ERR_SUFFIX = "unable to parse quantity's suffix";

/**
 * Why a quantity operation failed: the three upstream parse failures, or `Range` when a
 * value is too large for kite to compute with exactly (a bound upstream does not have; see
 * `MAX_ALIGN_DIGITS`), or an argument that is not a safe integer.
 */
export type QuantityErrorReason = 'FormatWrong' | 'Numeric' | 'Suffix' | 'Range';

/** The one error class thrown by the quantity package. */
export class QuantityError extends Error {
  override readonly name = 'QuantityError';
  constructor(
    readonly reason: QuantityErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** A fresh error for a string that does not match `QUANTITY_SPLIT_PATTERN`. */
export function formatWrong(): QuantityError {
  return new QuantityError('FormatWrong', ERR_FORMAT_WRONG);
}

/** A fresh error for an unreadable number part. */
export function numericError(): QuantityError {
  return new QuantityError('Numeric', ERR_NUMERIC);
}

/** A fresh error for an unknown suffix. */
export function suffixError(): QuantityError {
  return new QuantityError('Suffix', ERR_SUFFIX);
}
