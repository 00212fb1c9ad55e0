import protobuf from 'protobufjs/minimal.js';
import {
  EXT_JSON,
  FIELDS_V1,
  type FieldSpec,
  INT_OR_STRING,
  MICRO_TIME,
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

type Writer = protobuf.Writer;

/** A JSON value as produced by JSON.parse. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** An object that cannot be expressed in the protobuf form of its type (a kite bug or unvalidated input). */
export class ProtobufEncodeError extends Error {
  override readonly name = 'ProtobufEncodeError';
}

const LEN = 2;
const VARINT = 0;
const FIXED64 = 1;
const FIXED32 = 5;

/** Wire type of a scalar or message type. */
export function wireType(type: string): number {
  switch (type) {
    case 'bool':
    case 'int32':
    case 'int64':
    case 'uint32':
    case 'uint64':
      return VARINT;
    case 'double':
      return FIXED64;
    case 'float':
      return FIXED32;
    default:
      return LEN;
  }
}

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, want: string, got: Json): never {
  throw new ProtobufEncodeError(`${path}: expected ${want}, got ${JSON.stringify(got)}`);
}

function writeScalar(w: Writer, type: string, v: Json, path: string): void {
  switch (type) {
    case 'string':
      if (typeof v !== 'string') fail(path, 'string', v);
      w.string(v);
      return;
    case 'bytes': {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) fail(path, 'base64 string', v);
      w.bytes(Buffer.from(v, 'base64'));
      return;
    }
    case 'bool':
      if (typeof v !== 'boolean') fail(path, 'boolean', v);
      w.bool(v);
      return;
    case 'double':
    case 'float':
      if (typeof v !== 'number') fail(path, 'number', v);
      if (type === 'double') w.double(v);
      else w.float(v);
      return;
    default:
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(path, 'integer', v);
      if (type.endsWith('32') && (v > 0xffffffff || v < -0x80000000)) fail(path, '32-bit integer', v);
      if (type.startsWith('u') && v < 0) fail(path, 'unsigned integer', v);
      if (type === 'int32') w.int32(v);
      else if (type === 'uint32') w.uint32(v);
      else if (type === 'uint64') w.uint64(v);
      else w.int64(v);
  }
}

/** RFC 3339 text → [seconds, nanos]; `micro` requires nothing more than Date.parse accepts. */
function parseTime(v: Json, path: string): [number, number] {
  if (typeof v !== 'string') fail(path, 'RFC 3339 time', v);
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(v);
  const ms = m ? Date.parse(m[1]! + m[3]!) : Number.NaN;
  if (!m || Number.isNaN(ms)) fail(path, 'RFC 3339 time', v);
  const frac = (m[2] ?? '.').slice(1).padEnd(9, '0').slice(0, 9);
  return [Math.floor(ms / 1000), Number(frac)];
}

/** Writes the body (no tag, no length) of a message of `type` for JSON value `v`. */
export function writeMessage(w: Writer, type: string, v: Json, path: string): void {
  switch (type) {
    case TIME:
    case MICRO_TIME: {
      const [seconds, nanos] = parseTime(v, path);
      // Time has second precision in JSON; MicroTime keeps microseconds.
      if (seconds !== 0) w.uint32(8).int64(seconds);
      const n = type === TIME ? 0 : nanos - (nanos % 1000);
      if (n !== 0) w.uint32(16).int32(n);
      return;
    }
    case QUANTITY:
      if (typeof v !== 'string' && typeof v !== 'number') fail(path, 'quantity', v);
      w.uint32(10).string(String(v));
      return;
    case INT_OR_STRING:
      // All three fields are written, as Go's generated marshaller does.
      if (typeof v === 'number' && Number.isInteger(v))
        w.uint32(8).int64(0).uint32(16).int32(v).uint32(26).string('');
      else if (typeof v === 'string') w.uint32(8).int64(1).uint32(16).int32(0).uint32(26).string(v);
      else fail(path, 'integer or string', v);
      return;
    case RAW_EXTENSION:
    case FIELDS_V1:
    case EXT_JSON:
      w.uint32(10).bytes(Buffer.from(JSON.stringify(v), 'utf8'));
      return;
    case PROPS_OR_ARRAY:
      if (Array.isArray(v)) for (const [i, s] of v.entries()) writeField(w, 2, PROPS, s, `${path}[${i}]`);
      else writeField(w, 1, PROPS, v, path);
      return;
    case PROPS_OR_BOOL:
      if (typeof v === 'boolean') w.uint32(8).bool(v);
      else writeField(w.uint32(8).bool(true), 2, PROPS, v, path);
      return;
    case PROPS_OR_STRING_ARRAY:
      if (Array.isArray(v)) for (const [i, s] of v.entries()) writeField(w, 2, 'string', s, `${path}[${i}]`);
      else writeField(w, 1, PROPS, v, path);
      return;
  }
  const spec = messageSpec(type);
  if (spec === undefined) throw new ProtobufEncodeError(`${path}: ${type} has no protobuf form`);
  if (spec.wrapper) {
    if (!Array.isArray(v)) fail(path, 'array', v);
    const items = spec.fields[0]!;
    for (const [i, e] of v.entries()) writeField(w, items.number, items.type, e, `${path}[${i}]`);
    return;
  }
  if (!isObject(v)) fail(path, 'object', v);
  writeFields(w, spec.fields, v, path);
}

const PROPS = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps';

function writeFields(w: Writer, fields: readonly FieldSpec[], v: JsonObject, path: string): void {
  for (const f of fields) {
    if (f.inline) {
      w.uint32((f.number << 3) | LEN).fork();
      writeMessage(w, f.type, v, path);
      w.ldelim();
      continue;
    }
    const name = f.jsonName!;
    const value = Object.hasOwn(v, name) ? v[name] : undefined;
    if (value === undefined || value === null) continue;
    const p = `${path}.${name}`;
    const map = mapTypes(f.type);
    if (map) {
      if (!isObject(value)) fail(p, 'object', value);
      // Keys in sorted order, as Go's stable marshaller writes them.
      for (const key of Object.keys(value).sort()) {
        const entry = value[key];
        if (entry === undefined || entry === null) continue;
        w.uint32((f.number << 3) | LEN).fork();
        writeField(w, 1, map.key, key, p);
        writeField(w, 2, map.value, entry, `${p}[${key}]`);
        w.ldelim();
      }
    } else if (f.repeated) {
      if (!Array.isArray(value)) fail(p, 'array', value);
      for (const [i, e] of value.entries()) writeField(w, f.number, f.type, e, `${p}[${i}]`);
    } else {
      writeField(w, f.number, f.type, value, p);
    }
  }
}

/** Writes one tagged field; returns the writer for chaining. */
function writeField(w: Writer, number: number, type: string, v: Json, path: string): Writer {
  if (SCALAR_TYPES.has(type)) {
    w.uint32((number << 3) | wireType(type));
    writeScalar(w, type, v, path);
    return w;
  }
  w.uint32((number << 3) | LEN).fork();
  writeMessage(w, type, v, path);
  return w.ldelim();
}

/** Encodes `v` as a message of OpenAPI definition `type`. Throws ProtobufEncodeError on a type mismatch. */
export function encodeMessage(type: string, v: JsonObject): Uint8Array {
  const w = protobuf.Writer.create();
  writeMessage(w, type, v, '');
  return w.finish();
}
