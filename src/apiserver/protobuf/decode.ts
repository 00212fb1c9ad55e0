import protobuf from 'protobufjs/minimal.js';
import type { Json, JsonObject } from './encode.js';
import { wireType } from './encode.js';
import {
  EXT_JSON,
  FIELDS_V1,
  type FieldSpec,
  INT_OR_STRING,
  JSON_SCHEMA_PROPS,
  MICRO_TIME,
  type MessageSpec,
  mapTypes,
  messageSpec,
  PROPS_OR_ARRAY,
  PROPS_OR_BOOL,
  PROPS_OR_STRING_ARRAY,
  QUANTITY,
  RAW_EXTENSION,
  SCALAR_TYPES,
  TIME,
} from './field-table.js';

type Reader = protobuf.Reader;

/** Malformed protobuf input; the message follows the texts of Go's generated unmarshallers. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}

const LEN = 2;

/** A decoded field value before the JSON shaping of its message. */
type Raw = Json | Uint8Array | RawMessage;
type RawMessage = { readonly fields: Map<number, Raw[]> };

function goFieldName(f: FieldSpec): string {
  const n = f.jsonName ?? f.type.slice(f.type.lastIndexOf('.') + 1);
  return n.charAt(0).toUpperCase() + n.slice(1);
}

function toNumber(v: number | protobuf.Long, unsigned: boolean): number {
  return typeof v === 'number' ? v : protobuf.util.LongBits.from(v).toNumber(unsigned);
}

// Only self-referencing types (JSONSchemaProps) nest without bound; cap them well below the stack size.
const MAX_DEPTH = 500;

function readScalar(r: Reader, type: string): Json | Uint8Array {
  switch (type) {
    case 'string':
      return r.string();
    case 'bytes':
      return r.bytes();
    case 'bool':
      return r.bool();
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'int64':
      return toNumber(r.int64(), false);
    case 'uint64':
      return toNumber(r.uint64(), true);
    case 'double':
      return r.double();
    default:
      return r.float();
  }
}

function fieldTypeOf(f: FieldSpec): string {
  return mapTypes(f.type) ? 'map' : f.type;
}

/** Reads one message body of `length` bytes (or to the end) as field number → values. */
function readFields(
  r: Reader,
  end: number,
  lookup: (n: number) => FieldSpec | undefined,
  depth: number,
): Map<number, Raw[]> {
  if (depth > MAX_DEPTH) throw new ProtobufDecodeError('proto: message nesting exceeds the maximum depth');
  const out = new Map<number, Raw[]>();
  while (r.pos < end) {
    const tag = r.uint32();
    const number = tag >>> 3;
    const wt = tag & 7;
    if (number === 0) throw new ProtobufDecodeError(`proto: illegal tag 0 (wire type ${wt})`);
    const f = lookup(number);
    if (f === undefined) {
      if (wt === 4) throw new ProtobufDecodeError(`proto: illegal tag ${number} (wire type ${wt})`);
      r.skipType(wt);
      continue;
    }
    const type = fieldTypeOf(f);
    const values = out.get(number) ?? [];
    out.set(number, values);
    const expected = SCALAR_TYPES.has(type) ? wireType(type) : LEN;
    if (f.repeated && expected !== LEN && wt === LEN) {
      // A packed repeated scalar: accepted as every proto decoder does.
      const stop = r.uint32() + r.pos;
      if (stop > r.len) throw new ProtobufDecodeError('unexpected EOF');
      while (r.pos < stop) values.push(readScalar(r, type) as Json);
      continue;
    }
    if (wt !== expected) {
      throw new ProtobufDecodeError(`proto: wrong wireType = ${wt} for field ${goFieldName(f)}`);
    }
    if (expected !== LEN || type === 'string' || type === 'bytes') {
      values.push(readScalar(r, type));
      continue;
    }
    const length = r.uint32();
    if (length > r.len - r.pos) throw new ProtobufDecodeError('unexpected EOF');
    const stop = r.pos + length;
    values.push({ fields: readFields(r, stop, nestedLookup(f), depth + 1) });
    if (r.pos !== stop) throw new ProtobufDecodeError('unexpected EOF');
  }
  if (r.pos > end) throw new ProtobufDecodeError('unexpected EOF');
  return out;
}

