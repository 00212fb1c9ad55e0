import {
  type FieldError,
  forbidden,
  invalid,
  path,
  required,
  tooLong,
} from '../../../apimachinery/field/index.js';
import { nameIsDNSSubdomain, validateImmutableField } from '../../../apimachinery/validation/index.js';
import type { JsonObject } from '../types.js';
import { immutableMsg } from './config-map.js';
import {
  type DataEntry,
  MaxSecretSize,
  readBinaryMap,
  readTextMap,
  totalSize,
  validateDataKey,
} from './data-maps.js';
import { goUnmarshalMapError } from './go-json-check.js';
import { annotationsOf, createMeta, updateMeta } from './meta.js';
import { bool, quiet, str, topStr } from './shape.js';

const dataPath = path('data');

/**
 * The secret's data as the apiserver sees it after conversion: `stringData` entries are merged
 * into `data`, replacing entries with the same key.
 */
function mergedData(secret: JsonObject, errs: FieldError[]): Map<string, DataEntry> {
  const out = new Map<string, DataEntry>();
  for (const e of readBinaryMap(secret['data'], dataPath, errs)) out.set(e.key, e);
  for (const e of readTextMap(secret['stringData'], path('stringData'), errs)) out.set(e.key, e);
  return out;
}

function validateDockerJSON(data: Map<string, DataEntry>, key: string, errs: FieldError[]): void {
  const e = data.get(key);
  if (e === undefined) {
    errs.push(required(dataPath.key(key), ''));
    return;
  }
  if (e.bytes === undefined) return;
  const msg = goUnmarshalMapError(Buffer.from(e.bytes).toString('utf8'));
  if (msg !== undefined) errs.push(invalid(dataPath.key(key), '<secret contents redacted>', msg));
}

function validateType(
  secret: JsonObject,
  type: string,
  data: Map<string, DataEntry>,
  errs: FieldError[],
): void {
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const key = 'kubernetes.io/service-account.name';
      if ((annotationsOf(secret).get(key) ?? '') === '') {
        errs.push(required(path('metadata', 'annotations').key(key), ''));
      }
      return;
    }
    case 'kubernetes.io/dockercfg':
      validateDockerJSON(data, '.dockercfg', errs);
      return;
    case 'kubernetes.io/dockerconfigjson':
      validateDockerJSON(data, '.dockerconfigjson', errs);
      return;
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but at least one must be present.
      if (!data.has('username') && !data.has('password')) {
        errs.push(required(dataPath.key('username'), ''), required(dataPath.key('password'), ''));
      }
      return;
    case 'kubernetes.io/ssh-auth':
      if ((data.get('ssh-privatekey')?.bytes?.length ?? 0) === 0) {
        errs.push(required(dataPath.key('ssh-privatekey'), ''));
      }
      return;
    case 'kubernetes.io/tls':
      if (!data.has('tls.crt')) errs.push(required(dataPath.key('tls.crt'), ''));
      if (!data.has('tls.key')) errs.push(required(dataPath.key('tls.key'), ''));
      return;
    default:
  }
}

/**
 * Upstream's ValidateSecret: metadata, data keys are config keys, values together at most 1 MiB
 * (`stringData` merged in first, as conversion does), and the rules of the built-in types:
 * service-account-token needs the service account name annotation; dockercfg and
 * dockerconfigjson need their key holding a JSON object; basic-auth needs username or password;
 * ssh-auth a non-empty private key; tls both tls.crt and tls.key. Other types are free-form. Pure.
 */
export function validateSecret(secret: JsonObject): FieldError[] {
  const errs = createMeta(secret, true, nameIsDNSSubdomain);
  bool(secret, 'immutable', path(''), errs);
  const type = topStr(secret, 'type', errs);
  const data = mergedData(secret, errs);
  for (const key of data.keys()) errs.push(...validateDataKey(key, dataPath));
  if (totalSize([...data.values()]) > MaxSecretSize) errs.push(tooLong(dataPath, '', MaxSecretSize));
  validateType(secret, type, data, errs);
  return errs;
}

/**
 * Upstream's ValidateSecretUpdate: metadata update rules, `type` immutable, and once the stored
 * secret is immutable neither `immutable` nor `data` may change; then every create rule. Pure.
 */
export function validateSecretUpdate(secret: JsonObject, old: JsonObject): FieldError[] {
  const errs = updateMeta(secret, old);
  const type = str(secret, 'type', path(''), quiet());
  errs.push(...validateImmutableField(type, str(old, 'type', path(''), quiet()), path('type')));
  if (bool(old, 'immutable', path(''), quiet()) === true) {
    if (secret['immutable'] !== true) errs.push(forbidden(path('immutable'), immutableMsg));
    if (!sameData(secret, old)) errs.push(forbidden(path('data'), immutableMsg));
  }
  errs.push(...validateSecret(secret));
  return errs;
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

// Compares the data after conversion (stringData merged in); like Go's reflect.DeepEqual, a
// missing map differs from an empty one.
function sameData(secret: JsonObject, old: JsonObject): boolean {
  if (isSet(secret['data']) || isSet(secret['stringData'])) {
    if (!isSet(old['data'])) return false;
  } else {
    return !isSet(old['data']);
  }
  const a = mergedData(secret, quiet());
  const b = mergedData({ data: old['data'] }, quiet());
  if (a.size !== b.size) return false;
  for (const [k, e] of a) {
    const o = b.get(k);
    if (o === undefined || e.bytes === undefined || o.bytes === undefined) return false;
    if (Buffer.compare(Buffer.from(e.bytes), Buffer.from(o.bytes)) !== 0) return false;
  }
  return true;
}
