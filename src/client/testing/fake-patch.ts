// Patches for the in-memory client, run by the same engines the API server uses.
import { DEFINITIONS, resourceFor } from '../../api/index.js';
import { StatusError } from '../../apimachinery/errors/index.js';
import {
  applyPatch,
  JSON_PATCH_TYPE,
  type JsonObject,
  MERGE_PATCH_TYPE,
  type PatchSchema,
  patchSchemaFromOpenAPI,
  STRATEGIC_MERGE_PATCH_TYPE,
} from '../../apimachinery/patch/index.js';
import type { PatchType, Resource } from '../types.js';

const schemas = new Map<string, PatchSchema | undefined>();

function schemaFor(r: Resource): PatchSchema | undefined {
  const def = resourceFor(r)?.definition;
  if (def === undefined || !Object.hasOwn(DEFINITIONS, def)) return undefined;
  if (!schemas.has(def))
    schemas.set(def, patchSchemaFromOpenAPI(DEFINITIONS as Record<string, unknown>, def));
  return schemas.get(def);
}

/**
 * Applies a patch of `type` to `current` and returns the new object (inputs untouched). JSON,
 * merge and strategic merge patches behave as on the API server (strategic merge uses the
 * resource's OpenAPI patch metadata; unknown resources merge as JSON merge patches). `apply` is
 * simplified to a merge patch: no field ownership, no conflicts, no removal of fields dropped
 * from the applied configuration. Throws the StatusError the API server answers for a bad patch.
 */
export function patchObject(r: Resource, current: object, type: PatchType, body: unknown): JsonObject {
  const contentType =
    type === 'json' ? JSON_PATCH_TYPE : type === 'strategic' ? STRATEGIC_MERGE_PATCH_TYPE : MERGE_PATCH_TYPE;
  const schema = type === 'strategic' ? schemaFor(r) : undefined;
  const out = applyPatch(contentType, current as JsonObject, JSON.stringify(body ?? null), schema);
  if (out.ok) return out.object;
  const { code, reason, message } = out.error;
  throw new StatusError({ status: 'Failure', code, reason: reason === 'Unknown' ? '' : reason, message });
}
