import { goPanicError, PatchError } from './errors.js';
import type { JsonObject, JsonValue } from './values.js';
import { deepClone, deepEqual, getOwn, goJsonSize, hasOwn, isObject, setOwn } from './values.js';

/**
 * RFC 6902 JSON Patch with the behaviour kube-apiserver exposes: it runs
 * gopkg.in/evanphx/json-patch.v4, whose quirks clients can observe and which kite
 * keeps: negative array indices count from the end, `replace` on a missing object
 * key adds it, `test` of a missing path against null passes, `copy` from a missing
 * object key copies null, and a path without a leading slash is resolved by its
 * last segment only. Errors carry that library's texts.
 */

/** One decoded operation: the raw members of the operation object. */
export type JsonPatchOperation = JsonObject | null;

/** Upstream's cap on the number of operations in one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** kube-apiserver's default cap on bytes added by `copy` operations (3 MiB). */
export const DEFAULT_JSON_PATCH_MAX_COPY_BYTES = 3 * 1024 * 1024;

/** Go's encoding/json name for the JSON type of a value, as used in its decode errors. */
export function goJsonKind(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'array' : 'object';
}

/**
 * Checks that a decoded body has the shape of a JSON patch (an array of objects, or
 * null for an empty patch). Throws PatchError('BadRequest') with the decoder's text
 * otherwise. Pure.
 */
