/**
 * The type view server-side apply works with, read from the OpenAPI v2 definitions the way
 * upstream converts OpenAPI to structured-merge-diff schemas: structs (granular unless
 * `x-kubernetes-map-type: atomic`), maps (`additionalProperties`), lists (`x-kubernetes-list-type`
 * atomic/set/map; without one, a `merge` patch strategy makes a map list keyed by the patch merge
 * key, or a set when there is no key; otherwise atomic), and scalars. Types without a usable
 * shape (RawExtension, free-form objects) are `untyped`: maps of untyped values, atomic lists.
 */

/** List semantics: replaced whole, a set of scalars, or items keyed by `keys`. */
export type ListType = 'atomic' | 'set' | 'map';

/** A struct: named fields, each with its own type. */
export interface StructType {
  readonly kind: 'struct';
  /** Replaced as a whole by apply (`x-kubernetes-map-type: atomic`). */
  readonly atomic: boolean;
  /** The type of a declared field; undefined for an undeclared one. */
  field(name: string): TypeNode | undefined;
  /** Fields without omitempty (OpenAPI `required`): present, possibly null, in a zero object. */
  readonly required: readonly string[];
}

/** A type node. Nodes are shared and immutable. */
export type TypeNode =
  | { readonly kind: 'scalar' }
  | StructType
  | { readonly kind: 'map'; readonly atomic: boolean; readonly value: TypeNode }
  | {
      readonly kind: 'list';
      readonly listType: ListType;
      /** Key fields of a map list, in declared order. */
      readonly keys: readonly string[];
      readonly item: TypeNode;
    }
  | { readonly kind: 'untyped' };

/** The untyped node: maps of untyped values, atomic lists, scalars. */
export const UNTYPED: TypeNode = { kind: 'untyped' };
const SCALAR: TypeNode = { kind: 'scalar' };

/**
 * Defaults upstream's schema declares for list map keys (`+default`), which the published
 * OpenAPI v2 document omits: a port item without protocol is keyed with protocol TCP.
 */
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

/** The value a missing key field of a map list item takes, if upstream defaults it. Pure. */
export function keyDefault(name: string): unknown {
  return Object.hasOwn(KEY_DEFAULTS, name) ? KEY_DEFAULTS[name] : undefined;
}

type Node = Readonly<Record<string, unknown>>;

function asNode(v: unknown): Node | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : undefined;
}

const REF_PREFIX = '#/definitions/';

/** Types whose JSON form is a string or number though their OpenAPI node says little. */
const SCALAR_FORMATS = new Set(['int-or-string', 'date-time', 'byte']);

/**
 * Builds type nodes from an OpenAPI v2 `definitions` map. Lazy and cached per definition;
 * safe to share between requests (no mutation after construction of a node).
 */
export class TypeIndex {
  private readonly cache = new Map<string, TypeNode>();

  constructor(private readonly definitions: Readonly<Record<string, unknown>>) {}

  /** The type of definition `name` (`io.k8s.api.apps.v1.Deployment`); untyped when unknown. */
  definition(name: string): TypeNode {
    const hit = this.cache.get(name);
    if (hit !== undefined) return hit;
    const node = Object.hasOwn(this.definitions, name) ? asNode(this.definitions[name]) : undefined;
    if (node === undefined) return UNTYPED;
    const t = this.fromNode(node, node);
    this.cache.set(name, t);
    return t;
  }