const ENTRY_CACHE = new Map<string, (n: number) => FieldSpec | undefined>();

/** Field lookup for the message a field of `f` holds: a map entry or a message type. */
function nestedLookup(f: FieldSpec): (n: number) => FieldSpec | undefined {
  const map = mapTypes(f.type);
  if (map) {
    let lookup = ENTRY_CACHE.get(f.type);
    if (lookup === undefined) {
      const key: FieldSpec = { jsonName: 'key', number: 1, type: map.key, repeated: false, optional: true };
      const value: FieldSpec = {
        jsonName: 'value',
        number: 2,
        type: map.value,
        repeated: false,
        optional: true,
      };
      lookup = (n) => (n === 1 ? key : n === 2 ? value : undefined);
      ENTRY_CACHE.set(f.type, lookup);
    }
    return lookup;
  }
  return lookupFor(f.type);
}

const LOOKUP_CACHE = new Map<string, (n: number) => FieldSpec | undefined>();

function lookupFor(type: string): (n: number) => FieldSpec | undefined {
  let lookup = LOOKUP_CACHE.get(type);
  if (lookup !== undefined) return lookup;
  const spec = messageSpec(type);
  if (spec === undefined) throw new ProtobufDecodeError(`no protobuf form for ${type}`);
  const byNumber = new Map(spec.fields.map((f) => [f.number, f]));
  lookup = (n) => byNumber.get(n);
  LOOKUP_CACHE.set(type, lookup);
  return lookup;
}

const isMessage = (v: Raw | undefined): v is RawMessage =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && 'fields' in v;

/** The last value of a singular field, as proto2 merges repeated occurrences of a scalar. */
function last(m: RawMessage, n: number): Raw | undefined {
  const vs = m.fields.get(n);
  return vs === undefined ? undefined : vs[vs.length - 1];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatTime(seconds: number, nanos: number, micro: boolean): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999 || d.getUTCFullYear() < 0) {
    throw new ProtobufDecodeError(`Time.MarshalJSON: year outside of range [0,9999]`);
  }
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(
    d.getUTCHours(),
    2,
  )}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return micro ? `${base}.${pad(Math.floor(Math.max(0, nanos) / 1000) % 1000000, 6)}Z` : `${base}Z`;
}

function parseEmbeddedJson(v: Raw | undefined): Json | undefined {
  if (!(v instanceof Uint8Array) || v.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(v).toString('utf8')) as Json;
  } catch (e) {
    throw new ProtobufDecodeError(`embedded JSON: ${(e as Error).message}`);
  }
}

