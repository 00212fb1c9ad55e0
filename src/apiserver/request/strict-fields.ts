import { parseAllDocuments } from 'yaml';
import {
  findStrictFieldErrors,
  findUnknownFields,
  type GroupVersionKind,
  type JsonNode,
} from '../../api/index.js';
import { badRequest } from '../../apimachinery/errors/index.js';
import { type Scanned, scanGoJSON } from '../../apimachinery/json/index.js';
import { MAX_BODY_DEPTH } from './body.js';
import type { BodyFormat } from './content-type.js';
import type { Parsed } from './list-options.js';

function toNode(s: Scanned): JsonNode {
  switch (s.t) {
    case 'null':
      return { kind: 'null' };
    case 'bool':
      return { kind: 'bool', value: s.v };
    case 'number':
      return { kind: 'number', raw: s.text };
    case 'string':
      return { kind: 'string', value: s.v };
    case 'array':
      return { kind: 'array', items: s.items.map(toNode) };
    case 'object':
      return { kind: 'object', members: s.entries.map(([k, v]) => [k, toNode(v)] as const) };
  }
}

/**
 * What upstream's strict decoder finds in a create or update body of `gvk`: unknown fields (and,
 * for JSON, duplicate fields) in document order, as `unknown field "spec.foo"` texts. A body that
 * does not parse, or that names another kind or version, gives [] (decoding reports the former,
 * the registry the latter). Pure; never throws.
 */
export function strictFieldProblems(body: Uint8Array, fmt: BodyFormat, gvk: GroupVersionKind): string[] {
  const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
  try {
    if (fmt === 'json') {
      const node = toNode(scanGoJSON(body, MAX_BODY_DEPTH));
      if (node.kind !== 'object' || !namesType(node, apiVersion, gvk.kind)) return [];
      return findStrictFieldErrors(gvk, node).map((e) => e.message);
    }
    const [doc] = parseAllDocuments(new TextDecoder().decode(body), { uniqueKeys: false });
    if (doc === undefined || doc.errors.length > 0) return [];
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    const o = value as Record<string, unknown>;
    if (o['apiVersion'] !== apiVersion || o['kind'] !== gvk.kind) return [];
    return findUnknownFields(gvk, o).map((e) => e.message);
  } catch {
    return [];
  }
}

function namesType(node: Extract<JsonNode, { kind: 'object' }>, apiVersion: string, kind: string): boolean {
  let v: unknown;
  let k: unknown;
  for (const [key, value] of node.members) {
    if (key === 'apiVersion' && value.kind === 'string') v = value.value;
    if (key === 'kind' && value.kind === 'string') k = value.value;
  }
  return v === apiVersion && k === kind;
}

/**
 * Upstream's handling of strict decoding findings under a `fieldValidation` directive (empty
 * means Warn): Strict fails with 400 `<Kind> in version "<v>" cannot be handled as a <Kind>:
 * strict decoding error: <problems>`; Warn answers the problems as warnings; Ignore drops them.
 * Pure.
 */
export function fieldValidationOutcome(
  directive: string,
  problems: readonly string[],
  gvk: GroupVersionKind,
): Parsed<readonly string[]> {
  if (problems.length === 0 || directive === 'Ignore') return { ok: true, value: [] };
  if (directive === 'Strict') {
    const cause = `strict decoding error: ${problems.join(', ')}`;
    return {
      ok: false,
      error: badRequest(
        `${gvk.kind} in version ${JSON.stringify(gvk.version)} cannot be handled as a ${gvk.kind}: ${cause}`,
      ),
    };
  }
  return { ok: true, value: problems };
}
