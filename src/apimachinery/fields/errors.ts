/**
 * Why a field selector was rejected: `syntax` (a term without an operator), `escape` (a bad
 * backslash sequence), `unescaped` (a bare `,` or `=` inside a value) or `unsupported` (a
 * field the resource does not offer for selection).
 */
export type FieldSelectorErrorReason = 'syntax' | 'escape' | 'unescaped' | 'unsupported';

/**
 * A field selector that cannot be parsed or applied. `message` is upstream's error text,
 * which the API server returns as is in a 400 BadRequest.
 */
export class FieldSelectorError extends Error {
  override readonly name = 'FieldSelectorError';

  constructor(
    readonly reason: FieldSelectorErrorReason,
    message: string,
  ) {
    super(message);
  }
}