/** Shapes a decoded message of `type` into its JSON form; undefined means "absent" (e.g. a zero Time). */
function shape(type: string, m: RawMessage): Json | undefined {
  switch (type) {
    case TIME:
    case MICRO_TIME: {
      const seconds = (last(m, 1) as number | undefined) ?? 0;
      const nanos = (last(m, 2) as number | undefined) ?? 0;
      // Go's zero time has no protobuf bytes and is shown as null; kite omits it.
      if (seconds === 0 && nanos === 0) return undefined;
      return formatTime(seconds, nanos, type === MICRO_TIME);
    }
    case QUANTITY:
      return (last(m, 1) as string | undefined) ?? '0';
    case INT_OR_STRING:
      return last(m, 1) === 1
        ? ((last(m, 3) as string | undefined) ?? '')
        : ((last(m, 2) as number | undefined) ?? 0);
    case RAW_EXTENSION:
    case FIELDS_V1:
    case EXT_JSON:
      return parseEmbeddedJson(last(m, 1));
    case PROPS_OR_ARRAY: {
      const many = m.fields.get(2);
      if (many !== undefined) return many.map((s) => shapeValue(JSON_SCHEMA_PROPS, s) ?? {});
      const one = last(m, 1);
      return one === undefined ? undefined : shapeValue(JSON_SCHEMA_PROPS, one);
    }
    case PROPS_OR_BOOL: {
      const schema = last(m, 2);
      return schema !== undefined
        ? shapeValue(JSON_SCHEMA_PROPS, schema)
        : ((last(m, 1) as boolean | undefined) ?? false);
    }
    case PROPS_OR_STRING_ARRAY: {
      const strings = m.fields.get(2);
      if (strings !== undefined) return strings as string[];
      const one = last(m, 1);
      return one === undefined ? undefined : shapeValue(JSON_SCHEMA_PROPS, one);
    }
  }
  const spec = messageSpec(type)!;
  if (spec.wrapper)
    return (m.fields.get(spec.fields[0]!.number) ?? []).map(
      (v) => shapeValue(spec.fields[0]!.type, v) ?? null,
    );
  const out: JsonObject = {};
  shapeInto(out, spec, m);
  return out;
}

function shapeInto(out: JsonObject, spec: MessageSpec, m: RawMessage): void {
  for (const f of spec.fields) {
    const values = m.fields.get(f.number);
    if (values === undefined) continue;
    if (f.inline) {
      const inner = messageSpec(f.type)!;
      for (const v of values) if (isMessage(v)) shapeInto(out, inner, v);
      continue;
    }
    const name = f.jsonName!;
    const map = mapTypes(f.type);
    if (map) {
      const obj: JsonObject = (out[name] as JsonObject | undefined) ?? {};
      for (const entry of values) {
        if (!isMessage(entry)) continue;
        const key = last(entry, 1);
        const value = last(entry, 2);
        const k = typeof key === 'string' ? key : key === undefined ? '' : String(key);
        obj[k] = value === undefined ? zeroOf(map.value) : (shapeValue(map.value, value) ?? null);
      }
      out[name] = obj;
    } else if (f.repeated) {
      out[name] = values.map((v) => shapeValue(f.type, v) ?? null);
    } else {
      const v = shapeValue(f.type, values[values.length - 1]!);
      if (v === undefined) continue;
      if (f.omitZero && (v === '' || v === 0 || v === false)) continue;
      out[name] = v;
    }
  }
}

function zeroOf(type: string): Json {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'bool') return false;
  if (SCALAR_TYPES.has(type)) return 0;
  const m: RawMessage = { fields: new Map() };
  return shape(type, m) ?? null;
}

function shapeValue(type: string, v: Raw): Json | undefined {
  if (v instanceof Uint8Array)
    return type === 'bytes' ? Buffer.from(v).toString('base64') : Buffer.from(v).toString('utf8');
  if (isMessage(v)) return shape(type, v);
  return v;
}

/**
 * Decodes the protobuf body of a message of OpenAPI definition `type` into its JSON form. Unknown
 * fields are skipped. Throws ProtobufDecodeError for malformed input.
 */
export function decodeMessage(type: string, bytes: Uint8Array): JsonObject {
  const r = protobuf.Reader.create(bytes);
  let m: RawMessage;
  try {
    m = { fields: readFields(r, bytes.length, lookupFor(type), 0) };
  } catch (e) {
    if (e instanceof ProtobufDecodeError) throw e;
    // protobufjs reports reads past the end as RangeError and bad wire types as Error.
    const msg = (e as Error).message;
    throw new ProtobufDecodeError(/index out of range/.test(msg) ? 'unexpected EOF' : `proto: ${msg}`);
  }
  const out = shape(type, m);
  if (typeof out !== 'object' || out === null || Array.isArray(out)) {
    throw new ProtobufDecodeError(`${type} does not decode to an object`);
  }
  return out;
}
