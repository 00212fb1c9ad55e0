import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import { deepEqual } from '../../../apimachinery/meta/index.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { validateOpenAPISchema, validateStructural } from './crd-schema.js';
import { isObj, quietReader, type Reader } from './shape.js';
import { validateWebhookService, validateWebhookURL } from './webhook-client.js';

// Upstream validates the internal form of a CRD. Converting from v1 copies versions[0].name
// to spec.version and moves per-version schemas, subresources and printer columns to the top
// level when every version has the same ones; errors then name `spec.validation`,
// `spec.subresources` and `spec.additionalPrinterColumns`. That conversion is reproduced here.

const columnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const columnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

interface Internal {
  readonly versions: Array<[JsonObject, number]>;
  readonly validation: unknown;
  readonly subresources: unknown;
  readonly columns: unknown;
}

function internalForm(spec: JsonObject, r: Reader): Internal {
  const versions = r.objs(spec, 'versions', path('spec', 'versions'));
  const first = versions[0]?.[0];
  const same = (key: string): boolean =>
    versions.every(([v]) => deepEqual(v[key] ?? null, first?.[key] ?? null));
  const columnsSame = versions.every(([v]) =>
    deepEqual(nonEmpty(v['additionalPrinterColumns']), nonEmpty(first?.['additionalPrinterColumns'])),
  );
  return {
    versions,
    validation: first !== undefined && same('schema') ? (first['schema'] ?? null) : null,
    subresources: first !== undefined && same('subresources') ? (first['subresources'] ?? null) : null,
    columns: first !== undefined && columnsSame ? nonEmpty(first['additionalPrinterColumns']) : null,
  };
}

function nonEmpty(v: unknown): unknown {
  return Array.isArray(v) && v.length > 0 ? v : null;
}

function validateSimpleJSONPath(s: string, p: FieldPath): FieldError[] {
  if (s === '') return [invalid(p, s, 'must not be empty')];
  if (!s.startsWith('.')) return [invalid(p, s, 'must be a simple json path starting with .')];
  return [];
}

function validateSubresources(sub: unknown, p: FieldPath, r: Reader): void {
  if (!isObj(sub)) return;
  const scale = r.obj(sub, 'scale', p.child('scale'));
  if (scale === undefined) return;
  const check = (key: string, prefixes: string[], msg: string, requiredPath: boolean): void => {
    const fp = p.child(`scale.${key}`);
    const value = r.str(scale, key, fp);
    if (value === '') {
      if (requiredPath) r.errs.push(required(fp));
      return;
    }
    const errs = validateSimpleJSONPath(value, fp);
    if (errs.length > 0) r.errs.push(...errs);
    else if (!prefixes.some((x) => value.startsWith(x))) r.errs.push(invalid(fp, value, msg));
  };
  check('specReplicasPath', ['.spec.'], 'should be a json path under .spec', true);
  check('statusReplicasPath', ['.status.'], 'should be a json path under .status', true);
  check(
    'labelSelectorPath',
    ['.spec.', '.status.'],
    'should be a json path under either .spec or .status',
    false,
  );
}

function validateColumns(columns: unknown, p: FieldPath, r: Reader): void {
  if (!Array.isArray(columns)) return;
  columns.forEach((c, i) => {
    if (!isObj(c)) return;
    const cp = p.index(i);
    if (r.str(c, 'name', cp.child('name')) === '') r.errs.push(required(cp.child('name')));
    const type = r.str(c, 'type', cp.child('type'));
    const typeMsg = `must be one of ${columnTypes.join(',')}`;
    if (type === '') r.errs.push(required(cp.child('type'), typeMsg));
    else if (!columnTypes.includes(type)) r.errs.push(invalid(cp.child('type'), type, typeMsg));
    const format = r.str(c, 'format', cp.child('format'));
    if (format !== '' && !columnFormats.includes(format)) {
      r.errs.push(invalid(cp.child('format'), format, `must be one of ${columnFormats.join(',')}`));
    }
    const jsonPath = r.str(c, 'jsonPath', cp.child('JSONPath'));
    if (jsonPath === '') r.errs.push(required(cp.child('JSONPath')));
    else r.errs.push(...validateSimpleJSONPath(jsonPath, cp.child('JSONPath')));
  });
}

function validateSchema(validation: unknown, statusEnabled: boolean, p: FieldPath, r: Reader): void {
  if (!isObj(validation)) return;
  const schema = validation['openAPIV3Schema'];
  if (!isObj(schema)) return;
  const sp = p.child('openAPIV3Schema');
  const errs: FieldError[] = [];
  if (
    statusEnabled &&
    typeof schema['type'] === 'string' &&
    schema['type'] !== '' &&
    schema['type'] !== 'object'
  ) {
    errs.push(
      invalid(
        p.child('openAPIV3Schema.type'),
        schema['type'],
        'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
      ),
    );
  }
  if (schema['nullable'] === true)
    errs.push(forbidden(p.child('openAPIV3Schema.nullable'), 'nullable cannot be true at the root'));
  errs.push(...validateStructural(schema, sp));
  validateOpenAPISchema(schema, sp, true, { forbidDefaults: undefined, insideMeta: false }, errs);
  r.errs.push(...errs);
}

