import { badRequest } from '../../apimachinery/errors/index.js';
import { decodeBody } from '../request/index.js';

/** The server-side apply media type. */
export const APPLY_PATCH_TYPE = 'application/apply-patch+yaml';

/** Whether a PATCH content type (parameters allowed) is a server-side apply. Pure. */
export function isApplyPatch(contentType: string): boolean {
  const semi = contentType.indexOf(';');
  return (semi > 0 ? contentType.slice(0, semi) : contentType) === APPLY_PATCH_TYPE;
}

function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}

/**
 * Decodes an apply body (YAML, of which JSON is a subset) into an object; an empty document is
 * an empty object. Throws the 400 `error decoding YAML: ...` upstream answers. Pure.
 */
export function decodeApplyBody(body: string | Uint8Array): Record<string, unknown> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const decoded = decodeBody(bytes, 'yaml');
  if (!decoded.ok) throw badRequest(`error decoding YAML: ${decoded.error.message}`);
  const v = decoded.value;
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw badRequest(
      `error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${goKind(v)} into Go value of type map[string]interface {}`,
    );
  }
  return v as Record<string, unknown>;
}
