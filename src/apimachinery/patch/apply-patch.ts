import { GoJSONSyntaxError, MAX_OBJECT_DEPTH, plainValue, scanGoJSON } from '../json/index.js';
import { PatchError, type PatchErrorReason } from './errors.js';
import { applyJsonPatch, decodeJsonPatch, goJsonKind, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import type { PatchSchema } from './schema.js';
import { strategicMergePatch } from './strategic-merge.js';
import type { JsonObject, JsonValue } from './values.js';
import { isObject } from './values.js';

/** RFC 6902 JSON Patch media type. */
export const JSON_PATCH_TYPE = 'application/json-patch+json';
/** RFC 7386 JSON Merge Patch media type. */
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';
/** Kubernetes strategic merge patch media type. */
export const STRATEGIC_MERGE_PATCH_TYPE = 'application/strategic-merge-patch+json';
/** Server-side apply media type (handled by the field manager, not here). */
export const APPLY_YAML_PATCH_TYPE = 'application/apply-patch+yaml';

/** Patch types a built-in resource accepts, in upstream's order (used in the 415 message). */
export const BUILTIN_PATCH_TYPES: readonly string[] = [
  JSON_PATCH_TYPE,
  MERGE_PATCH_TYPE,
  STRATEGIC_MERGE_PATCH_TYPE,
  APPLY_YAML_PATCH_TYPE,
];

/** Patch types a custom resource accepts (no strategic merge patch). */
export const CUSTOM_RESOURCE_PATCH_TYPES: readonly string[] = [
  JSON_PATCH_TYPE,
  MERGE_PATCH_TYPE,
  APPLY_YAML_PATCH_TYPE,
];

/** The `fieldValidation` directive of the request; upstream's default is Warn. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** Options of applyPatch. */
export interface ApplyPatchOptions {
  /** Media types the resource accepts. Defaults to BUILTIN_PATCH_TYPES. */
  readonly patchTypes?: readonly string[];
  /** How unknown fields in JSON patch operations are reported. Defaults to 'Warn'. */
  readonly fieldValidation?: FieldValidation;
  /** Cap on bytes added by JSON patch `copy` operations; kube-apiserver's default is 3 MiB. */
  readonly maxCopyBytes?: number;
}

/** Outcome of applyPatch, to be turned into a metav1.Status by the caller on failure. */
export type ApplyPatchResult =
  | { readonly ok: true; readonly object: JsonObject; readonly warnings: readonly string[] }
  | {
      readonly ok: false;
      readonly error: {
        readonly reason: PatchErrorReason;
        readonly code: number;
        readonly message: string;
        /** The underlying library error when `message` is upstream's generic text. */
        readonly cause?: string;
      };
    };

const CODES: Record<PatchErrorReason, number> = {
  BadRequest: 400,
  Invalid: 422,
  Conflict: 409,
  Unknown: 500,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
};

function failure(reason: PatchErrorReason, message: string, cause?: string): ApplyPatchResult {
  return {
    ok: false,
    error: { reason, code: CODES[reason], message, ...(cause === undefined ? {} : { cause }) },
  };
}

/** An error upstream does not classify: code 500, empty reason, the error text as message. */
function internal(message: string): ApplyPatchResult {
  return failure('Unknown', message);
}

function fromPatchError(e: PatchError): ApplyPatchResult {
  return e.reason === 'Unknown' ? internal(e.message) : failure(e.reason, e.message);
}

/** The 422 kube-apiserver answers when a patched document cannot be decoded as an object. */
function notAnObject(result: JsonValue): ApplyPatchResult {
  const detail =
    `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonKind(result)} into Go value of type ` +
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  return failure(
    'Invalid',
    ` "" is invalid: patch: Invalid value: ${JSON.stringify(JSON.stringify(result))}: ${detail}`,
  );
}

const JSON_PATCH_OP_FIELDS = new Set(['op', 'path', 'from', 'value']);

/**
 * The strict decoding kube-apiserver runs on JSON patches unless fieldValidation is
 * Ignore: a fatal shape error, or the list of unknown-field complaints.
 */
function strictDecodeJsonPatch(body: JsonValue): { fatal: string } | { strict: string[] } {
  const prefix = 'error decoding patch: json: cannot unmarshal';
  if (body === null) return { strict: [] };
  if (!Array.isArray(body))
    return { fatal: `${prefix} ${goJsonKind(body)} into Go value of type []handlers.jsonPatchOp` };
  const strict: string[] = [];
  for (const op of body) {
    if (op === null) continue;
    if (!isObject(op))
      return { fatal: `${prefix} ${goJsonKind(op)} into Go value of type handlers.jsonPatchOp` };
    for (const [k, v] of Object.entries(op)) {
      if (!JSON_PATCH_OP_FIELDS.has(k)) {
        strict.push(`json patch unknown field ${JSON.stringify(k)}`);
      } else if (k !== 'value' && v !== null && typeof v !== 'string') {
        return { fatal: `${prefix} ${goJsonKind(v)} into Go struct field jsonPatchOp.${k} of type string` };
      }
    }
  }
  return { strict };
}

function parseBody(
  body: string | Uint8Array,
): { ok: true; value: JsonValue } | { ok: false; syntax: string } {
  // Go's decoder accepts invalid UTF-8 inside strings and reads it as U+FFFD, as the scanner does.
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  try {
    return { ok: true, value: plainValue(scanGoJSON(bytes, MAX_OBJECT_DEPTH)) as JsonValue };
  } catch (e) {
    if (e instanceof GoJSONSyntaxError) return { ok: false, syntax: e.message };
    throw e;
  }
}

/**
 * The 400 upstream answers for a patch body that is not JSON, by patch type: the strict decode
 * (every fieldValidation but Ignore) prefixes Go's syntax error with `error decoding patch: `;
 * without it a JSON patch reports the bare syntax error and a merge patch the JSON-patch
 * library's `Invalid JSON Patch`; a strategic merge patch reports the bare error either way.
 */
function syntaxFailure(patchType: string, syntax: string, validation: FieldValidation): ApplyPatchResult {
  const strict = validation !== 'Ignore';
  switch (patchType) {
    case JSON_PATCH_TYPE:
      return failure('BadRequest', strict ? `error decoding patch: ${syntax}` : syntax);
    case MERGE_PATCH_TYPE:
      return failure('BadRequest', strict ? `error decoding patch: ${syntax}` : 'Invalid JSON Patch');
    case STRATEGIC_MERGE_PATCH_TYPE:
      return failure('BadRequest', syntax);
    default:
      // Apply bodies are YAML and belong to the field manager; kept as before.
      return failure('BadRequest', 'invalid JSON patch');
  }
}

function runJsonPatch(original: JsonObject, body: JsonValue, options: ApplyPatchOptions): ApplyPatchResult {
  const validation = options.fieldValidation ?? 'Warn';
  let strict: string[] = [];
  if (validation !== 'Ignore') {
    const decoded = strictDecodeJsonPatch(body);
    if ('fatal' in decoded) return failure('BadRequest', decoded.fatal);
    strict = decoded.strict;
  }
  const ops = decodeJsonPatch(body);
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    return failure(
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  let result: JsonValue;
  try {
    result = applyJsonPatch(
      original,
      ops,
      options.maxCopyBytes === undefined ? {} : { maxCopyBytes: options.maxCopyBytes },
    );
  } catch (e) {
    if (e instanceof PatchError && e.reason === 'Invalid') {
      return failure('Invalid', 'the server rejected our request due to an error in our request', e.message);
    }
    throw e;
  }
  if (!isObject(result)) return notAnObject(result);
  if (strict.length > 0 && validation === 'Strict') {
    const detail = `strict decoding error: ${strict.join(', ')}`;
    return failure(
      'Invalid',
      ` "" is invalid: patch: Invalid value: ${JSON.stringify(JSON.stringify(result))}: ${detail}`,
    );
  }
  return { ok: true, object: result, warnings: strict };
}

function runMergePatch(original: JsonObject, body: JsonValue, options: ApplyPatchOptions): ApplyPatchResult {
  if ((options.fieldValidation ?? 'Warn') !== 'Ignore' && body !== null && !isObject(body)) {
    return failure(
      'BadRequest',
      `error decoding patch: json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`,
    );
  }
  const result = applyMergePatch(original, body);
  return isObject(result) ? { ok: true, object: result, warnings: [] } : notAnObject(result);
}

function runStrategicPatch(
  original: JsonObject,
  body: JsonValue,
  schema: PatchSchema | undefined,
): ApplyPatchResult {
  if (body !== null && !isObject(body)) {
    return failure(
      'BadRequest',
      `json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`,
    );
  }
  return { ok: true, object: strategicMergePatch(original, body, schema), warnings: [] };
}

/**
 * Applies a PATCH request body to the current object as kube-apiserver does, by
 * media type (`; charset=...` parameters ignored). Pure; never throws for bad
 * input: failures come back as `{ ok: false, error }` carrying upstream's Status
 * reason, code and message. `schema` drives strategic merge patches (undefined:
 * JSON-merge semantics). Server-side apply bodies (`application/apply-patch+yaml`)
 * belong to the field manager and are answered as unimplemented here.
 */
export function applyPatch(
  contentType: string,
  original: JsonObject,
  patchBody: string | Uint8Array,
  schema: PatchSchema | undefined,
  options: ApplyPatchOptions = {},
): ApplyPatchResult {
  const semi = contentType.indexOf(';');
  const patchType = semi > 0 ? contentType.slice(0, semi) : contentType;
  const accepted = options.patchTypes ?? BUILTIN_PATCH_TYPES;
  if (!accepted.includes(patchType)) {
    return failure(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    );
  }
  const parsed = parseBody(patchBody);
  if (!parsed.ok) return syntaxFailure(patchType, parsed.syntax, options.fieldValidation ?? 'Warn');
  try {
    switch (patchType) {
      case JSON_PATCH_TYPE:
        return runJsonPatch(original, parsed.value, options);
      case MERGE_PATCH_TYPE:
        return runMergePatch(original, parsed.value, options);
      case STRATEGIC_MERGE_PATCH_TYPE:
        return runStrategicPatch(original, parsed.value, schema);
      default:
        return internal(`${patchType}: unimplemented patch type`);
    }
  } catch (e) {
    if (e instanceof PatchError) return fromPatchError(e);
    throw e;
  }
}
