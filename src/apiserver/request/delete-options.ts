import { badRequest, invalid as invalidStatus } from '../../apimachinery/errors/index.js';
import { type FieldError, invalid, notSupported } from '../../apimachinery/field/index.js';
import { type BodyFormat, inputFormat } from './content-type.js';
import type { Parsed } from './list-options.js';
import { first, type Query, QueryConversionError, queryBool, queryInt64 } from './query.js';
import { decodeBody } from './body.js';
import { validateDryRun } from './write-options.js';

/** DeleteOptions as a delete or deletecollection request sends them (body or query). */
export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly orphanDependents?: boolean;
  readonly propagationPolicy?: string;
  readonly dryRun: readonly string[];
  readonly ignoreStoreReadErrorWithClusterBreakingPotential?: boolean;
}

/** The propagation policies upstream knows. */
export const PropagationPolicies: readonly string[] = ['Foreground', 'Background', 'Orphan'];

/**
 * Upstream's ValidateDeleteOptions, in its order: orphanDependents with propagationPolicy,
 * an unknown propagationPolicy, dryRun other than All, and the unsafe-delete flag
 * (ignoreStoreReadErrorWithClusterBreakingPotential=true) combined with any other option. Pure.
 */
export function validateDeleteOptions(o: DeleteOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (o.orphanDependents !== undefined && o.propagationPolicy !== undefined) {
    errs.push(
      invalid(
        'propagationPolicy',
        o.propagationPolicy,
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    );
  }
  if (o.propagationPolicy !== undefined && !PropagationPolicies.includes(o.propagationPolicy)) {
    errs.push(notSupported('propagationPolicy', o.propagationPolicy, [...PropagationPolicies, 'nil']));
  }
  errs.push(...validateDryRun('dryRun', o.dryRun));
  if (o.ignoreStoreReadErrorWithClusterBreakingPotential === true) {
    const p = 'ignoreStoreReadErrorWithClusterBreakingPotential';
    if (o.dryRun.length > 0) errs.push(invalid(p, true, 'cannot be set together with .dryRun'));
    if (o.propagationPolicy !== undefined)
      errs.push(invalid(p, true, 'cannot be set together with .propagationPolicy'));
    if (o.orphanDependents !== undefined)
      errs.push(invalid(p, true, 'cannot be set together with .orphanDependents'));
    if (o.gracePeriodSeconds !== undefined)
      errs.push(invalid(p, true, 'cannot be set together with .gracePeriodSeconds'));
    if (o.preconditions !== undefined)
      errs.push(invalid(p, true, 'cannot be set together with .preconditions'));
  }
  return errs;
}

/**
 * Decodes DeleteOptions from the query as upstream's parameter codec: gracePeriodSeconds is an
 * int64 (400 with Go's strconv text), orphanDependents and the unsafe-delete flag are booleans,
 * propagationPolicy and dryRun are strings; preconditions cannot come from the query. Pure.
 */
export function decodeDeleteQuery(q: Query): Parsed<DeleteOptions> {
  let gracePeriodSeconds: number | undefined;
  try {
    gracePeriodSeconds = queryInt64(q, 'gracePeriodSeconds');
  } catch (e) {
    if (e instanceof QueryConversionError) return { ok: false, error: badRequest(e.message) };
    throw e;
  }
  const o: {
    -readonly [K in keyof DeleteOptions]: DeleteOptions[K];
  } = { dryRun: q.get('dryRun') ?? [] };
  if (gracePeriodSeconds !== undefined) o.gracePeriodSeconds = gracePeriodSeconds;
  const orphan = queryBool(q, 'orphanDependents');
  if (orphan !== undefined) o.orphanDependents = orphan;
  const policy = first(q, 'propagationPolicy');
  if (policy !== undefined) o.propagationPolicy = policy;
  const unsafe = queryBool(q, 'ignoreStoreReadErrorWithClusterBreakingPotential');
  if (unsafe !== undefined) o.ignoreStoreReadErrorWithClusterBreakingPotential = unsafe;
  return { ok: true, value: o };
}

/**
 * The delete handler's options: a non-empty body (JSON or YAML per `contentType`; 415 for other
 * types) takes precedence over the query entirely, as upstream. Body shape errors are 400s
 * naming the field and the Go type expected. Invalid combinations are a 422
 * `DeleteOptions.meta.k8s.io "" is invalid: ...`. Pure.
 */
export function deleteOptionsForRequest(
  q: Query,
  body: Uint8Array | undefined,
  contentType: string | undefined,
): Parsed<DeleteOptions> {
  let decoded: Parsed<DeleteOptions>;
  if (body !== undefined && body.length > 0) {
    const fmt = inputFormat(contentType);
    if (!fmt.ok) return fmt;
    decoded = decodeDeleteBody(body, fmt.value);
  } else {
    decoded = decodeDeleteQuery(q);
  }
  if (!decoded.ok) return decoded;
  const errs = validateDeleteOptions(decoded.value);
  if (errs.length > 0) {
    return { ok: false, error: invalidStatus({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errs) };
  }
  return decoded;
}

function decodeDeleteBody(body: Uint8Array, fmt: BodyFormat): Parsed<DeleteOptions> {
  const doc = decodeBody(body, fmt);
  if (!doc.ok) return doc;
  const v = doc.value;
  if (v === null) return { ok: true, value: { dryRun: [] } };
  if (typeof v !== 'object' || Array.isArray(v)) {
    return bad(`json: cannot unmarshal ${jsonType(v)} into Go value of type v1.DeleteOptions`);
  }
  const r = v as Record<string, unknown>;
  if (r['kind'] !== undefined && r['kind'] !== '' && r['kind'] !== 'DeleteOptions') {
    return bad('decoded object cannot be converted to DeleteOptions');
  }
  const o: { -readonly [K in keyof DeleteOptions]: DeleteOptions[K] } = { dryRun: [] };
  const fieldErr = (field: string, type: string, val: unknown): Parsed<DeleteOptions> =>
    bad(
      `json: cannot unmarshal ${jsonType(val)} into Go struct field DeleteOptions.${field} of type ${type}`,
    );
  for (const [k, val] of Object.entries(r)) {
    if (val === null) continue;
    switch (k) {
      case 'gracePeriodSeconds':
        if (typeof val !== 'number' || !Number.isSafeInteger(val)) return fieldErr(k, 'int64', val);
        o.gracePeriodSeconds = val;
        break;
      case 'orphanDependents':
      case 'ignoreStoreReadErrorWithClusterBreakingPotential':
        if (typeof val !== 'boolean') return fieldErr(k, 'bool', val);
        o[k] = val;
        break;
      case 'propagationPolicy':
        if (typeof val !== 'string') return fieldErr(k, 'v1.DeletionPropagation', val);
        o.propagationPolicy = val;
        break;
      case 'dryRun':
        if (!Array.isArray(val)) return fieldErr(k, '[]string', val);
        {
          const wrong = val.find((x) => typeof x !== 'string' && x !== null);
          if (wrong !== undefined) return fieldErr(k, 'string', wrong);
        }
        // Go leaves a null element as the zero string.
        o.dryRun = val.map((x) => (typeof x === 'string' ? x : ''));
        break;
      case 'preconditions': {
        if (typeof val !== 'object' || Array.isArray(val)) return fieldErr(k, 'v1.Preconditions', val);
        const pc: { uid?: string; resourceVersion?: string } = {};
        for (const [pk, pv] of Object.entries(val as Record<string, unknown>)) {
          if ((pk !== 'uid' && pk !== 'resourceVersion') || pv === null) continue;
          if (typeof pv !== 'string') return fieldErr(`preconditions.${pk}`, 'string', pv);
          pc[pk] = pv;
        }
        o.preconditions = pc;
        break;
      }
      default:
        break;
    }
  }
  return { ok: true, value: o };
}

function bad(message: string): Parsed<DeleteOptions> {
  return { ok: false, error: badRequest(message) };
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return 'object';
}
