import type { GroupVersionKind } from '../catalogue.js';
import { base64Error, quantityError, timeError } from './decoders.js';
import {
  DEFINITIONS,
  definitionNameFor,
  GO_TYPES,
  goDescriptorElem,
  goDescriptorName,
  goQualifiedName,
  goStructName,
  goTypeOf,
  own,
  refName,
  type SchemaNode,
} from './definitions.js';
import { type JsonNode, toJsonNode } from './json-node.js';

/** A decode error as the Go JSON decoder reports it; `message` is the text clients see. */
export interface DecodeError {
  readonly message: string;
}

interface Context {
  /** Go name of the innermost struct whose field is being decoded ('' at the root). */
  readonly struct: string;
  /** JSON names of the struct fields from the root; array indices and map keys are not part of it. */
  readonly fields: readonly string[];
}

/**
 * A decoder failure before formatting. Type mismatches keep their parts because a failure
 * inside a self-decoding type is re-labelled with the field that holds it, as upstream's
 * decoder does.
 */
type Failure =
  | { readonly kind: 'type'; readonly value: string; readonly goType: string; readonly ctx: Context }
  | { readonly kind: 'plain'; readonly message: string };

/**
 * The decoder keeps the first type mismatch and carries on, but stops at once when a type
 * with its own decoding (Quantity, Time, IntOrString) fails, and that error wins.
 */
interface State {
  saved: Failure | undefined;
  fatal: Failure | undefined;
}

const plain = (message: string): Failure => ({ kind: 'plain', message });
const ROOT: Context = { struct: '', fields: [] };
const JSON_SCHEMA_PROPS: SchemaNode = {
  $ref: '#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
};

const valueName = (n: JsonNode): string =>
  n.kind === 'bool' ? 'bool' : n.kind === 'number' ? 'number' : n.kind === 'null' ? 'null' : n.kind;

function typeError(value: string, goType: string, ctx: Context): Failure {
  return { kind: 'type', value, goType, ctx };
}

function format(f: Failure): DecodeError {
  if (f.kind === 'plain') return { message: f.message };
  const { value, goType, ctx } = f;
  if (ctx.struct === '' && ctx.fields.length === 0)
    return { message: `json: cannot unmarshal ${value} into Go value of type ${goType}` };
  return {
    message: `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.fields.join('.')} of type ${goType}`,
  };
}

/**
 * Decodes a value the way a self-decoding type decodes its raw bytes: with a fresh decoder
 * whose failure, if any, ends the outer decode and is re-labelled with the outer field.
 */
function nested(n: JsonNode, schema: SchemaNode, ctx: Context, st: State): void {
  const inner: State = { saved: undefined, fatal: undefined };
  check(n, schema, ROOT, inner);
  const f = inner.fatal ?? inner.saved;
  if (f !== undefined) st.fatal = f.kind === 'type' ? { ...f, ctx } : f;
}

const INT_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 255n],
};

/** Whether a number literal fits a Go integer type (Go's ParseInt: no fraction, no exponent). */
function fitsInt(raw: string, goType: string): boolean {
  if (!/^-?[0-9]+$/.test(raw)) return false;
  const range = INT_RANGE[goType];
  if (range === undefined) return false;
  const n = BigInt(raw);
  return n >= range[0] && n <= range[1];
}

/** Raw JSON text of a node, as a self-decoding type receives it. */
function rawText(n: JsonNode): string {
  switch (n.kind) {
    case 'number':
      return n.raw;
    case 'string':
      return JSON.stringify(n.value);
    case 'bool':
      return String(n.value);
    case 'null':
      return 'null';
    case 'array':
      return `[${n.items.map(rawText).join(',')}]`;
    case 'object':
      return `{${n.members.map(([k, v]) => `${JSON.stringify(k)}:${rawText(v)}`).join(',')}}`;
  }
}

/** The Go type name to quote: the field's declared Go type when known, else what the schema implies. */
const goTypeName = (schema: SchemaNode, goType: string | undefined) =>
  goType === undefined ? goTypeOf(schema) : goDescriptorName(goType);

function checkScalar(n: JsonNode, schema: SchemaNode, ctx: Context, st: State, goTypeHint?: string): void {
  const goType = goTypeName(schema, goTypeHint);
  const save = (value: string) => {
    st.saved ??= typeError(value, goType, ctx);
  };
  switch (schema.type) {
    case 'string':
      if (n.kind !== 'string') {
        if (schema.format === 'byte' && n.kind === 'array') {
          for (const item of n.items) checkScalar(item, { type: 'integer', format: 'uint8' }, ctx, st);
          return;
        }
        save(valueName(n));
        return;
      }
      if (schema.format === 'byte') {
        const err = base64Error(n.value);
        if (err !== undefined) st.saved ??= plain(err);
      }
      return;
    case 'boolean':
      if (n.kind !== 'bool') save(valueName(n));
      return;
    case 'integer':
      if (n.kind === 'number') {
        const t = schema.format === 'uint8' ? 'uint8' : goType;
        if (!fitsInt(n.raw, t)) st.saved ??= typeError(`number ${n.raw}`, t, ctx);
      } else save(valueName(n));
      return;
    case 'number':
      if (n.kind === 'number') {
        if (!Number.isFinite(Number(n.raw))) save(`number ${n.raw}`);
      } else save(valueName(n));
      return;
  }
}

