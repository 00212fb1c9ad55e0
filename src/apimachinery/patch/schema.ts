import { goKindName } from './go-format.js';

/**
 * What strategic merge patch needs to know about a type: per field, how its value
 * merges (patch strategy and merge key) and the schema of the value or of its list
 * items. `undefined` in place of a PatchSchema means "no schema": every field then
 * merges as in a JSON merge patch (lists replaced whole), as upstream does for
 * types it has no metadata for.
 */

/** `x-kubernetes-list-type`. */
export type ListType = 'atomic' | 'set' | 'map';

/** Patch metadata of one field. */
export interface FieldPatchMeta {
  /** The declared strategies split on ',' (`['merge', 'retainKeys']`); empty when none. */
  readonly patchStrategies: readonly string[];
  /** `x-kubernetes-patch-merge-key`, '' when none. */
  readonly patchMergeKey: string;
  /** `x-kubernetes-list-type`, when declared. */
  readonly listType: ListType | undefined;
  /** `x-kubernetes-list-map-keys`, empty when none. */
  readonly listMapKeys: readonly string[];
}

/** Result of a field lookup: its metadata and sub-schema, or upstream's error text. */
export type PatchFieldLookup =
  | { readonly ok: true; readonly meta: FieldPatchMeta; readonly schema: PatchSchema | undefined }
  | { readonly ok: false; readonly message: string };

/** Patch metadata of an object type. Implementations must be pure and may be lazy. */
export interface PatchSchema {
  /** Go kind of the type (`struct`, `map`, ...), as named in upstream's messages. */
  readonly name: string;
  /** The field's metadata and the schema of its value. */
  lookupStruct(field: string): PatchFieldLookup;
  /** The field's metadata and the schema of its list items. */
  lookupSlice(field: string): PatchFieldLookup;
}

/** Metadata of a field nothing is declared for. */
export const EMPTY_FIELD_META: FieldPatchMeta = {
  patchStrategies: [],
  patchMergeKey: '',
  listType: undefined,
  listMapKeys: [],
};

/** Lookup against an optional schema: no schema answers "no metadata, no schema". Pure. */
export function lookupStruct(schema: PatchSchema | undefined, field: string): PatchFieldLookup {
  return schema === undefined
    ? { ok: true, meta: EMPTY_FIELD_META, schema: undefined }
    : schema.lookupStruct(field);
}

/** Slice counterpart of lookupStruct. Pure. */
export function lookupSlice(schema: PatchSchema | undefined, field: string): PatchFieldLookup {
  return schema === undefined
    ? { ok: true, meta: EMPTY_FIELD_META, schema: undefined }
    : schema.lookupSlice(field);
}

// ---- OpenAPI v2 adapter ----

type Node = Record<string, unknown>;

function asNode(v: unknown): Node | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : undefined;
}

const REF_PREFIXES = ['#/definitions/', '#/components/schemas/'];

function refName(ref: string): string {
  for (const p of REF_PREFIXES) if (ref.startsWith(p)) return ref.slice(p.length);
  return ref;
}

/** The Go type name upstream prints for a definition: the last dotted segment. */
function goTypeNameOf(defName: string): string {
  const dot = defName.lastIndexOf('.');
  return dot < 0 ? defName : defName.slice(dot + 1);
}

type Shape =
  | { kind: 'struct'; typeName: string; properties: Node }
  | { kind: 'map' }
  | { kind: 'slice'; items: unknown }
  | { kind: 'primitive'; goKind: string };

class OpenAPISchemaSet {
  private readonly cache = new Map<string, OpenAPIPatchSchema>();
  constructor(readonly definitions: Node) {}

  /** Follows `$ref` and single-element `allOf` to the node that describes the type. */
  resolve(node: unknown, seen = 0): { node: Node; defName: string | undefined } {
    let n = asNode(node) ?? {};
    let defName: string | undefined;
    for (let hops = seen; hops < 64; hops++) {
      const allOf = n['allOf'];
      if (
        Array.isArray(allOf) &&
        allOf.length > 0 &&
        n['$ref'] === undefined &&
        n['properties'] === undefined
      ) {
        n = asNode(allOf[0]) ?? {};
        continue;
      }
      const ref = n['$ref'];
      if (typeof ref !== 'string') break;
      defName = refName(ref);
      n = asNode(Object.hasOwn(this.definitions, defName) ? this.definitions[defName] : undefined) ?? {};
    }
    return { node: n, defName };
  }

  schemaFor(node: unknown): OpenAPIPatchSchema {
    const { node: n, defName } = this.resolve(node);
    if (defName !== undefined) {
      const hit = this.cache.get(defName);
      if (hit) return hit;
      const s = new OpenAPIPatchSchema(this, n, defName);
      this.cache.set(defName, s);
      return s;
    }
    return new OpenAPIPatchSchema(this, n, undefined);
  }

