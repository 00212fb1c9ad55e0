import type { FieldError } from '../../apimachinery/field/index.js';

/** A JSON object as decoded from a request body. */
export type JsonObject = Record<string, unknown>;

/**
 * Upstream's validation of one kind, as its registry strategy calls it. Every function is pure,
 * never throws (odd shapes yield field errors, not crashes), and returns upstream's errors with
 * upstream's field paths and messages; an empty list means valid.
 */
export interface KindValidation {
  /** Validation on create (upstream's ValidateX), ObjectMeta included. */
  validate(obj: JsonObject): FieldError[];
  /** Validation on update of the main resource (upstream's ValidateXUpdate), create rules included. */
  validateUpdate(obj: JsonObject, old: JsonObject): FieldError[];
  /** Validation on update through the status subresource, where the kind has one. */
  validateStatusUpdate?(obj: JsonObject, old: JsonObject): FieldError[];
  /** Warnings upstream returns for an accepted object (deprecated fields and the like). */
  warnings?(obj: JsonObject, old?: JsonObject): string[];
}

/** Validations keyed by `apiVersion/Kind`, e.g. `v1/Pod`, `apps/v1/Deployment`. */
export type KindValidations = Readonly<Record<string, KindValidation>>;
