import { invalid as invalidStatus } from '../../apimachinery/errors/index.js';
import { type FieldError, forbidden, notSupported, path, required } from '../../apimachinery/field/index.js';
import { FieldManagerMaxLength, validateFieldManager } from '../../apimachinery/validation/index.js';
import type { Parsed } from './list-options.js';
import { first, type Query, queryBool } from './query.js';

/** The only dryRun value upstream accepts. */
export const DryRunAll = 'All';

/** How unknown or duplicate fields in a write are treated. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** `dryRun`, `fieldManager` and `fieldValidation` of a create or update, as sent. */
export interface WriteOptions {
  readonly dryRun: readonly string[];
  /** '' when not given; see fieldManagerFor. */
  readonly fieldManager: string;
  /** '' when not given; see effectiveFieldValidation. */
  readonly fieldValidation: string;
}

/** A patch's options: the write options plus `force` (apply patches only). */
export interface PatchOptions extends WriteOptions {
  readonly force: boolean | undefined;
}

/** The apply patch content types; `force` is allowed and `fieldManager` required only for them. */
export const ApplyPatchTypes: readonly string[] = [
  'application/apply-patch+yaml',
  'application/apply-patch+cbor',
];

/** Upstream's ValidateDryRun: every value must be `All`. Pure. */
export function validateDryRun(fieldPath: string, dryRun: readonly string[]): FieldError[] {
  return dryRun.every((v) => v === DryRunAll) ? [] : [notSupported(fieldPath, [...dryRun], [DryRunAll])];
}

/** Upstream's ValidateFieldValidation: '', Ignore, Warn or Strict (listed sorted, as upstream). Pure. */
export function validateFieldValidation(fieldPath: string, v: string): FieldError[] {
  const allowed = ['', 'Ignore', 'Strict', 'Warn'];
  return allowed.includes(v) ? [] : [notSupported(fieldPath, v, allowed)];
}

function decodeWrite(q: Query): WriteOptions {
  return {
    dryRun: q.get('dryRun') ?? [],
    fieldManager: first(q, 'fieldManager') ?? '',
    fieldValidation: first(q, 'fieldValidation') ?? '',
  };
}

function validateWrite(o: WriteOptions): FieldError[] {
  return [
    ...validateFieldManager(o.fieldManager, path('fieldManager')),
    ...validateDryRun('dryRun', o.dryRun),
    ...validateFieldValidation('fieldValidation', o.fieldValidation),
  ];
}

function checked<T>(kind: string, value: T, errs: FieldError[]): Parsed<T> {
  if (errs.length === 0) return { ok: true, value };
  return { ok: false, error: invalidStatus({ group: 'meta.k8s.io', kind }, '', errs) };
}

/**
 * The create handler's options from the query: decoding never fails (strings and string lists);
 * invalid values are a 422 `CreateOptions.meta.k8s.io "" is invalid: ...` listing every problem
 * (fieldManager too long or unprintable, dryRun other than All, unknown fieldValidation). Pure.
 */
export function createOptionsForRequest(q: Query): Parsed<WriteOptions> {
  const o = decodeWrite(q);
  return checked('CreateOptions', o, validateWrite(o));
}

/** As createOptionsForRequest, for an update (422 names `UpdateOptions`). Pure. */
export function updateOptionsForRequest(q: Query): Parsed<WriteOptions> {
  const o = decodeWrite(q);
  return checked('UpdateOptions', o, validateWrite(o));
}

/**
 * A patch's options for the given patch content type: besides the write checks, `force` is
 * forbidden unless the patch is an apply patch, and an apply patch requires `fieldManager`.
 * Invalid → 422 `PatchOptions.meta.k8s.io "" is invalid: ...`. Pure.
 */
export function patchOptionsForRequest(q: Query, patchType: string): Parsed<PatchOptions> {
  const o: PatchOptions = { ...decodeWrite(q), force: queryBool(q, 'force') };
  const errs: FieldError[] = [];
  if (!ApplyPatchTypes.includes(patchType)) {
    if (o.force !== undefined) errs.push(forbidden('force', 'may not be specified for non-apply patch'));
  } else if (o.fieldManager === '') {
    errs.push(required('fieldManager', 'is required for apply patch'));
  }
  errs.push(...validateWrite(o));
  return checked('PatchOptions', o, errs);
}

/** The field validation the server applies: the requested one, Warn when none was given. */
export function effectiveFieldValidation(requested: string): FieldValidation {
  return requested === 'Ignore' || requested === 'Strict' ? requested : 'Warn';
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * The manager recorded in managedFields: the given fieldManager, or else the user agent's
 * product (text before the first `/`), unprintable characters dropped, cut to at most 128 bytes
 * on a character boundary (`kubectl/v1.36.0 (linux/amd64)` → `kubectl`). Pure.
 */
export function fieldManagerFor(fieldManager: string, userAgent: string): string {
  if (fieldManager !== '') return fieldManager;
  const product = userAgent.split('/')[0] ?? '';
  let out = '';
  let bytes = 0;
  for (const ch of product) {
    if (!printable.test(ch)) continue;
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > FieldManagerMaxLength) break;
    out += ch;
    bytes += n;
  }
  return out;
}