/** Checks a names block (spec.names or status.acceptedNames). Appends to `r.errs`. */
export function validateNames(names: JsonObject | undefined, p: FieldPath, r: Reader): void {
  const get = (k: string): string => r.str(names, k, p.child(k));
  const plural = get('plural');
  const singular = get('singular');
  const kind = get('kind');
  const listKind = get('listKind');
  const joined = (errs: string[]): string => errs.join(',');
  if (plural !== '' && isDNS1035Label(plural).length > 0)
    r.errs.push(invalid(p.child('plural'), plural, joined(isDNS1035Label(plural))));
  if (singular !== '' && isDNS1035Label(singular).length > 0) {
    r.errs.push(invalid(p.child('singular'), singular, joined(isDNS1035Label(singular))));
  }
  for (const [key, value] of [
    ['kind', kind],
    ['listKind', listKind],
  ] as const) {
    const errs = isDNS1035Label(value.toLowerCase());
    if (value !== '' && errs.length > 0) {
      r.errs.push(
        invalid(p.child(key), value, `may have mixed case, but should otherwise match: ${joined(errs)}`),
      );
    }
  }
  r.strs(names, 'shortNames', p.child('shortNames')).forEach((s, i) => {
    const errs = isDNS1035Label(s);
    if (errs.length > 0) r.errs.push(invalid(p.child('shortNames').index(i), s, joined(errs)));
  });
  if (kind !== '' && kind === listKind)
    r.errs.push(invalid(p.child('listKind'), listKind, 'kind and listKind may not be the same'));
  r.strs(names, 'categories', p.child('categories')).forEach((c, i) => {
    const errs = isDNS1035Label(c);
    if (errs.length > 0) r.errs.push(invalid(p.child('categories').index(i), c, joined(errs)));
  });
}

function validateConversion(spec: JsonObject, r: Reader, requireRecognized: boolean): void {
  const p = path('spec', 'conversion');
  const conv = r.obj(spec, 'conversion', p);
  if (conv === undefined) return;
  const strategy = r.str(conv, 'strategy', p.child('strategy'));
  if (strategy !== 'None' && spec['preserveUnknownFields'] === true) {
    r.errs.push(invalid(p.child('strategy'), strategy, 'must be None if spec.preserveUnknownFields is true'));
  }
  if (strategy === '') r.errs.push(required(p.child('strategy')));
  else if (strategy !== 'None' && strategy !== 'Webhook') {
    r.errs.push(notSupported(p.child('strategy'), strategy, ['None', 'Webhook']));
  }
  const webhook = r.obj(conv, 'webhook', p.child('webhook'));
  const cc = r.obj(webhook, 'clientConfig', p.child('webhook', 'clientConfig'));
  const versions = r.strs(webhook, 'conversionReviewVersions', p.child('conversionReviewVersions'));
  if (strategy === 'Webhook') {
    const cp = p.child('webhookClientConfig');
    if (cc === undefined) r.errs.push(required(cp, 'required when strategy is set to Webhook'));
    else {
      const url = r.optStr(cc, 'url', cp.child('url'));
      const svc = r.obj(cc, 'service', cp.child('service'));
      if ((url === undefined) === (svc === undefined))
        r.errs.push(required(cp, 'exactly one of url or service is required'));
      else if (url !== undefined) r.errs.push(...validateWebhookURL(cp.child('url'), url, true));
      else if (svc !== undefined) {
        const sp = cp.child('service');
        r.errs.push(
          ...validateWebhookService(
            sp,
            r.str(svc, 'name', sp.child('name')),
            r.str(svc, 'namespace', sp.child('namespace')),
            r.optStr(svc, 'path', sp.child('path')),
            r.int(svc, 'port', sp.child('port')) ?? 443,
          ),
        );
      }
    }
    const vp = p.child('conversionReviewVersions');
    if (versions.length === 0) r.errs.push(required(vp));
    else {
      const seen = new Set<string>();
      let accepted = false;
      versions.forEach((v, i) => {
        if (seen.has(v)) {
          r.errs.push(invalid(vp.index(i), v, 'duplicate version'));
          return;
        }
        seen.add(v);
        for (const m of isDNS1035Label(v)) r.errs.push(invalid(vp.index(i), v, m));
        if (v === 'v1' || v === 'v1beta1') accepted = true;
      });
      if (requireRecognized && !accepted)
        r.errs.push(invalid(vp, versions, 'must include at least one of v1, v1beta1'));
    }
  } else {
    if (cc !== undefined)
      r.errs.push(
        forbidden(p.child('webhookClientConfig'), 'should not be set when strategy is not set to Webhook'),
      );
    if (versions.length > 0) {
      r.errs.push(
        forbidden(
          p.child('conversionReviewVersions'),
          'should not be set when strategy is not set to Webhook',
        ),
      );
    }
  }
}

