import { formatRFC3339 } from '../../apimachinery/meta/index.js';
import { deepEqual } from '../../apimachinery/meta/index.js';
import { isJsonObject, metaOf } from './object-meta.js';
import type { JsonObject } from './types.js';

// Metadata fields the server owns: never attributed to a manager.
const UNOWNED_META = new Set([
  'name',
  'namespace',
  'generateName',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
  'managedFields',
]);

/**
 * A simplified FieldsV1 set: `f:<field>` for every set object field, `.` for a non-empty
 * object that is itself owned; lists are owned as a whole (no `k:`/`v:` element keys). Pure.
 */
export function fieldSet(value: JsonObject, top = true): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (top && (k === 'apiVersion' || k === 'kind')) continue;
    if (top && k === 'metadata' && isJsonObject(v)) {
      const owned: JsonObject = {};
      for (const [mk, mv] of Object.entries(v)) if (!UNOWNED_META.has(mk)) owned[mk] = mv;
      if (Object.keys(owned).length > 0) out['f:metadata'] = fieldSet(owned, false);
      continue;
    }
    out[`f:${k}`] = isJsonObject(v) && Object.keys(v).length > 0 ? { '.': {}, ...fieldSet(v, false) } : {};
  }
  return out;
}

/** Which endpoint a write came through: the status subresource records `subresource: status`. */
export type Subresource = '' | 'status';

/**
 * Records an `Update` operation of `manager` in `obj.metadata.managedFields`, as upstream's
 * field manager does for non-apply writes: the manager's previous Update entry for the same
 * apiVersion and subresource is replaced; its `time` moves only when its fields changed.
 * Fields are listed in the simplified form of {@link fieldSet}. Mutates `obj`.
 */
export function recordUpdate(
  obj: JsonObject,
  manager: string,
  apiVersion: string,
  subresource: Subresource,
  now: Date,
): void {
  const m = metaOf(obj);
  const prior = Array.isArray(m['managedFields']) ? m['managedFields'].filter(isJsonObject) : [];
  const source: JsonObject = subresource === 'status' ? { status: obj['status'] ?? {} } : withoutStatus(obj);
  const fields = fieldSet(source);
  const same = (e: JsonObject): boolean =>
    e['manager'] === manager &&
    e['operation'] === 'Update' &&
    e['apiVersion'] === apiVersion &&
    (e['subresource'] ?? '') === subresource;
  const previous = prior.find(same);
  const time =
    previous !== undefined && deepEqual(previous['fieldsV1'], fields) && typeof previous['time'] === 'string'
      ? previous['time']
      : formatRFC3339(now);
  const entry: JsonObject = {
    manager,
    operation: 'Update',
    apiVersion,
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  };
  if (subresource !== '') entry['subresource'] = subresource;
  const rest = prior.filter((e) => !same(e));
  m['managedFields'] = Object.keys(fields).length === 0 ? rest : [...rest, entry];
  if ((m['managedFields'] as unknown[]).length === 0) delete m['managedFields'];
}

function withoutStatus(obj: JsonObject): JsonObject {
  const { status: _status, ...rest } = obj;
  return rest;
}
