import { deepEqual } from '../../apimachinery/meta/index.js';
import {
  elementKey,
  elementString,
  field,
  type Json,
  key,
  type Path,
  type PathElement,
  pathString,
} from './path.js';
import { keyDefault, type ListType, type StructType, type TypeNode, UNTYPED } from './schema.js';
import { FieldSet } from './set.js';

/**
 * Operations on JSON values guided by a type (structured-merge-diff's typed values): the field
 * set of a value, the comparison of two values, the merge of an applied configuration into a
 * live object, and the removal of paths. All are pure: inputs are never mutated.
 */

/** A JSON object. */
export type JsonMap = { [key: string]: Json };

/** An error of a value against its schema, with upstream's path prefix. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

function isMap(v: Json | undefined): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// How a node is walked for a given value: untyped nodes take the shape of the value.
type Shape =
  | { readonly kind: 'scalar' }
  | {
      readonly kind: 'fields';
      readonly atomic: boolean;
      readonly struct: StructType | undefined;
      readonly value: TypeNode;
    }
  | {
      readonly kind: 'list';
      readonly listType: ListType;
      readonly keys: readonly string[];
      readonly item: TypeNode;
    };

function shapeOf(t: TypeNode, sample: Json | undefined): Shape {
  switch (t.kind) {
    case 'struct':
      return { kind: 'fields', atomic: t.atomic, struct: t, value: UNTYPED };
    case 'map':
      return { kind: 'fields', atomic: t.atomic, struct: undefined, value: t.value };
    case 'list':
      return { kind: 'list', listType: t.listType, keys: t.keys, item: t.item };
    case 'scalar':
      return { kind: 'scalar' };
    case 'untyped':
      if (isMap(sample)) return { kind: 'fields', atomic: false, struct: undefined, value: UNTYPED };
      if (Array.isArray(sample)) return { kind: 'list', listType: 'atomic', keys: [], item: UNTYPED };
      return { kind: 'scalar' };
  }
}

// Whether a value fits a shape (null fits any: it is an absent map or list).
function fits(shape: Shape, v: Json | undefined): boolean {
  if (v === undefined || v === null) return true;
  if (shape.kind === 'fields') return isMap(v);
  if (shape.kind === 'list') return Array.isArray(v);
  return !isMap(v) && !Array.isArray(v);
}

/** The type of a field of a map or struct shape; undefined for a field a struct does not declare. */
function fieldType(shape: Shape & { kind: 'fields' }, name: string): TypeNode | undefined {
  return shape.struct === undefined ? shape.value : shape.struct.field(name);
}

/**
 * The path element of a list item: `k:` with the key fields of a map list (a missing key takes
 * upstream's default, else it is an error), `v:` with the value of a set item.
 */
function itemElement(shape: Shape & { kind: 'list' }, item: Json, at: Path, index: number): PathElement {
  if (shape.listType === 'map' && shape.keys.length > 0) {
    if (!isMap(item))
      throw new SchemaError(`${pathString(at)}: element ${index}: expected map, got ${describe(item)}`);
    const fields: [string, Json][] = [];
    for (const k of shape.keys) {
      const v = Object.hasOwn(item, k) ? item[k] : (keyDefault(k) as Json | undefined);
      if (v === undefined || v === null) {
        throw new SchemaError(
          `${pathString(at)}: element ${index}: associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`,
        );
      }
      fields.push([k, v]);
    }
    return key(fields);
  }
  return { type: 'value', value: item };
}

function describe(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'map' : typeof v;
}

/**
 * The field set of a value: every leaf (scalar, atomic list or map, empty or null map value),
 * every list item and every map entry that is not a declared struct field. `strict` (applied
 * configurations) rejects fields the schema does not declare and duplicate list items with a
 * SchemaError; otherwise undeclared fields are walked as untyped.
 */
export function toFieldSet(value: Json, t: TypeNode, strict = false): FieldSet {
  const set = new FieldSet();
  const errors: string[] = [];
  walkSet(value, t, [], set, strict, errors);
  if (errors.length === 1) throw new SchemaError(errors[0]);
  if (errors.length > 1) throw new SchemaError(`errors:\n  ${errors.join('\n  ')}`);
  return set;
}