/**
 * Checks a CRD's spec as upstream checks its internal form: group, scope, versions, schemas,
 * names, subresources, printer columns and conversion. `requireRecognized` demands a known
 * conversion review version; `requireSchema` demands a schema for every version. Appends to
 * `r.errs`.
 */
export function validateSpec(
  obj: JsonObject,
  r: Reader,
  requireRecognized: boolean,
  requireSchema: boolean,
): void {
  const p = path('spec');
  const spec = r.obj(obj, 'spec', p) ?? {};
  const group = r.str(spec, 'group', p.child('group'));
  if (group === '') r.errs.push(required(p.child('group')));
  else if (isDNS1123Subdomain(group).length > 0)
    r.errs.push(invalid(p.child('group'), group, isDNS1123Subdomain(group).join(',')));
  else if (group.split('.').length < 2)
    r.errs.push(invalid(p.child('group'), group, 'should be a domain with at least one dot'));
  const scope = r.str(spec, 'scope', p.child('scope'));
  if (scope === '') r.errs.push(required(p.child('scope')));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') {
    r.errs.push(notSupported(p.child('scope'), scope, ['Cluster', 'Namespaced']));
  }
  const internal = internalForm(spec, r);
  const topSchema = isObj(internal.validation) && isObj(internal.validation['openAPIV3Schema']);
  if (!topSchema) {
    // Objects stored before schemas were required keep their schema-less versions, unless served
    // without unknown-field preservation, where a missing schema would prune every field.
    const pruning = spec['preserveUnknownFields'] !== true;
    for (const [v, i] of internal.versions) {
      const s = isObj(v['schema']) ? v['schema'] : undefined;
      const schemaPath = p.child('versions').index(i).child('schema').child('openAPIV3Schema');
      if (s !== undefined && isObj(s['openAPIV3Schema'])) continue;
      if (requireSchema) r.errs.push(required(schemaPath));
      else if (pruning && v['served'] === true)
        r.errs.push(required(schemaPath, 'because otherwise all fields are pruned'));
    }
  }
  const statusOn = (sub: unknown): boolean => isObj(sub) && isObj(sub['status']);
  let storage = 0;
  const names = new Set<string>();
  let unique = true;
  for (const [v, i] of internal.versions) {
    const vp = p.child('versions').index(i);
    const name = r.str(v, 'name', vp.child('name'));
    if (r.bool(v, 'storage', vp.child('storage')) === true) storage++;
    r.bool(v, 'served', vp.child('served'));
    if (names.has(name)) unique = false;
    names.add(name);
    const ne = isDNS1035Label(name);
    if (ne.length > 0) r.errs.push(invalid(vp.child('name'), name, ne.join(',')));
    const deprecated = v['deprecated'] === true;
    const warning = r.optStr(v, 'deprecationWarning', vp.child('deprecationWarning'));
    if (!deprecated && warning !== undefined) {
      r.errs.push(
        invalid(vp.child('deprecationWarning'), warning, 'can only be set for deprecated versions'),
      );
    } else if (warning !== undefined) {
      if (Buffer.byteLength(warning) > 256)
        r.errs.push(invalid(vp.child('deprecationWarning'), warning, 'must be <= 256 characters long'));
      if (warning === '')
        r.errs.push(invalid(vp.child('deprecationWarning'), warning, 'must not be an empty string'));
    }
    const versionSub = internal.subresources === null ? v['subresources'] : internal.subresources;
    if (internal.validation === null)
      validateSchema(v['schema'], statusOn(versionSub), vp.child('schema'), r);
    if (internal.subresources === null) validateSubresources(v['subresources'], vp.child('subresources'), r);
    if (internal.columns === null)
      validateColumns(v['additionalPrinterColumns'], vp.child('additionalPrinterColumns'), r);
  }
  const allVersions = internal.versions.map(([v]) => v);
  if (!unique) r.errs.push(invalid(p.child('versions'), allVersions, 'must contain unique version names'));
  if (storage !== 1)
    r.errs.push(
      invalid(p.child('versions'), allVersions, 'must have exactly one version marked as storage version'),
    );
  const namesObj = r.obj(spec, 'names', p.child('names'));
  for (const key of ['plural', 'singular', 'kind', 'listKind']) {
    if (quietReader().str(namesObj, key, p) === '') r.errs.push(required(p.child('names', key)));
  }
  validateNames(namesObj, p.child('names'), r);
  const anyStatus =
    statusOn(internal.subresources) || internal.versions.some(([v]) => statusOn(v['subresources']));
  validateSchema(internal.validation, anyStatus, p.child('validation'), r);
  validateSubresources(internal.subresources, p.child('subresources'), r);
  validateColumns(internal.columns, p.child('additionalPrinterColumns'), r);
  validateConversion(spec, r, requireRecognized);
}

/** Whether every version of a stored CRD has a schema (then updates must keep one for each). */
export function allVersionsHaveSchema(obj: JsonObject): boolean {
  const spec = isObj(obj['spec']) ? obj['spec'] : {};
  const versions = Array.isArray(spec['versions']) ? spec['versions'] : [];
  return versions.every((v) => isObj(v) && isObj(v['schema']) && isObj(v['schema']['openAPIV3Schema']));
}
