import { type FieldError, path } from '../../../apimachinery/field/index.js';
import {
  type NameFn,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { isObj, Reader } from './shape.js';

/** How one kind is validated beyond its metadata. Every hook appends to `r.errs`. */
export interface KindRules {
  readonly namespaced: boolean;
  readonly nameFn: NameFn;
  /** Create rules for everything but metadata (also run on update unless `updateReplacesCreate`). */
  readonly create?: (obj: JsonObject, r: Reader) => void;
  /** Rules that run on create only, after `create`. */
  readonly createOnly?: (obj: JsonObject, r: Reader) => void;
  /** Extra rules on update (immutability and the like), run after the create rules. */
  readonly update?: (obj: JsonObject, old: JsonObject, r: Reader) => void;
  /** When set, update runs only `update` (not `create`) after the metadata checks. */
  readonly updateReplacesCreate?: boolean;
  /** Rules of an update through the status subresource, after the metadata checks. */
  readonly status?: (obj: JsonObject, old: JsonObject, r: Reader) => void;
  readonly warnings?: (obj: JsonObject, old?: JsonObject) => string[];
}

function asObj(v: unknown): JsonObject {
  return isObj(v) ? v : {};
}

/**
 * Builds a {@link KindValidation} from a kind's rules: metadata is checked as upstream's
 * ValidateObjectMeta(Update) with the kind's scope and name rule, then the kind's own rules.
 * The returned functions are pure and never throw.
 */
export function defineKind(rules: KindRules): KindValidation {
  const kv: KindValidation = {
    validate(obj) {
      const errs: FieldError[] = validateObjectMeta(
        obj['metadata'],
        { namespaced: rules.namespaced, nameFn: rules.nameFn },
        path('metadata'),
      );
      const r = new Reader(errs);
      rules.create?.(obj, r);
      rules.createOnly?.(obj, r);
      return errs;
    },
    validateUpdate(obj, old) {
      const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata'], path('metadata'));
      const r = new Reader(errs);
      if (rules.updateReplacesCreate !== true) rules.create?.(obj, r);
      rules.update?.(obj, asObj(old), r);
      return errs;
    },
  };
  const status = rules.status;
  const withStatus: KindValidation =
    status === undefined
      ? kv
      : {
          ...kv,
          validateStatusUpdate(obj, old) {
            const errs = validateObjectMetaUpdate(obj['metadata'], old['metadata'], path('metadata'));
            status(obj, asObj(old), new Reader(errs));
            return errs;
          },
        };
  const warnings = rules.warnings;
  return warnings === undefined ? withStatus : { ...withStatus, warnings };
}
