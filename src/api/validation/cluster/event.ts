import {
  type FieldError,
  type FieldPath,
  invalid,
  path,
  required,
} from '../../../apimachinery/field/index.js';
import {
  deepEqual,
  type Instant,
  isZeroTime,
  MetaParseError,
  parseMicroTime,
  parseTime,
} from '../../../apimachinery/meta/index.js';
import {
  FieldImmutableErrorMsg,
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../apimachinery/validation/index.js';
import type { JsonObject, KindValidation } from '../types.js';
import { invalidEach } from './common.js';
import { byteLen, isObj, Reader } from './shape.js';

// events.k8s.io/v1 Events are validated in their internal form, so the paths of some errors name
// the internal fields: `note` is `message`, `regarding` is `involvedObject`.

const reportingInstanceLimit = 128;
const actionLimit = 128;
const reasonLimit = 128;
const noteLimit = 1024;

function readTime(
  v: unknown,
  p: FieldPath,
  r: Reader,
  parse: (x: unknown) => Instant | undefined,
): Instant | undefined {
  try {
    const t = parse(v);
    return t === undefined || isZeroTime(t) ? undefined : t;
  } catch (e) {
    if (!(e instanceof MetaParseError)) throw e;
    r.errs.push(invalid(p, v, e.message));
    return undefined;
  }
}

function metaNamespace(obj: JsonObject): string {
  const meta = isObj(obj['metadata']) ? obj['metadata'] : {};
  return typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
}

function validateSeries(obj: JsonObject, r: Reader): void {
  const series = r.obj(obj, 'series', path('series'));
  if (series === undefined) return;
  if ((r.int(series, 'count', path('series', 'count')) ?? 0) < 2) {
    r.errs.push(invalid(path('series.count'), '', 'should be at least 2'));
  }
  const last = readTime(series['lastObservedTime'], path('series', 'lastObservedTime'), r, parseMicroTime);
  if (last === undefined) r.errs.push(required(path('series.lastObservedTime')));
}

function limit(r: Reader, p: FieldPath, value: string, max: number): void {
  if (byteLen(value) > max) r.errs.push(invalid(p, '', `can have at most ${max} characters`));
}

// The rules every Event passes whichever API wrote it.
function legacyRules(obj: JsonObject, r: Reader, eventTime: Instant | undefined): void {
  const namespace = metaNamespace(obj);
  const regarding = r.obj(obj, 'regarding', path('regarding'));
  const involvedNs = r.str(regarding, 'namespace', path('regarding', 'namespace'));
  const nsPath = path('involvedObject', 'namespace');
  if (eventTime === undefined) {
    const ok = involvedNs === '' ? namespace === '' || namespace === 'default' : namespace === involvedNs;
    if (!ok) r.errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
  } else {
    if (involvedNs === '' && namespace !== 'default' && namespace !== 'kube-system') {
      r.errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    }
    const controller = r.str(obj, 'reportingController', path('reportingController'));
    if (controller === '') r.errs.push(required(path('reportingController')));
    r.errs.push(...invalidEach(path('reportingController'), controller, isQualifiedName(controller)));
    const instance = r.str(obj, 'reportingInstance', path('reportingInstance'));
    if (instance === '') r.errs.push(required(path('reportingInstance')));
    limit(r, path('reportingInstance'), instance, reportingInstanceLimit);
    const action = r.str(obj, 'action', path('action'));
    if (action === '') r.errs.push(required(path('action')));
    limit(r, path('action'), action, actionLimit);
    const reason = r.str(obj, 'reason', path('reason'));
    if (reason === '') r.errs.push(required(path('reason')));
    limit(r, path('reason'), reason, reasonLimit);
    limit(r, path('message'), r.str(obj, 'note', path('note')), noteLimit);
  }
  r.errs.push(...invalidEach(path('namespace'), namespace, isDNS1123Subdomain(namespace)));
}

function validateCreate(obj: JsonObject): FieldError[] {
  const r = new Reader([]);
  const eventTime = readTime(obj['eventTime'], path('eventTime'), r, parseMicroTime);
  legacyRules(obj, r, eventTime);
  r.errs.push(...validateObjectMeta(obj['metadata'], { namespaced: true, nameFn: nameIsDNSSubdomain }));
  validateSeries(obj, r);
  if (eventTime === undefined) r.errs.push(required(path('eventTime')));
  const type = r.str(obj, 'type', path('type'));
  if (type !== 'Normal' && type !== 'Warning')
    r.errs.push(invalid(path('type'), '', `has invalid value: ${type}`));
  for (const key of ['deprecatedFirstTimestamp', 'deprecatedLastTimestamp']) {
    if (readTime(obj[key], path(key), r, parseTime) !== undefined) {
      r.errs.push(invalid(path(key), '', 'needs to be unset'));
    }
  }
  if ((r.int(obj, 'deprecatedCount', path('deprecatedCount')) ?? 0) !== 0) {
    r.errs.push(invalid(path('deprecatedCount'), '', 'needs to be unset'));
  }
  const source = r.obj(obj, 'deprecatedSource', path('deprecatedSource'));
  const component = r.str(source, 'component', path('deprecatedSource', 'component'));
  const host = r.str(source, 'host', path('deprecatedSource', 'host'));
  if (component !== '' || host !== '')
    r.errs.push(invalid(path('deprecatedSource'), '', 'needs to be unset'));
  return r.errs;
}

// Update compares fields by their internal names, in upstream's order (reason is checked twice).
const immutableFields: ReadonlyArray<[string, string]> = [
  ['regarding', 'involvedObject'],
  ['reason', 'reason'],
  ['note', 'message'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['reason', 'reason'],
  ['type', 'type'],
  ['eventTime', 'eventTime'],
  ['action', 'action'],
  ['related', 'related'],
  ['reportingController', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
];

function validateUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  const r = new Reader([]);
  const eventTime = readTime(obj['eventTime'], path('eventTime'), r, parseMicroTime);
  legacyRules(obj, r, eventTime);
  r.errs.push(...validateObjectMetaUpdate(obj['metadata'], old['metadata']));
  if (!deepEqual(obj['series'] ?? null, old['series'] ?? null)) validateSeries(obj, r);
  for (const [external, internal] of immutableFields) {
    const next = obj[external] ?? null;
    if (!deepEqual(next, old[external] ?? null))
      r.errs.push(invalid(path(internal), next, FieldImmutableErrorMsg));
  }
  return r.errs;
}

/** events.k8s.io/v1 Event. */
export const eventValidation: KindValidation = {
  validate: validateCreate,
  validateUpdate,
};
