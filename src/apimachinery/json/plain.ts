import type { Scanned } from './go-json-scan.js';

/**
 * A scanned JSON value as plain data (null, boolean, number, string, array, object); numbers
 * become doubles; a duplicate object key keeps its last value, as Go does; `__proto__` is an
 * ordinary key. Recursive: callers bound the depth when scanning. Pure.
 */
export function plainValue(s: Scanned): unknown {
  switch (s.t) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
      return s.v;
    case 'number':
      return Number(s.text);
    case 'array':
      return s.items.map(plainValue);
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of s.entries)
        Object.defineProperty(o, k, {
          value: plainValue(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return o;
    }
  }
}
