/**
 * Dropping of fields a built-in kind does not declare, as decoding JSON into the Go type does
 * upstream before defaulting: whatever the request carried beyond the schema is neither stored
 * nor returned (the strict decoder reports it separately, as a warning or an error).
 */
import { DEFINITIONS, definitionNameFor, own, refName, type SchemaNode } from '../schema/index.js';
import { isObject, type JsonObject } from './json.js';

/** Nesting below which nothing is inspected (as the unknown-field walk stops too). */
const MAX_DEPTH = 1000;

function prune(value: unknown, schema: SchemaNode, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (schema.$ref !== undefined) {
    const def = DEFINITIONS[refName(schema.$ref)];
    // Types that decode themselves (quantities, times, raw extensions, JSON schema unions) and
    // int-or-strings are taken as they come, as upstream hands them their raw bytes.
    if (def === undefined || def['x-kite-decoder'] !== undefined || def['x-kubernetes-int-or-string']) return;
    prune(value, def, depth + 1);
    return;
  }
  if (Array.isArray(value)) {
    if (schema.type !== 'array' || schema.items === undefined) return;
    for (const item of value) prune(item, schema.items, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  if (schema.properties !== undefined) {
    if (schema['x-kubernetes-preserve-unknown-fields']) return;
    for (const key of Object.keys(value)) {
      const prop = own(schema.properties, key);
      if (prop === undefined) delete value[key];
      else prune(value[key], prop, depth + 1);
    }
    return;
  }
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    for (const key of Object.keys(value)) prune(value[key], schema.additionalProperties, depth + 1);
  }
}

/**
 * Removes, in place, every field of `obj` that the schema of `apiVersion`/`kind` does not
 * declare, at any depth (fields under `x-kubernetes-preserve-unknown-fields` and inside
 * self-decoding types are kept). Kinds the schema does not know (custom resources) are left
 * untouched. Idempotent; never throws.
 */
export function pruneUnknownFields(apiVersion: string, kind: string, obj: JsonObject): void {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const name = definitionNameFor({ group, version, kind });
  const def = name === undefined ? undefined : DEFINITIONS[name];
  if (def !== undefined) prune(obj, def, 0);
}
