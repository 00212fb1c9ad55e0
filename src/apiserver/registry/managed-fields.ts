import {
  type FieldSet,
  fieldManagerFor,
  type Subresource as FieldManagerSubresource,
  toFieldSet,
  TypeIndex,
} from '../fieldmanager/index.js';
import type { Json } from '../fieldmanager/index.js';
import type { Resource } from './resource.js';
import type { JsonObject } from './types.js';

/**
 * The field set of an object with no schema (every map entry a field, lists atomic), in the
 * FieldsV1 form. Pure. Writes use the typed sets of the field manager instead.
 */
export function fieldSet(value: JsonObject): JsonObject {
  const set: FieldSet = toFieldSet(value as Json, new TypeIndex({}).definition(''));
  return set.toFieldsV1() as JsonObject;
}

/** Which endpoint a write came through: subresources record `subresource: <name>`. */
export type Subresource = FieldManagerSubresource;

/**
 * Records a non-apply write (create, update, patch) of `obj` over `live` (undefined for a
 * create) by `manager` in `obj.metadata.managedFields`, as upstream's field manager does: the
 * manager's Update entry (per apiVersion and subresource) gains the fields it changed, which
 * leave every other manager's entry; emptied entries are dropped; the entry's time moves only
 * when it changed something. Call it on the decoded, defaulted object before admission and the
 * strategy, as upstream does. Mutates `obj`.
 */
export function recordUpdate(
  res: Resource,
  live: JsonObject | undefined,
  obj: JsonObject,
  manager: string,
  subresource: Subresource,
  now: Date,
): void {
  fieldManagerFor(res.info).update(
    live as { [k: string]: Json } | undefined,
    obj as { [k: string]: Json },
    manager,
    subresource,
    now,
  );
}