export function decodeJsonPatch(body: JsonValue): JsonPatchOperation[] {
  if (body === null) return [];
  if (!Array.isArray(body)) {
    throw new PatchError(
      'BadRequest',
      `json: cannot unmarshal ${goJsonKind(body)} into Go value of type jsonpatch.Patch`,
    );
  }
  for (const op of body) {
    if (op !== null && !isObject(op)) {
      throw new PatchError(
        'BadRequest',
        `json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  return body as JsonPatchOperation[];
}

/** Options for applyJsonPatch. */
export interface JsonPatchOptions {
  /** Cap on the bytes `copy` operations may add, 0 for none. Defaults to 3 MiB as kube-apiserver. */
  readonly maxCopyBytes?: number;
}

type Container = JsonObject | JsonValue[];

/** A member of an operation read as a string: value, absent, or a decode error text. */
type StringField = { kind: 'ok'; value: string } | { kind: 'missing' } | { kind: 'bad'; message: string };

function stringField(op: JsonPatchOperation, name: string): StringField {
  const raw = op === null ? undefined : getOwn(op, name);
  if (raw === undefined || raw === null) return { kind: 'missing' };
  if (typeof raw !== 'string') {
    return { kind: 'bad', message: `json: cannot unmarshal ${goJsonKind(raw)} into Go value of type string` };
  }
  return { kind: 'ok', value: raw };
}

/** The op's value member; undefined when absent (upstream's nil node). */
function opValue(op: JsonPatchOperation): JsonValue | undefined {
  if (op === null || !hasOwn(op, 'value')) return undefined;
  return op['value'] as JsonValue;
}

function decodeToken(token: string): string {
  return token.replace(/~1|~0/g, (m) => (m === '~1' ? '/' : '~'));
}

/** Go's strconv.Atoi: a decimal with optional sign, or an error text. */
function atoi(s: string): { ok: true; value: number } | { ok: false; message: string } {
  if (!/^[+-]?[0-9]+$/.test(s)) return { ok: false, message: `strconv.Atoi: parsing "${s}": invalid syntax` };
  const n = Number(s);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63 - 1) {
    return { ok: false, message: `strconv.Atoi: parsing "${s}": value out of range` };
  }
  return { ok: true, value: n };
}

const missing = 'missing value';
const invalidIndex = (idx: number) => `Unable to access invalid index: ${idx}: invalid index referenced`;

/** Resolves the parent container of `path` and the final (decoded) key; undefined when absent. */
function findObject(doc: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let con: Container = doc;
  for (const part of split.slice(1, -1)) {
    const next = getFrom(con, decodeToken(part));
    if (!next.ok || next.value === undefined || next.value === null) return undefined;
    if (typeof next.value !== 'object') return undefined;
    con = next.value;
  }
  return { con, key: decodeToken(split[split.length - 1] as string) };
}

type Got = { ok: true; value: JsonValue | undefined } | { ok: false; message: string };

function getFrom(con: Container, key: string): Got {
  if (!Array.isArray(con)) return { ok: true, value: getOwn(con, key) };
  const parsed = atoi(key);
  if (!parsed.ok) return parsed;
  let idx = parsed.value;
  if (idx < 0) {
    if (idx < -con.length) return { ok: false, message: invalidIndex(idx) };
    idx += con.length;
  }
  if (idx >= con.length) return { ok: false, message: invalidIndex(parsed.value) };
  return { ok: true, value: con[idx] };
}

/** Adds or inserts; returns an error text or undefined. */
function addTo(con: Container, key: string, value: JsonValue): string | undefined {
  if (!Array.isArray(con)) {
    setOwn(con, key, value);
    return undefined;
  }
  if (key === '-') {
    con.push(value);
    return undefined;
  }
  const parsed = atoi(key);
  if (!parsed.ok) return `value was not a proper array index: '${key}': ${parsed.message}`;
  let idx = parsed.value;
  const size = con.length + 1;
  if (idx >= size) return invalidIndex(idx);
  if (idx < 0) {
    if (idx < -size) return invalidIndex(idx);
    idx += size;
  }
  con.splice(idx, 0, value);
  return undefined;
}

function removeFrom(con: Container, key: string): string | undefined {
  if (!Array.isArray(con)) {
    if (!hasOwn(con, key)) return `Unable to remove nonexistent key: ${key}: ${missing}`;
    delete con[key];
    return undefined;
  }
  const parsed = atoi(key);
  if (!parsed.ok) return parsed.message;
  let idx = parsed.value;
  if (idx >= con.length) return invalidIndex(idx);
  if (idx < 0) {
    if (idx < -con.length) return invalidIndex(idx);
    idx += con.length;
  }
  con.splice(idx, 1);
  return undefined;
}

/** Replaces an existing element (the caller has checked it exists). */
function setIn(con: Container, key: string, value: JsonValue): void {
  if (!Array.isArray(con)) {
    setOwn(con, key, value);
    return;
  }
  const parsed = atoi(key);
  if (!parsed.ok) return;
  const idx = parsed.value < 0 ? parsed.value + con.length : parsed.value;
  con[idx] = value;
}

class OpFailure extends Error {}

function fail(message: string): never {
  throw new OpFailure(message);
}

interface State {
  doc: Container;
  copied: number;
  readonly maxCopyBytes: number;
}

function pathOf(
  op: JsonPatchOperation,
  onError: (f: StringField & { kind: 'missing' | 'bad' }) => string,
): string {
  const f = stringField(op, 'path');
  if (f.kind !== 'ok') fail(onError(f));
  return f.value;
}

const missingPathField = `operation missing path field: ${missing}`;
const missingFromField = `operation, missing from field: ${missing}`;

function fieldError(f: { kind: 'missing' } | { kind: 'bad'; message: string }, missingText: string): string {
  return f.kind === 'missing' ? missingText : f.message;
}

function opAdd(s: State, op: JsonPatchOperation): void {
  const path = pathOf(op, () => `add operation failed to decode path: ${missing}`);
  const found = findObject(s.doc, path);
  if (!found) fail(`add operation does not apply: doc is missing path: "${path}": ${missing}`);
  const err = addTo(found.con, found.key, opValue(op) ?? null);
  if (err !== undefined) fail(`error in add for path: '${path}': ${err}`);
}

function opRemove(s: State, op: JsonPatchOperation): void {
  const path = pathOf(op, () => `remove operation failed to decode path: ${missing}`);
  const found = findObject(s.doc, path);
  if (!found) fail(`remove operation does not apply: doc is missing path: "${path}": ${missing}`);
  const err = removeFrom(found.con, found.key);
  if (err !== undefined) fail(`error in remove for path: '${path}': ${err}`);
}

function opReplace(s: State, op: JsonPatchOperation): void {
  const path = pathOf(
    op,
    (f) => `replace operation failed to decode path: ${fieldError(f, missingPathField)}`,
  );
  const value = opValue(op);
  if (path === '') {
    // Upstream dereferences the missing value and panics.
    if (value === undefined) throw goPanicError();
    // Go formats its nil error with %w here, hence the odd tail of this message.
    if (value === null || typeof value !== 'object') {
      fail('replace operation value must be object or array: %!w(<nil>)');
    }
    s.doc = value;
    return;
  }
  const found = findObject(s.doc, path);
  if (!found) fail(`replace operation does not apply: doc is missing path: ${path}: ${missing}`);
  if (!getFrom(found.con, found.key).ok) {
    fail(`replace operation does not apply: doc is missing key: ${path}: ${missing}`);
  }
  setIn(found.con, found.key, value ?? null);
}

function opMove(s: State, op: JsonPatchOperation): void {
  const fromField = stringField(op, 'from');
  if (fromField.kind !== 'ok') {
    fail(`move operation failed to decode from: ${fieldError(fromField, missingFromField)}`);
  }
  const from = fromField.value;
  const src = findObject(s.doc, from);
  if (!src) fail(`move operation does not apply: doc is missing from path: ${from}: ${missing}`);
  const got = getFrom(src.con, src.key);
  if (!got.ok) fail(`error in move for path: '${src.key}': ${got.message}`);
  const removed = removeFrom(src.con, src.key);
  if (removed !== undefined) fail(`error in move for path: '${src.key}': ${removed}`);
  const path = pathOf(op, (f) => `move operation failed to decode path: ${fieldError(f, missingPathField)}`);
  const dst = findObject(s.doc, path);
  if (!dst) fail(`move operation does not apply: doc is missing destination path: ${path}: ${missing}`);
  const err = addTo(dst.con, dst.key, got.value ?? null);
  if (err !== undefined) fail(`error in move for path: '${path}': ${err}`);
}

function opTest(s: State, op: JsonPatchOperation): void {
  const path = pathOf(op, (f) => `test operation failed to decode path: ${fieldError(f, missingPathField)}`);
  const value = opValue(op);
  if (path === '') {
    if (value === undefined) throw goPanicError();
    if (!deepEqual(s.doc, value)) fail(`testing value ${path} failed: test failed`);
    return;
  }
  const found = findObject(s.doc, path);
  if (!found) fail(`test operation does not apply: is missing path: ${path}: ${missing}`);
  const got = getFrom(found.con, found.key);
  if (!got.ok) fail(`error in test for path: '${path}': ${got.message}`);
  const actual = got.value ?? null;
  // Upstream treats an absent or null target as matching an absent or null value.
  if (actual === null) {
    if (value === undefined || value === null) return;
    fail(`testing value ${path} failed: test failed`);
  }
  if (value === undefined || !deepEqual(actual, value)) fail(`testing value ${path} failed: test failed`);
}

function opCopy(s: State, op: JsonPatchOperation): void {
  const fromField = stringField(op, 'from');
  if (fromField.kind !== 'ok') {
    fail(`copy operation failed to decode from: ${fieldError(fromField, missingFromField)}`);
  }
  const from = fromField.value;
  const src = findObject(s.doc, from);
  if (!src) fail(`copy operation does not apply: doc is missing from path: ${from}: ${missing}`);
  const got = getFrom(src.con, src.key);
  if (!got.ok) fail(`error in copy for from: '${from}': ${got.message}`);
  const path = pathOf(op, () => `copy operation failed to decode path: ${missing}`);
  const dst = findObject(s.doc, path);
  if (!dst) fail(`copy operation does not apply: doc is missing destination path: ${path}: ${missing}`);
  const value = got.value ?? null;
  // A missing source copies nothing and counts nothing towards the limit.
  s.copied += got.value === undefined || got.value === null ? 0 : goJsonSize(value);
  if (s.maxCopyBytes > 0 && s.copied > s.maxCopyBytes) {
    fail(
      `Unable to complete the copy, the accumulated size increase of copy is ${s.copied}, exceeding the limit ${s.maxCopyBytes}`,
    );
  }
  const err = addTo(dst.con, dst.key, deepClone(value));
  if (err !== undefined) fail(`error while adding value during copy: ${err}`);
}

const handlers: Record<string, (s: State, op: JsonPatchOperation) => void> = {
  add: opAdd,
  remove: opRemove,
  replace: opReplace,
  move: opMove,
  test: opTest,
  copy: opCopy,
};

/**
 * Applies decoded operations to a document and returns the new document. Pure: the
 * input is never modified, so a failing operation leaves it as it was. Throws
 * PatchError('Invalid') with upstream's text for an operation that does not apply
 * (kube-apiserver answers those with 422).
 */
export function applyJsonPatch(
  doc: JsonValue,
  ops: readonly JsonPatchOperation[],
  options: JsonPatchOptions = {},
): JsonValue {
  if (doc === null || typeof doc !== 'object') {
    throw new PatchError(
      'Invalid',
      `json: cannot unmarshal ${goJsonKind(doc)} into Go value of type jsonpatch.partialDoc`,
    );
  }
  const state: State = {
    doc: deepClone(doc),
    copied: 0,
    maxCopyBytes: options.maxCopyBytes ?? DEFAULT_JSON_PATCH_MAX_COPY_BYTES,
  };
  for (const op of ops) {
    const kindField = op === null ? undefined : getOwn(op, 'op');
    const kind = typeof kindField === 'string' ? kindField : 'unknown';
    const handler = Object.hasOwn(handlers, kind) ? handlers[kind] : undefined;
    try {
      if (handler === undefined) fail(`Unexpected kind: ${kind}`);
      handler(state, op);
    } catch (e) {
      if (e instanceof OpFailure) throw new PatchError('Invalid', e.message);
      throw e;
    }
  }
  return state.doc;
}
