import type { JsonObject } from '../registry/index.js';

/** A string field of an object's metadata ('' when absent). Pure. */
export function metaString(obj: JsonObject, field: string): string {
  const m = obj['metadata'];
  if (typeof m !== 'object' || m === null) return '';
  const v = (m as JsonObject)[field];
  return typeof v === 'string' ? v : '';
}
