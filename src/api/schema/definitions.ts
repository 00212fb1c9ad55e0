import generated from '../generated/definitions.json' with { type: 'json' };
import goTypes from '../generated/go-types.json' with { type: 'json' };
import type { GroupVersionKind } from '../catalogue.js';

/** How a definition decodes when its Go type has its own JSON decoding. */
export type Decoder =
  | 'quantity'
  | 'time'
  | 'micro-time'
  | 'raw'
  | 'schema-or-bool'
  | 'schema-or-array'
  | 'schema-or-string-array';

/**
 * One node of the compact schema: the OpenAPI v2 `definitions` shape without descriptions,
 * so that code written for OpenAPI v2 (patch metadata lookup, kubectl) reads it directly.
 */
export interface SchemaNode {
  readonly type?: string;
  readonly format?: string;
  readonly $ref?: string;
  readonly items?: SchemaNode;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly 'x-kubernetes-group-version-kind'?: readonly GroupVersionKind[];
  readonly 'x-kubernetes-patch-strategy'?: string;
  readonly 'x-kubernetes-patch-merge-key'?: string;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: string;
  readonly 'x-kubernetes-unions'?: readonly unknown[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kite-decoder'?: Decoder;
}

interface GeneratedDefinitions {
  /** Keys the generator added to a definition (markers), removed again when publishing. */
  readonly added: Readonly<Record<string, readonly string[]>>;
  readonly definitions: Readonly<Record<string, SchemaNode>>;
}

// The generated file is trusted build output with the shape above.
const data = generated as unknown as GeneratedDefinitions;

/** All compact definitions keyed by OpenAPI definition name. The object is shared: do not mutate. */
export const DEFINITIONS: Readonly<Record<string, SchemaNode>> = data.definitions;

/** Marker keys the generator added per definition; publishing strips them. */
export const ADDED_KEYS: Readonly<Record<string, readonly string[]>> = data.added;

const REF_PREFIX = '#/definitions/';

/** The definition name a `$ref` points to (`#/definitions/x` → `x`). */
export function refName(ref: string): string {
  return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
}

const byGVK = new Map<string, string>();
for (const [name, def] of Object.entries(DEFINITIONS)) {
  for (const g of def['x-kubernetes-group-version-kind'] ?? [])
    byGVK.set(`${g.group}/${g.version}/${g.kind}`, name);
}

/** The definition name for a served kind (objects, lists, options), or undefined. */
export function definitionNameFor(gvk: GroupVersionKind): string | undefined {
  return byGVK.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
}

/** Follows one `$ref` if present; returns the node itself otherwise, undefined for a dangling ref. */
export function deref(node: SchemaNode): SchemaNode | undefined {
  return node.$ref === undefined ? node : DEFINITIONS[refName(node.$ref)];
}

/**
 * Go type descriptors of fields whose type the schema does not name, per definition and
 * property: the type as reflect prints it (`v1.RestartPolicy`), plus `=<underlying>` for
 * named slices and maps (`v1.ResourceList=map[v1.ResourceName]resource.Quantity`).
 */
export const GO_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = goTypes;

/**
 * An own property of a record, never one inherited from Object.prototype: user-supplied keys
 * such as `toString` or `constructor` must not look like declared fields.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The printed name of a Go type descriptor. */
export function goDescriptorName(descriptor: string): string {
  const eq = descriptor.indexOf('=');
  return eq < 0 ? descriptor : descriptor.slice(0, eq);
}

/** The element type of a slice or map descriptor (pointer removed), or undefined. */
export function goDescriptorElem(descriptor: string): string | undefined {
  const eq = descriptor.indexOf('=');
  const t = eq < 0 ? descriptor : descriptor.slice(eq + 1);
  if (t.startsWith('[]')) return t.slice(2).replace(/^\*/, '');
  if (!t.startsWith('map[')) return undefined;
  let depth = 0;
  for (let i = 3; i < t.length; i++) {
    if (t[i] === '[') depth++;
    else if (t[i] === ']' && --depth === 0) return t.slice(i + 1).replace(/^\*/, '');
  }
  return undefined;
}

/** Go's name for a definition's type qualified by package: `io.k8s.api.core.v1.Pod` → `v1.Pod`. */
export function goQualifiedName(definition: string): string {
  const parts = definition.split('.');
  return parts.slice(-2).join('.');
}

/** Go's unqualified struct name: `io.k8s.api.core.v1.PodSpec` → `PodSpec`. */
export function goStructName(definition: string): string {
  return definition.slice(definition.lastIndexOf('.') + 1);
}

/**
 * Go's type string for the field a schema node describes, as reflect prints it
 * (`[]v1.Container`, `map[string]string`, `int32`, `[]uint8`). Named scalar types
 * (such as `v1.RestartPolicy`) are not in the schema and print as their underlying type.
 */
export function goTypeOf(node: SchemaNode): string {
  if (node.$ref !== undefined) return goQualifiedName(refName(node.$ref));
  switch (node.type) {
    case 'array':
      return `[]${node.items ? goTypeOf(node.items) : 'interface {}'}`;
    case 'object':
      return typeof node.additionalProperties === 'object'
        ? `map[string]${goTypeOf(node.additionalProperties)}`
        : 'map[string]interface {}';
    case 'string':
      return node.format === 'byte' ? '[]uint8' : 'string';
    case 'integer':
      return node.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    default:
      return 'interface {}';
  }
}