function walkSet(
  v: Json,
  t: TypeNode,
  at: PathElement[],
  set: FieldSet,
  strict: boolean,
  errors: string[],
): void {
  const shape = shapeOf(t, v);
  if (!fits(shape, v)) {
    if (strict)
      errors.push(
        `${pathString(at)}: expected ${shape.kind === 'fields' ? 'map' : shape.kind}, got ${describe(v)}`,
      );
    set.insert(at);
    return;
  }
  if (shape.kind === 'scalar') {
    set.insert(at);
    return;
  }
  if (shape.kind === 'list') {
    if (shape.listType === 'atomic') {
      set.insert(at);
      return;
    }
    if (!Array.isArray(v)) return;
    const seen = new Set<string>();
    v.forEach((item, i) => {
      let pe: PathElement;
      try {
        pe = itemElement(shape, item, at, i);
      } catch (e) {
        if (!(e instanceof SchemaError)) throw e;
        if (strict) errors.push(e.message);
        return;
      }
      const k = elementKey(pe);
      if (seen.has(k) && strict)
        errors.push(`${pathString(at)}: duplicate entries for key ${elementString(pe)}`);
      seen.add(k);
      const child = [...at, pe];
      walkSet(item, shape.item, child, set, strict, errors);
      set.insert(child);
    });
    return;
  }
  if (shape.atomic) {
    set.insert(at);
    return;
  }
  if (!isMap(v)) return;
  for (const [name, val] of Object.entries(v)) {
    const ft = fieldType(shape, name);
    const child = [...at, field(name)];
    if (ft === undefined && strict) {
      errors.push(`${pathString(child)}: field not declared in schema`);
      continue;
    }
    walkSet(val, ft ?? UNTYPED, child, set, strict, errors);
    if (val === null || (isMap(val) && Object.keys(val).length === 0) || ft === undefined || !shape.struct)
      set.insert(child);
  }
}

/** The result of comparing two values: paths added, changed or removed by the second. */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

interface MergeHooks {
  /** Called for every leaf (scalar, atomic, or empty on both sides). */
  leaf?(at: Path, l: Json | undefined, r: Json | undefined): void;
  /** Called for every non-leaf node after its items. */
  node?(at: Path, l: Json | undefined, r: Json | undefined): void;
}

/**
 * Compares `lhs` (old) with `rhs` (new): leaves present only in rhs are added, only in lhs
 * removed, in both but different modified; non-leaf nodes (maps, list items) count as added or
 * removed when one side lacks them.
 */
export function compare(lhs: Json, rhs: Json, t: TypeNode): Comparison {
  const c = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walkMerge(lhs, rhs, t, [], {
    leaf(at, l, r) {
      if (l === undefined) c.added.insert(at);
      else if (r === undefined) c.removed.insert(at);
      else if (!deepEqual(l, r)) c.modified.insert(at);
    },
    node(at, l, r) {
      if (l === undefined) c.added.insert(at);
      else if (r === undefined) c.removed.insert(at);
    },
  });
  return c;
}

/**
 * Merges an applied configuration into a live value: leaves of the configuration win, map and
 * struct fields merge by name, map lists by key and sets by value (live order kept, new items
 * placed as the configuration orders them), atomic lists and maps are replaced whole.
 */
export function merge(live: Json, config: Json, t: TypeNode): Json {
  return walkMerge(live, config, t, [], {}) ?? null;
}

function walkMerge(
  l: Json | undefined,
  r: Json | undefined,
  t: TypeNode,
  at: PathElement[],
  hooks: MergeHooks,
): Json | undefined {
  const shape = shapeOf(t, r ?? l);
  const leaf = (): Json | undefined => {
    hooks.leaf?.(at, l, r);
    return r !== undefined ? r : l;
  };
  if (shape.kind === 'scalar' || !fits(shape, l) || !fits(shape, r)) return leaf();
  if (shape.kind === 'list') {
    const la = Array.isArray(l) ? l : undefined;
    const ra = Array.isArray(r) ? r : undefined;
    if (shape.listType === 'atomic' || ((la?.length ?? 0) === 0 && (ra?.length ?? 0) === 0)) return leaf();
    const out = mergeList(shape, la ?? [], ra ?? [], at, hooks);
    if (out === undefined) return leaf();
    hooks.node?.(at, l, r);
    return out.length > 0 ? out : undefined;
  }
  const lm = isMap(l) ? l : undefined;
  const rm = isMap(r) ? r : undefined;
  const lEmpty = lm === undefined || Object.keys(lm).length === 0;
  const rEmpty = rm === undefined || Object.keys(rm).length === 0;
  if (shape.atomic || (lEmpty && rEmpty)) return leaf();
  const out: JsonMap = {};
  const names = [...Object.keys(lm ?? {})];
  for (const k of Object.keys(rm ?? {})) if (lm === undefined || !Object.hasOwn(lm, k)) names.push(k);
  for (const name of names) {
    const lv = lm !== undefined && Object.hasOwn(lm, name) ? lm[name] : undefined;
    const rv = rm !== undefined && Object.hasOwn(rm, name) ? rm[name] : undefined;
    const merged = walkMerge(
      lv,
      rv,
      fieldType(shape, name) ?? UNTYPED,
      [...at, { type: 'field', name }],
      hooks,
    );
    if (merged !== undefined) out[name] = merged;
  }
  hooks.node?.(at, l, r);
  return Object.keys(out).length > 0 ? out : undefined;
}

interface Indexed {
  readonly pes: PathElement[];
  readonly byKey: Map<string, Json>;
}

