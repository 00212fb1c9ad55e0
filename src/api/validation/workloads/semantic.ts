import { type Dict, isDict } from './shape.js';

/**
 * A JSON value reduced for upstream's semantic equality, where unset, null, empty lists and
 * empty maps compare alike: those are dropped (undefined when nothing is left). Pure.
 */
export function semanticNormal(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((e) => semanticNormal(e) ?? null);
  if (!isDict(v)) return v;
  const out: Dict = {};
  for (const [k, val] of Object.entries(v)) {
    const n = semanticNormal(val);
    if (n !== undefined) out[k] = n;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
