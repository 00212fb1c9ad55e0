import type { JsonObject } from '../registry/types.js';
import { metadataOf, stringAt, stringMapAt } from './util.js';

// Milliseconds of metadata.creationTimestamp (0 when absent or unparsable).
function createdAt(obj: JsonObject): number {
  const t = Date.parse(stringAt(metadataOf(obj), 'creationTimestamp'));
  return Number.isNaN(t) ? 0 : t;
}

/**
 * The default class among `classes`: those whose annotation `annotations[i]` (any of them) is
 * `"true"`; when several are, the newest, then the first by name (upstream's GetDefaultClass
 * since 1.28). Undefined when none is marked. Pure.
 */
export function pickDefaultClass(
  classes: readonly JsonObject[],
  annotations: readonly string[],
): JsonObject | undefined {
  const marked = classes.filter((c) => {
    const ann = stringMapAt(metadataOf(c), 'annotations');
    return annotations.some((k) => ann[k] === 'true');
  });
  marked.sort((x, y) => {
    const d = createdAt(y) - createdAt(x);
    if (d !== 0) return d;
    const nx = stringAt(metadataOf(x), 'name');
    const ny = stringAt(metadataOf(y), 'name');
    return nx < ny ? -1 : nx > ny ? 1 : 0;
  });
  return marked[0];
}
