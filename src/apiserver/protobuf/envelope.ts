import protobuf from 'protobufjs/minimal.js';
import { definitionNameFor } from '../../api/index.js';
import { badRequest, type StatusError } from '../../apimachinery/errors/index.js';
import { decodeMessage, ProtobufDecodeError } from './decode.js';
import { encodeMessage, type JsonObject, ProtobufEncodeError } from './encode.js';
import { messageSpec } from './field-table.js';

/** The four bytes that open every Kubernetes protobuf body: `k8s\0`. */
export const PROTOBUF_MAGIC: Uint8Array = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** The media type clients use for this encoding. */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';

/** The OpenAPI definition whose message encodes `apiVersion`/`kind`, or undefined when it has none. */
export function protobufDefinitionFor(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  // Status is served in every group version with the meta/v1 message.
  const name = kind === 'Status' && version === 'v1' ? STATUS : definitionNameFor({ group, version, kind });
  return name !== undefined && messageSpec(name) !== undefined ? name : undefined;
}

/** True when objects of this apiVersion/kind can be written as protobuf (built-in types only). */
export function hasProtobufForm(apiVersion: string, kind: string): boolean {
  return protobufDefinitionFor(apiVersion, kind) !== undefined;
}

/**
 * Encodes a built-in object (or list, or Status) as magic + runtime.Unknown. Does not mutate `obj`.
 * Throws ProtobufEncodeError when the kind has no protobuf form or a field has the wrong JSON type.
 */
export function encodeObject(obj: JsonObject): Uint8Array {
  const apiVersion = obj['apiVersion'];
  const kind = obj['kind'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    throw new ProtobufEncodeError('object has no apiVersion/kind');
  }
  const type = protobufDefinitionFor(apiVersion, kind);
  if (type === undefined)
    throw new ProtobufEncodeError(`${apiVersion}, Kind=${kind} has no protobuf encoding`);
  const raw = encodeMessage(type, obj);
  const w = protobuf.Writer.create();
  w.uint32(10).fork().uint32(10).string(apiVersion).uint32(18).string(kind).ldelim();
  // contentEncoding and contentType are always present (empty), as Go writes them.
  w.uint32(18).bytes(raw).uint32(26).string('').uint32(34).string('');
  const body = w.finish();
  const out = new Uint8Array(PROTOBUF_MAGIC.length + body.length);
  out.set(PROTOBUF_MAGIC, 0);
  out.set(body, PROTOBUF_MAGIC.length);
  return out;
}

/**
 * The outcome of decoding a request body. A failure after the envelope was read names the type
 * it was read as (`typeMeta`: the body's apiVersion and kind, defaults filled in), as upstream's
 * decoder hands that back with its error.
 */
export type DecodeResult =
  | { ok: true; object: JsonObject }
  | { ok: false; error: StatusError; typeMeta?: { apiVersion: string; kind: string } };

/** apiVersion/kind to assume when the body's type meta leaves them empty (the request URL's). */
export interface DecodeDefaults {
  readonly apiVersion?: string;
  readonly kind?: string;
}

interface Unknown {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

function readUnknown(bytes: Uint8Array): Unknown {
  const r = protobuf.Reader.create(bytes);
  const u: Unknown = { apiVersion: '', kind: '', raw: new Uint8Array() };
  while (r.pos < r.len) {
    const tag = r.uint32();
    const n = tag >>> 3;
    const wt = tag & 7;
    if (n === 0) throw new ProtobufDecodeError(`proto: illegal tag 0 (wire type ${wt})`);
    if ((n === 1 || n === 2 || n === 3 || n === 4) && wt !== 2) {
      const names = ['', 'TypeMeta', 'Raw', 'ContentEncoding', 'ContentType'];
      throw new ProtobufDecodeError(`proto: wrong wireType = ${wt} for field ${names[n]}`);
    }
    if (n === 1) {
      const tm = protobuf.Reader.create(r.bytes());
      while (tm.pos < tm.len) {
        const t = tm.uint32();
        if (t === 10) u.apiVersion = tm.string();
        else if (t === 18) u.kind = tm.string();
        else if (t >>> 3 === 0) throw new ProtobufDecodeError(`proto: illegal tag 0 (wire type ${t & 7})`);
        else tm.skipType(t & 7);
      }
    } else if (n === 2) u.raw = r.bytes();
    else r.skipType(wt);
  }
  return u;
}

function goTypeMeta(apiVersion: string, kind: string): string {
  return `runtime.TypeMeta{APIVersion:${JSON.stringify(apiVersion)}, Kind:${JSON.stringify(kind)}}`;
}

/**
 * Decodes a protobuf request body (magic + runtime.Unknown) into a JSON object carrying apiVersion and
 * kind. Never throws: malformed input yields a 400 StatusError whose message follows upstream's.
 */
export function decodeObject(bytes: Uint8Array, defaults: DecodeDefaults = {}): DecodeResult {
  if (bytes.length === 0) return fail('empty data');
  const prefixOk = bytes.length >= PROTOBUF_MAGIC.length && PROTOBUF_MAGIC.every((b, i) => bytes[i] === b);
  if (!prefixOk) {
    return fail(
      `provided data does not appear to be a protobuf message, expected prefix [${PROTOBUF_MAGIC.join(' ')}]`,
    );
  }
  if (bytes.length === PROTOBUF_MAGIC.length) return fail('empty body');
  let unknown: Unknown;
  try {
    unknown = readUnknown(bytes.subarray(PROTOBUF_MAGIC.length));
  } catch (e) {
    return fail(errorText(e));
  }
  const apiVersion = unknown.apiVersion || defaults.apiVersion || '';
  const kind = unknown.kind || defaults.kind || '';
  if (kind === '')
    return fail(`Object 'Kind' is missing in '${goTypeMeta(unknown.apiVersion, unknown.kind)}'`);
  if (apiVersion === '') {
    return fail(`Object 'apiVersion' is missing in '${goTypeMeta(unknown.apiVersion, unknown.kind)}'`);
  }
  const typeMeta = { apiVersion, kind };
  const type = protobufDefinitionFor(apiVersion, kind);
  if (type === undefined) {
    return {
      ...fail(
        `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`,
      ),
      typeMeta,
    };
  }
  try {
    const body = decodeMessage(type, unknown.raw);
    return { ok: true, object: { apiVersion, kind, ...body } };
  } catch (e) {
    return { ...fail(errorText(e)), typeMeta };
  }
}

function errorText(e: unknown): string {
  if (e instanceof ProtobufDecodeError) return e.message;
  const msg = e instanceof Error ? e.message : String(e);
  return /index out of range/.test(msg) ? 'unexpected EOF' : `proto: ${msg}`;
}

function fail(message: string): { ok: false; error: StatusError } {
  return { ok: false, error: badRequest(message) };
}
