import type { FieldError } from '../field/index.js';

/**
 * A label selector that cannot be parsed or built. `message` is upstream's error text, which
 * the API server returns as is; `fieldErrors` holds the individual field errors when the
 * failure came from requirement validation (empty for syntax errors).
 */
export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';

  constructor(
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}