  shapeOf(node: Node, defName: string | undefined): Shape {
    const type = node['type'];
    const typeName = defName === undefined ? '' : goTypeNameOf(defName);
    if (asNode(node['properties']))
      return { kind: 'struct', typeName, properties: node['properties'] as Node };
    if (type === 'array') return { kind: 'slice', items: node['items'] };
    if (type === 'object') {
      if (node['additionalProperties'] !== undefined && node['additionalProperties'] !== false)
        return { kind: 'map' };
      return { kind: 'struct', typeName, properties: {} };
    }
    // Named string types (Quantity, IntOrString, Time) are Go structs upstream.
    if (defName !== undefined || type === undefined) return { kind: 'struct', typeName, properties: {} };
    if (type === 'string') return { kind: 'primitive', goKind: 'string' };
    if (type === 'boolean') return { kind: 'primitive', goKind: 'bool' };
    if (type === 'number') return { kind: 'primitive', goKind: 'float64' };
    if (type === 'integer')
      return { kind: 'primitive', goKind: node['format'] === 'int32' ? 'int32' : 'int64' };
    return { kind: 'struct', typeName, properties: {} };
  }
}

function parseMeta(prop: Node): { ok: true; meta: FieldPatchMeta } | { ok: false; message: string } {
  const strategy = prop['x-kubernetes-patch-strategy'];
  const mergeKey = prop['x-kubernetes-patch-merge-key'];
  if (strategy !== undefined && typeof strategy !== 'string') {
    return { ok: false, message: `expected a string, but received a ${goKindName(strategy as never)}` };
  }
  if (mergeKey !== undefined && typeof mergeKey !== 'string') {
    return { ok: false, message: `expected a string, but received a ${goKindName(mergeKey as never)}` };
  }
  const listType = prop['x-kubernetes-list-type'];
  const mapKeys = prop['x-kubernetes-list-map-keys'];
  return {
    ok: true,
    meta: {
      patchStrategies: strategy === undefined ? [] : strategy.split(','),
      patchMergeKey: mergeKey ?? '',
      listType: listType === 'atomic' || listType === 'set' || listType === 'map' ? listType : undefined,
      listMapKeys: Array.isArray(mapKeys) ? mapKeys.filter((k): k is string => typeof k === 'string') : [],
    },
  };
}

class OpenAPIPatchSchema implements PatchSchema {
  private shapeCache: Shape | undefined;
  constructor(
    private readonly set: OpenAPISchemaSet,
    private readonly node: Node,
    private readonly defName: string | undefined,
  ) {}

  private get shape(): Shape {
    this.shapeCache ??= this.set.shapeOf(this.node, this.defName);
    return this.shapeCache;
  }

  get name(): string {
    const s = this.shape;
    return s.kind === 'primitive' ? s.goKind : s.kind;
  }

  private field(
    field: string,
  ): { ok: true; prop: Node; meta: FieldPatchMeta } | { ok: false; message: string } {
    const s = this.shape;
    if (s.kind !== 'struct') {
      return {
        ok: false,
        message: `merging an object in json but data type is not struct, instead is: ${this.name}`,
      };
    }
    const prop = Object.hasOwn(s.properties, field) ? asNode(s.properties[field]) : undefined;
    if (prop === undefined) {
      return {
        ok: false,
        message: `unable to find api field in struct ${s.typeName} for the json field "${field}"`,
      };
    }
    const meta = parseMeta(prop);
    if (!meta.ok) return meta;
    return { ok: true, prop, meta: meta.meta };
  }

  lookupStruct(field: string): PatchFieldLookup {
    const f = this.field(field);
    if (!f.ok) return f;
    return { ok: true, meta: f.meta, schema: this.set.schemaFor(f.prop) };
  }

  lookupSlice(field: string): PatchFieldLookup {
    const f = this.field(field);
    if (!f.ok) return f;
    const { node, defName } = this.set.resolve(f.prop);
    const shape = this.set.shapeOf(node, defName);
    if (shape.kind === 'slice') {
      const items = this.set.resolve(shape.items);
      if (this.set.shapeOf(items.node, items.defName).kind === 'slice') {
        return { ok: false, message: 'unexpected slice of slice' };
      }
      return { ok: true, meta: f.meta, schema: this.set.schemaFor(shape.items) };
    }
    // An optional struct field is a pointer upstream, which a slice lookup accepts.
    if (shape.kind === 'struct') return { ok: true, meta: f.meta, schema: this.set.schemaFor(f.prop) };
    return { ok: false, message: 'expected slice or array type, but got: struct' };
  }
}

/**
 * Builds a lazy PatchSchema from an OpenAPI v2 `definitions` map (or a whole document
 * carrying one) for the definition `rootRef` (`io.k8s.api.apps.v1.Deployment` or
 * `#/definitions/...`). Reads `x-kubernetes-patch-strategy`,
 * `x-kubernetes-patch-merge-key`, `x-kubernetes-list-type` and
 * `x-kubernetes-list-map-keys`. Lookups follow upstream's struct-based metadata:
 * an unknown field is an error. Throws Error when `rootRef` is not defined.
 */
export function patchSchemaFromOpenAPI(definitions: Record<string, unknown>, rootRef: string): PatchSchema {
  const defs = asNode(definitions['definitions']) ?? definitions;
  const name = refName(rootRef);
  if (!Object.hasOwn(defs, name)) throw new Error(`OpenAPI definition ${JSON.stringify(name)} not found`);
  return new OpenAPISchemaSet(defs).schemaFor({ $ref: `#/definitions/${name}` });
}
