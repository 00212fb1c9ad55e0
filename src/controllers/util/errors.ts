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