// The elements of a list's items; undefined when an item has no valid element (then the list
// is treated as a leaf, as a live object that predates its schema may be).
function indexList(shape: Shape & { kind: 'list' }, items: Json[], at: Path): Indexed | undefined {
  const pes: PathElement[] = [];
  const byKey = new Map<string, Json>();
  for (let i = 0; i < items.length; i++) {
    let pe: PathElement;
    try {
      pe = itemElement(shape, items[i]!, at, i);
    } catch (e) {
      if (e instanceof SchemaError) return undefined;
      throw e;
    }
    pes.push(pe);
    const k = elementKey(pe);
    if (!byKey.has(k)) byKey.set(k, items[i]!);
  }
  return { pes, byKey };
}

// structured-merge-diff's list item merge order: walk both lists together, keep live items in
// place, and emit configuration items where the configuration orders the shared ones.
function mergeList(
  shape: Shape & { kind: 'list' },
  lhs: Json[],
  rhs: Json[],
  at: PathElement[],
  hooks: MergeHooks,
): Json[] | undefined {
  const li = indexList(shape, lhs, at);
  const ri = indexList(shape, rhs, at);
  if (li === undefined || ri === undefined) return undefined;
  const lk = li.pes.map(elementKey);
  const rk = ri.pes.map(elementKey);
  const shared = rk.filter((k) => li.byKey.has(k));
  let sharedAt = 0;
  const out: Json[] = [];
  const mergedR = new Set<string>();
  const emitted = new Set<string>();
  const item = (pe: PathElement, k: string, lv: Json | undefined, rv: Json | undefined): void => {
    if (emitted.has(k)) return;
    emitted.add(k);
    const v = walkMerge(lv, rv, shape.item, [...at, pe], hooks);
    if (v !== undefined) out.push(v);
  };
  let l = 0;
  let r = 0;
  for (let guard = 0; (l < lk.length || r < rk.length) && guard < 4 * (lk.length + rk.length) + 4; guard++) {
    if (l < lk.length && r < rk.length) {
      if (lk[l] === rk[r]) {
        mergedR.add(rk[r]!);
        item(li.pes[l]!, lk[l]!, li.byKey.get(lk[l]!), ri.byKey.get(rk[r]!));
        l++;
        r++;
        sharedAt++;
        continue;
      }
      const next = shared[sharedAt];
      if (ri.byKey.has(lk[l]!) && next !== undefined && next !== lk[l]) {
        l++;
        continue;
      }
    }
    if (l < lk.length) {
      const k = lk[l]!;
      if (!ri.byKey.has(k)) {
        item(li.pes[l]!, k, lhs[l], undefined);
        l++;
        continue;
      }
      if (mergedR.has(k)) {
        l++;
        continue;
      }
    }
    if (r < rk.length) {
      const k = rk[r]!;
      mergedR.add(k);
      item(ri.pes[r]!, k, li.byKey.get(k), ri.byKey.get(k));
      r++;
      if (shared[sharedAt] === k) sharedAt++;
    }
  }
  return out;
}

/**
 * The value without the paths of `toRemove`: members are dropped, children are walked. A map or
 * list left empty (or that was empty) becomes null, as upstream's removal leaves it.
 */
export function removeItems(v: Json, toRemove: FieldSet, t: TypeNode): Json {
  const shape = shapeOf(t, v);
  if (shape.kind === 'scalar') return v;
  if (shape.kind === 'list') {
    if (!Array.isArray(v) || v.length === 0 || shape.listType === 'atomic') return null;
    const out: Json[] = [];
    v.forEach((item, i) => {
      let pe: PathElement;
      try {
        pe = itemElement(shape, item, [], i);
      } catch (e) {
        if (!(e instanceof SchemaError)) throw e;
        out.push(item);
        return;
      }
      if (toRemove.hasMember(pe)) return;
      const sub = toRemove.withPrefix(pe);
      out.push(sub.isEmpty() ? item : removeItems(item, sub, shape.item));
    });
    return out.length > 0 ? out : null;
  }
  if (!isMap(v) || Object.keys(v).length === 0 || shape.atomic) return null;
  const out: JsonMap = {};
  for (const [name, val] of Object.entries(v)) {
    const pe = field(name);
    if (toRemove.hasMember(pe)) continue;
    const sub = toRemove.withPrefix(pe);
    out[name] = sub.isEmpty() ? val : removeItems(val, sub, fieldType(shape, name) ?? UNTYPED);
  }
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * The set with every declared struct field that has paths below it also made a member (so
 * that removing the set removes such fields whole). Pure.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, t: TypeNode): FieldSet {
  return set.rebuild(t, (tt, pe) => ({
    member: pe.type === 'field' && tt.kind === 'struct' && tt.field(pe.name) !== undefined,
    next: childType(tt, pe),
  }));
}

function childType(t: TypeNode, pe: PathElement): TypeNode {
  if (pe.type === 'field') {
    if (t.kind === 'struct') return t.field(pe.name) ?? UNTYPED;
    if (t.kind === 'map') return t.value;
    return UNTYPED;
  }
  return t.kind === 'list' ? t.item : UNTYPED;
}

/**
 * The object as a Go client decodes it: null fields of maps dropped, recursively (list items
 * are kept). Pure.
 */
export function dropNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, val] of Object.entries(v)) if (val !== null) out[k] = dropNulls(val);
  return out;
}