function check(n: JsonNode, schema: SchemaNode, ctx: Context, st: State, goType?: string): void {
  if (st.fatal !== undefined || n.kind === 'null') return;
  if (schema.$ref !== undefined) {
    const name = refName(schema.$ref);
    const def = DEFINITIONS[name];
    if (def !== undefined) checkDefinition(n, name, def, ctx, st);
    return;
  }
  if (schema.type === 'array') {
    if (n.kind !== 'array') {
      st.saved ??= typeError(valueName(n), goTypeName(schema, goType), ctx);
      return;
    }
    const elem = goType === undefined ? undefined : goDescriptorElem(goType);
    if (schema.items) for (const item of n.items) check(item, schema.items, ctx, st, elem);
    return;
  }
  if (schema.type === 'object') {
    if (n.kind !== 'object') {
      st.saved ??= typeError(valueName(n), goTypeName(schema, goType), ctx);
      return;
    }
    const values = schema.additionalProperties;
    const elem = goType === undefined ? undefined : goDescriptorElem(goType);
    if (typeof values === 'object') for (const [, v] of n.members) check(v, values, ctx, st, elem);
    return;
  }
  checkScalar(n, schema, ctx, st, goType);
}

function checkDefinition(n: JsonNode, name: string, def: SchemaNode, ctx: Context, st: State): void {
  if (def['x-kubernetes-int-or-string']) {
    if (n.kind === 'string') return;
    if (n.kind === 'number') {
      if (!fitsInt(n.raw, 'int32')) st.fatal = typeError(`number ${n.raw}`, 'int32', ctx);
    } else st.fatal = typeError(valueName(n), 'int32', ctx);
    return;
  }
  switch (def['x-kite-decoder']) {
    case 'quantity': {
      const err = quantityError(n.kind === 'string' ? n.value : rawText(n));
      if (err !== undefined) st.fatal = plain(err);
      return;
    }
    case 'time':
    case 'micro-time': {
      if (n.kind !== 'string') {
        st.fatal = typeError(valueName(n), 'string', ctx);
        return;
      }
      const err = timeError(n.value, def['x-kite-decoder'] === 'micro-time');
      if (err !== undefined) st.fatal = plain(err);
      return;
    }
    case 'schema-or-bool':
      if (n.kind === 'object') nested(n, JSON_SCHEMA_PROPS, ctx, st);
      else if (n.kind !== 'bool') st.fatal = plain('boolean or JSON schema expected');
      return;
    case 'schema-or-array':
    case 'schema-or-string-array':
      // Anything but an object or an array is silently dropped upstream.
      if (n.kind === 'object') nested(n, JSON_SCHEMA_PROPS, ctx, st);
      else if (n.kind === 'array') {
        const items = def['x-kite-decoder'] === 'schema-or-array' ? JSON_SCHEMA_PROPS : { type: 'string' };
        nested(n, { type: 'array', items }, ctx, st);
      }
      return;
    case 'raw':
      return;
    case undefined:
      break;
  }
  if (def.properties === undefined) {
    check(n, def, ctx, st);
    return;
  }
  if (n.kind !== 'object') {
    st.saved ??= typeError(valueName(n), goQualifiedName(name), ctx);
    return;
  }
  const struct = goStructName(name);
  for (const [key, value] of n.members) {
    const prop = own(def.properties, key);
    if (prop === undefined) continue;
    check(value, prop, { struct, fields: [...ctx.fields, key] }, st, own(own(GO_TYPES, name), key));
    if (st.fatal !== undefined) return;
  }
}

function checkRoot(gvk: GroupVersionKind, node: JsonNode): DecodeError | undefined {
  const name = definitionNameFor(gvk);
  const def = name === undefined ? undefined : DEFINITIONS[name];
  if (name === undefined || def === undefined) return undefined;
  const st: State = { saved: undefined, fatal: undefined };
  checkDefinition(node, name, def, ROOT, st);
  const f = st.fatal ?? st.saved;
  return f === undefined ? undefined : format(f);
}

/**
 * Checks the JSON types of a parsed object against the schema of its kind, as the apiserver's
 * decoder would. Returns the single error the decoder would report, or undefined when the
 * types fit or the kind is not served. Number literals are seen as JavaScript prints them
 * (`1.0` arrives as `1`); use typeCheckNode on scanJson output for exact literals. Pure; never throws.
 */
export function typeCheck(gvk: GroupVersionKind, obj: unknown): DecodeError | undefined {
  return checkRoot(gvk, toJsonNode(obj));
}

/** typeCheck for a JsonNode from scanJson (exact number literals, duplicate keys in order). Pure; never throws. */
export function typeCheckNode(gvk: GroupVersionKind, node: JsonNode): DecodeError | undefined {
  return checkRoot(gvk, node);
}

/**
 * The apiserver's 400 message for a body that failed to decode: with the kind the body named,
 * `<Kind> in version "<v>" cannot be handled as a <Into>: <err>`; without, the "unrecognized"
 * form with a short summary of the body.
 */
export function decodeFailureMessage(
  bodyGVK: { kind: string; version: string } | undefined,
  intoKind: string,
  err: string,
  body: string,
): string {
  if (bodyGVK !== undefined && bodyGVK.kind !== '')
    return `${bodyGVK.kind} in version ${JSON.stringify(bodyGVK.version)} cannot be handled as a ${intoKind}: ${err}`;
  const bytes = Buffer.from(body, 'utf8');
  let summary: string;
  if (bytes.length === 0) summary = '<empty>';
  else if (bytes[0] === 0x7b)
    summary = bytes.length > 30 ? `${bytes.subarray(0, 30).toString('utf8')} ...` : body;
  else summary = bytes.length > 30 ? `${bytes.subarray(0, 30).toString('hex')} ...` : bytes.toString('hex');
  return `the object provided is unrecognized (must be of type ${intoKind}): ${err} (${summary})`;
}