  // `site` carries the property-level extensions (list type, patch strategy); `node` the shape.
  private fromNode(node: Node, site: Node): TypeNode {
    const ref = typeof node['$ref'] === 'string' ? node['$ref'] : undefined;
    const allOf = Array.isArray(node['allOf']) ? asNode(node['allOf'][0]) : undefined;
    if (ref !== undefined || (allOf !== undefined && node['properties'] === undefined)) {
      const target = ref ?? (typeof allOf?.['$ref'] === 'string' ? allOf['$ref'] : undefined);
      if (target === undefined) return allOf === undefined ? UNTYPED : this.fromNode(allOf, site);
      const name = target.startsWith(REF_PREFIX) ? target.slice(REF_PREFIX.length) : target;
      const def = this.definition(name);
      // A property may make a struct atomic on its own.
      if (def.kind === 'struct' && !def.atomic && site['x-kubernetes-map-type'] === 'atomic')
        return { ...def, atomic: true, field: def.field.bind(def) };
      return def;
    }
    const type = node['type'];
    const props = asNode(node['properties']);
    const atomic = node['x-kubernetes-map-type'] === 'atomic' || site['x-kubernetes-map-type'] === 'atomic';
    if (props !== undefined) return this.struct(props, node, atomic);
    if (type === 'array') return this.list(node, site);
    if (type === 'object') {
      const ap = node['additionalProperties'];
      const value = asNode(ap);
      if (value !== undefined) return { kind: 'map', atomic, value: this.fromNode(value, value) };
      return UNTYPED;
    }
    if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') return SCALAR;
    if (typeof node['format'] === 'string' && SCALAR_FORMATS.has(node['format'])) return SCALAR;
    if (node['x-kubernetes-int-or-string'] === true) return SCALAR;
    return UNTYPED;
  }

  private struct(props: Node, node: Node, atomic: boolean): StructType {
    const fields = new Map<string, TypeNode>();
    const required = Array.isArray(node['required'])
      ? node['required'].filter((r): r is string => typeof r === 'string')
      : [];
    return {
      kind: 'struct',
      atomic,
      required,
      field: (name: string): TypeNode | undefined => {
        const hit = fields.get(name);
        if (hit !== undefined) return hit;
        const prop = Object.hasOwn(props, name) ? asNode(props[name]) : undefined;
        if (prop === undefined) return undefined;
        const t = this.fromNode(prop, prop);
        fields.set(name, t);
        return t;
      },
    };
  }

  private list(node: Node, site: Node): TypeNode {
    const itemsNode = asNode(node['items']) ?? {};
    const item = this.fromNode(itemsNode, itemsNode);
    const declared = site['x-kubernetes-list-type'] ?? node['x-kubernetes-list-type'];
    const mapKeys = site['x-kubernetes-list-map-keys'] ?? node['x-kubernetes-list-map-keys'];
    if (declared === 'atomic') return { kind: 'list', listType: 'atomic', keys: [], item };
    if (declared === 'set') return { kind: 'list', listType: 'set', keys: [], item };
    if (declared === 'map') {
      const keys = Array.isArray(mapKeys) ? mapKeys.filter((k): k is string => typeof k === 'string') : [];
      return { kind: 'list', listType: 'map', keys, item };
    }
    const strategy = site['x-kubernetes-patch-strategy'];
    if (strategy === 'merge' || strategy === 'merge,retainKeys') {
      const mk = site['x-kubernetes-patch-merge-key'];
      return typeof mk === 'string' && mk !== ''
        ? { kind: 'list', listType: 'map', keys: [mk], item }
        : { kind: 'list', listType: 'set', keys: [], item };
    }
    return { kind: 'list', listType: 'atomic', keys: [], item };
  }
}

/** What a path leads to, for callers that only need the classification. */
export type TypeDescription =
  | { readonly kind: 'scalar' | 'untyped' }
  | { readonly kind: 'struct' | 'map'; readonly atomic: boolean }
  | { readonly kind: 'list'; readonly listType: ListType; readonly keys: readonly string[] };

/** Describes a node (drops the lazy accessors). Pure. */
export function describe(t: TypeNode): TypeDescription {
  switch (t.kind) {
    case 'struct':
    case 'map':
      return { kind: t.kind, atomic: t.atomic };
    case 'list':
      return { kind: 'list', listType: t.listType, keys: t.keys };
    default:
      return { kind: t.kind };
  }
}

/**
 * The type at a path of field names and `[]` for list items (`['spec', 'template', 'spec',
 * 'containers', '[]', 'ports']`); undefined when the path leaves the schema. Map values are
 * reached by any name. Pure.
 */
export function typeAt(root: TypeNode, path: readonly string[]): TypeNode | undefined {
  let t: TypeNode | undefined = root;
  for (const step of path) {
    if (t === undefined) return undefined;
    if (step === '[]') t = t.kind === 'list' ? t.item : t.kind === 'untyped' ? UNTYPED : undefined;
    else if (t.kind === 'struct') t = t.field(step);
    else if (t.kind === 'map') t = t.value;
    else if (t.kind === 'untyped') t = UNTYPED;
    else return undefined;
  }
  return t;
}
