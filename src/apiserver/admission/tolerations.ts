import { deepEqual } from '../../apimachinery/meta/index.js';
import type { JsonObject } from '../registry/types.js';
import { numberAt, stringAt } from './util.js';

/** Whether toleration `ss` tolerates everything `t` does (upstream's isSuperset). Pure. */
export function toleratesSuperset(ss: JsonObject, t: JsonObject): boolean {
  if (deepEqual(ss, t)) return true;
  const ssKey = stringAt(ss, 'key');
  const ssOp = stringAt(ss, 'operator');
  // An empty key with Exists matches every key.
  if (stringAt(t, 'key') !== ssKey && (ssKey !== '' || ssOp !== 'Exists')) return false;
  const ssEffect = stringAt(ss, 'effect');
  if (stringAt(t, 'effect') !== ssEffect && ssEffect !== '') return false;
  if (ssEffect === 'NoExecute') {
    const ssSeconds = numberAt(ss, 'tolerationSeconds');
    const tSeconds = numberAt(t, 'tolerationSeconds');
    if (ssSeconds !== undefined && (tSeconds === undefined || tSeconds > ssSeconds)) return false;
  }
  switch (ssOp) {
    case 'Equal':
    case '':
      return stringAt(t, 'operator') === 'Equal' && stringAt(t, 'value') === stringAt(ss, 'value');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/**
 * Upstream's MergeTolerations: `first` then `second`, dropping every toleration that another
 * one already covers (of two equal ones the first stays). Pure.
 */
export function mergeTolerations(first: readonly JsonObject[], second: readonly JsonObject[]): JsonObject[] {
  const all = [...first, ...second];
  const merged: JsonObject[] = [];
  for (const [i, t] of all.entries()) {
    if (merged.some((m) => toleratesSuperset(m, t))) continue;
    const later = all.slice(i + 1);
    if (later.some((t2) => !deepEqual(t, t2) && toleratesSuperset(t2, t))) continue;
    merged.push(t);
  }
  return merged;
}
