import type { GroupVersionKind } from '../catalogue.js';
import { DEFINITIONS, definitionNameFor, own, refName, type SchemaNode } from './definitions.js';
import { type JsonNode, toJsonNode } from './json-node.js';

/** One strict-decoding finding; `message` is upstream's text (`unknown field "spec.foo"`). */
export interface StrictFieldError {
  readonly type: 'unknown' | 'duplicate';
  /** Dotted path with `[i]` for list items and `.key` for map entries. */
  readonly path: string;
  readonly message: string;
}

/** Upstream stops collecting strict errors after this many. */
const MAX_ERRORS = 100;

class Collector {
  readonly errors: StrictFieldError[] = [];
  private readonly seen = new Set<string>();
  add(type: StrictFieldError['type'], stack: string, field: string): void {
    if (this.errors.length >= MAX_ERRORS) return;
    const path = stack === '' ? field : `${stack}.${field}`;
    const key = `${type}\u0000${path}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push({ type, path, message: `${type} field ${JSON.stringify(path)}` });
  }
}

const join = (stack: string, key: string) => (stack === '' ? key : `${stack}.${key}`);

function walk(n: JsonNode, schema: SchemaNode, stack: string, out: Collector): void {
  if (schema.$ref !== undefined) {
    const def = DEFINITIONS[refName(schema.$ref)];
    if (def === undefined) return;
    // Types that decode themselves are never checked inside, as upstream's decoder hands them raw bytes.
    if (def['x-kite-decoder'] === undefined && !def['x-kubernetes-int-or-string']) walk(n, def, stack, out);
    return;
  }
  if (n.kind === 'array') {
    if (schema.type !== 'array' || schema.items === undefined) return;
    for (const [i, item] of n.items.entries()) walk(item, schema.items, `${stack}[${i}]`, out);
    return;
  }
  if (n.kind !== 'object') return;
  if (schema.properties !== undefined) {
    const seen = new Set<string>();
    for (const [key, value] of n.members) {
      const prop = own(schema.properties, key);
      if (prop === undefined) {
        if (!schema['x-kubernetes-preserve-unknown-fields']) out.add('unknown', stack, key);
        continue;
      }
      if (seen.has(key)) out.add('duplicate', stack, key);
      seen.add(key);
      walk(value, prop, join(stack, key), out);
    }
    return;
  }
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    const seen = new Set<string>();
    for (const [key, value] of n.members) {
      if (seen.has(key)) out.add('duplicate', stack, key);
      seen.add(key);
      walk(value, schema.additionalProperties, join(stack, key), out);
    }
  }
}

function findRoot(gvk: GroupVersionKind, node: JsonNode): StrictFieldError[] {
  const name = definitionNameFor(gvk);
  const def = name === undefined ? undefined : DEFINITIONS[name];
  if (def === undefined) return [];
  const out = new Collector();
  walk(node, def, '', out);
  return out.errors;
}

/**
 * Fields of a parsed object that its kind's schema does not declare, in document order,
 * deduplicated and capped at 100 as upstream's strict decoder does (for
 * fieldValidation=Strict/Warn). Duplicate keys cannot survive JSON.parse: use
 * findStrictFieldErrors on scanJson output to see them. Unknown kinds give []. Pure; never throws.
 */
export function findUnknownFields(gvk: GroupVersionKind, obj: unknown): StrictFieldError[] {
  return findRoot(gvk, toJsonNode(obj));
}

/** Unknown and duplicate fields of a JsonNode from scanJson, in document order. Pure; never throws. */
export function findStrictFieldErrors(gvk: GroupVersionKind, node: JsonNode): StrictFieldError[] {
  return findRoot(gvk, node);
}
