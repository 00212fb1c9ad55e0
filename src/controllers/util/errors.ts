// Error helpers shared by controllers.
import { StatusError } from '../../apimachinery/errors/index.js';

/** Whether the API refused a create because the namespace is being deleted (cause NamespaceTerminating). */
export function isNamespaceTerminating(err: unknown): boolean {
  return (
    err instanceof StatusError &&
    (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
  );
}

/** The message of an error, for logs and wrapped errors. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Joins errors as upstream's error aggregate prints them: one error's message alone, several as
 * `[m1, m2]` (repeated messages once). Undefined for none.
 */
export function aggregateErrors(errors: readonly unknown[]): Error | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1 && errors[0] instanceof Error) return errors[0];
  const msgs = [...new Set(errors.map((e) => (e instanceof Error ? e.message : String(e))))];
  const text = msgs.length === 1 ? (msgs[0] ?? '') : `[${msgs.join(', ')}]`;
  return new AggregateError(errors, text);
}
