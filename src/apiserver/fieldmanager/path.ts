/**
 * Path elements of managed field sets, as structured-merge-diff names them: a struct or map
 * field (`f:name`), an associative list item by its key fields (`k:{"name":"c"}`), a set item by
 * its value (`v:"x"`), or a list item by index (`i:0`). The string form used in FieldsV1 is also
 * the element's identity inside a set.
 */

/** A JSON value as decoded from a request or from storage. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One step of a field path. */
export type PathElement =
  | { readonly type: 'field'; readonly name: string }
  | { readonly type: 'key'; readonly fields: readonly (readonly [string, Json])[] }
  | { readonly type: 'value'; readonly value: Json }
  | { readonly type: 'index'; readonly index: number };

/** A path from the root of an object. */
export type Path = readonly PathElement[];

const fields = new Map<string, PathElement>();

/** A field element (interned: the same object for the same name). */
export function field(name: string): PathElement {
  let pe = fields.get(name);
  if (pe === undefined) {
    pe = { type: 'field', name };
    // Bounded: names come from schemas and objects; past the cap elements are not shared.
    if (fields.size < 100_000) fields.set(name, pe);
  }
  return pe;
}

/** A key element; the key fields are sorted by name as upstream keeps them. Pure. */
export function key(fields: readonly (readonly [string, Json])[]): PathElement {
  return { type: 'key', fields: [...fields].sort((a, b) => compareStrings(a[0], b[0])) };
}

/** Code-unit order, which equals Go's byte order for the names Kubernetes uses. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function typeRank(v: Json): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null) return 4;
  return 5;
}

/**
 * structured-merge-diff's total order on values: numbers, then strings, booleans, lists, maps
 * and null last; lists element-wise, maps by sorted keys. Pure.
 */
export function compareValues(a: Json, b: Json): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a)) {
    const bm = b as Record<string, Json>;
    const ka = Object.keys(a).sort(compareStrings);
    const kb = Object.keys(b).sort(compareStrings);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = compareStrings(ka[i]!, kb[i]!) || compareValues(a[ka[i]!]!, bm[kb[i]!]!);
      if (c !== 0) return c;
    }
    return ka.length - kb.length;
  }
  return 0;
}

const RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

/** structured-merge-diff's order of path elements: fields, keys, values, indexes. Pure. */
export function compareElements(a: PathElement, b: PathElement): number {
  if (a.type !== b.type) return RANK[a.type] - RANK[b.type];
  switch (a.type) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key': {
      const bf = (b as typeof a).fields;
      if (a.fields.length !== bf.length) return a.fields.length - bf.length;
      for (let i = 0; i < a.fields.length; i++) {
        const [an, av] = a.fields[i]!;
        const [bn, bv] = bf[i]!;
        const c = compareStrings(an, bn) || compareValues(av, bv);
        if (c !== 0) return c;
      }
      return 0;
    }
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index':
      return a.index - (b as typeof a).index;
  }
}

/** JSON text of a value with object keys sorted, as the FieldsV1 keys carry them. Pure. */
export function canonicalJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort(compareStrings);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

// Elements are immutable, so their keys are computed once.
const keyCache = new WeakMap<PathElement, string>();

/** The FieldsV1 key of an element (`f:name`, `k:{...}`, `v:...`, `i:N`); also its identity. Pure. */
export function elementKey(pe: PathElement): string {
  let k = keyCache.get(pe);
  if (k === undefined) {
    k = computeKey(pe);
    keyCache.set(pe, k);
  }
  return k;
}

function computeKey(pe: PathElement): string {
  switch (pe.type) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([n, v]) => `${JSON.stringify(n)}:${canonicalJson(v)}`).join(',')}}`;
    case 'value':
      return `v:${canonicalJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/**
 * Parses a FieldsV1 key back into an element; undefined for a malformed one (unknown prefix,
 * invalid JSON, a `k:` that is not an object, an `i:` that is not a non-negative integer). Pure.
 */
export function parseElementKey(text: string): PathElement | undefined {
  const prefix = text.slice(0, 2);
  const rest = text.slice(2);
  if (prefix === 'f:') return field(rest);
  if (prefix === 'i:')
    return /^(0|[1-9][0-9]*)$/.test(rest) ? { type: 'index', index: Number(rest) } : undefined;
  let parsed: Json;
  try {
    parsed = JSON.parse(rest) as Json;
  } catch {
    return undefined;
  }
  if (prefix === 'v:') return { type: 'value', value: parsed };
  if (prefix === 'k:') {
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return key(Object.entries(parsed));
  }
  return undefined;
}

// structured-merge-diff's value.ToString: strings quoted as Go's %q, numbers and booleans bare.
function valueString(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(', ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort(compareStrings);
    return `{${keys.map((k) => `${k}=${valueString(v[k]!)}`).join(', ')}}`;
  }
  return String(v);
}

/** The text upstream prints for an element: `.name`, `[name="c"]`, `[="x"]`, `[0]`. Pure. */
export function elementString(pe: PathElement): string {
  switch (pe.type) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([n, v]) => `${n}=${valueString(v)}`).join(',')}]`;
    case 'value':
      return `[=${valueString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** A path as upstream prints it in conflicts (`.spec.containers[name="c"].image`). Pure. */
export function pathString(p: Path): string {
  return p.map(elementString).join('');
}
