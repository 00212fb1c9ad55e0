/**
 * Patches: RFC 6902 JSON Patch, RFC 7386 JSON Merge Patch (apply, two-way and
 * three-way creation) and Kubernetes strategic merge patch (apply, two-way and
 * three-way creation, conflict detection), with upstream's semantics and error
 * texts, plus the PATCH-request dispatcher the API server uses.
 */
export type { ApplyPatchOptions, ApplyPatchResult, FieldValidation } from './apply-patch.js';
export {
  APPLY_YAML_PATCH_TYPE,
  applyPatch,
  BUILTIN_PATCH_TYPES,
  CUSTOM_RESOURCE_PATCH_TYPES,
  JSON_PATCH_TYPE,
  MERGE_PATCH_TYPE,
  STRATEGIC_MERGE_PATCH_TYPE,
} from './apply-patch.js';
export type { PatchErrorReason } from './errors.js';
export {
  APISERVER_PANIC_MESSAGE,
  PatchConflictError,
  PatchError,
  PreconditionFailedError,
} from './errors.js';
export type { JsonPatchOperation, JsonPatchOptions } from './json-patch.js';
export {
  applyJsonPatch,
  DEFAULT_JSON_PATCH_MAX_COPY_BYTES,
  decodeJsonPatch,
  MAX_JSON_PATCH_OPERATIONS,
} from './json-patch.js';
export type { PatchPrecondition } from './merge-patch.js';
export {
  applyMergePatch,
  createMergePatch,
  createThreeWayJSONMergePatch,
  mergePatchesHaveConflicts,
} from './merge-patch.js';
export { requireKeyUnchanged, requireMetadataKeyUnchanged } from './preconditions.js';
export type { FieldPatchMeta, ListType, PatchFieldLookup, PatchSchema } from './schema.js';
export { EMPTY_FIELD_META, lookupSlice, lookupStruct, patchSchemaFromOpenAPI } from './schema.js';
export {
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  mergingMapsHaveConflicts,
} from './strategic-diff.js';
export { strategicMergePatch } from './strategic-merge.js';
export type { JsonObject, JsonValue } from './values.js';
