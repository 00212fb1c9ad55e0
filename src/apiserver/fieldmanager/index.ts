// Server-side apply and managedFields: field sets and their FieldsV1 form, the schema view of
// the API types, ownership tracking for every write, and the apply merge with conflicts.
//
// Follows k8s.io/apimachinery's managedfields and structured-merge-diff. Simplified:
// - one API version per resource: no conversion of sets recorded at other versions;
// - the object a create starts from (Go's zero value) is approximated from the schema: value
//   structs are taken to be `required` fields and metadata/spec/status/template/strategy/
//   updateStrategy/resources (this decides where a `.` entry appears);
// - reset fields per endpoint are generic (status through the main endpoint of a resource with
//   a status subresource; through the status endpoint, everything but status and the metadata a
//   status write may change), not each strategy's own list;
// - list map keys take only upstream's `protocol: TCP` default (the published OpenAPI v2 omits
//   key defaults); scalar values are not type-checked against the schema (validation does it);
// - custom resources without a definition are walked untyped (maps granular, lists atomic);
// - duplicate items in live lists: the first one wins when merging.
export {
  BEFORE_FIRST_APPLY,
  conflictError,
  FieldManager,
  type FieldManagerOptions,
  gvkString,
  LAST_APPLIED_ANNOTATION,
  type Subresource,
} from './field-manager.js';
export { builtinTypes, fieldManagerFor } from './for-resource.js';
export {
  decodeManaged,
  encodeManaged,
  type Managed,
  type ManagerInfo,
  managerIdentity,
  MAX_UPDATE_MANAGERS,
  printManager,
} from './managed.js';
export { type Json, type Path, type PathElement, pathString } from './path.js';
export { describe, type ListType, type TypeDescription, TypeIndex, type TypeNode, typeAt } from './schema.js';
export { FieldSet } from './set.js';
export { compare, merge, removeItems, SchemaError, toFieldSet } from './typed.js';
export { APPLY_PATCH_TYPE, decodeApplyBody, isApplyPatch } from './apply-body.js';
