import {
  errorString,
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';
import { isObj } from './shape.js';

// The checks of a CRD's OpenAPI v3 schema that do not need CEL: the JSON-schema subset
// Kubernetes supports, the list/map extensions, and the structural-schema invariants.

const types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const metaFields = ['metadata', 'kind', 'apiVersion'];

interface Walk {
  readonly forbidDefaults: string | undefined;
  readonly insideMeta: boolean;
}

const str = (s: JsonObject, k: string): string => (typeof s[k] === 'string' ? (s[k] as string) : '');
const props = (s: JsonObject): Array<[string, JsonObject]> =>
  isObj(s['properties'])
    ? Object.entries(s['properties'])
        .filter((e): e is [string, JsonObject] => isObj(e[1]))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    : [];
const itemsSchema = (s: JsonObject): JsonObject | undefined => (isObj(s['items']) ? s['items'] : undefined);
const listOf = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isObj) : []);

function standardChecks(s: JsonObject, p: FieldPath, w: Walk, errs: FieldError[]): void {
  const type = str(s, 'type');
  if (type !== '' && !types.includes(type)) errs.push(notSupported(p.child('type'), type, types));
  if (s['default'] !== undefined && w.forbidDefaults !== undefined) {
    errs.push(forbidden(p.child('default'), `must not be set ${w.forbidDefaults}`));
  }
  if (str(s, 'id') !== '') errs.push(forbidden(p.child('id'), 'id is not supported'));
  if (s['additionalItems'] !== undefined && s['additionalItems'] !== null) {
    errs.push(forbidden(p.child('additionalItems'), 'additionalItems is not supported'));
  }
  const nonEmpty = (k: string): boolean => isObj(s[k]) && Object.keys(s[k]).length > 0;
  if (nonEmpty('patternProperties'))
    errs.push(forbidden(p.child('patternProperties'), 'patternProperties is not supported'));
  if (nonEmpty('definitions')) errs.push(forbidden(p.child('definitions'), 'definitions is not supported'));
  if (s['dependencies'] !== undefined && s['dependencies'] !== null) {
    errs.push(forbidden(p.child('dependencies'), 'dependencies is not supported'));
  }
  if (typeof s['$ref'] === 'string') errs.push(forbidden(p.child('$ref'), '$ref is not supported'));
  if (type === 'null')
    errs.push(forbidden(p.child('type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s['items']) && s['items'].length > 0) {
    errs.push(forbidden(p.child('items'), 'items must be a schema object and not an array'));
  }
  if (w.insideMeta && s['x-kubernetes-embedded-resource'] === true) {
    errs.push(
      forbidden(p.child('x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'),
    );
  }
}

function extensionChecks(s: JsonObject, p: FieldPath, errs: FieldError[]): void {
  const type = str(s, 'type');
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(invalid(p.child('x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  }
  const mapType = s['x-kubernetes-map-type'];
  if (typeof mapType === 'string') {
    if (type !== 'object') {
      const msg = 'must be object if x-kubernetes-map-type is specified';
      errs.push(type === '' ? required(p.child('type'), msg) : invalid(p.child('type'), type, msg));
    }
    if (mapType !== 'atomic' && mapType !== 'granular') {
      errs.push(notSupported(p.child('x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
    }
  }
  const listType = s['x-kubernetes-list-type'];
  const items = itemsSchema(s);
  if (typeof listType === 'string') {
    if (type !== 'array') {
      const msg = 'must be array if x-kubernetes-list-type is specified';
      errs.push(type === '' ? required(p.child('type'), msg) : invalid(p.child('type'), type, msg));
    } else if (listType === 'set' && items !== undefined) {
      const msg = 'must be atomic as item of a list with x-kubernetes-list-type=set';
      const itemList = items['x-kubernetes-list-type'];
      if (str(items, 'type') === 'array' && typeof itemList === 'string' && itemList !== 'atomic') {
        errs.push(invalid(p.child('items', 'x-kubernetes-list-type'), itemList, msg));
      }
      if (str(items, 'type') === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
        errs.push(invalid(p.child('items', 'x-kubernetes-map-type'), itemList ?? null, msg));
      }
    }
    if (!['atomic', 'set', 'map'].includes(listType)) {
      errs.push(notSupported(p.child('x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
    }
  }
  const keys = Array.isArray(s['x-kubernetes-list-map-keys'])
    ? s['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string')
    : [];
  if (keys.length > 0) {
    const msg = 'must be map if x-kubernetes-list-map-keys is non-empty';
    if (typeof listType !== 'string') errs.push(required(p.child('x-kubernetes-list-type'), msg));
    else if (listType !== 'map') errs.push(invalid(p.child('x-kubernetes-list-type'), listType, msg));
  }
  if (listType === 'map') {
    if (keys.length === 0) {
      errs.push(
        required(p.child('x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'),
      );
    }
    if (s['items'] === undefined || s['items'] === null) {
      errs.push(required(p.child('items'), 'must have a schema if x-kubernetes-list-type is map'));
    } else if (items === undefined) {
      errs.push(
        invalid(
          p.child('items'),
          s['items'],
          'must only have a single schema if x-kubernetes-list-type is map',
        ),
      );
    } else if (str(items, 'type') !== 'object') {
      errs.push(
        invalid(
          p.child('items', 'type'),
          str(items, 'type'),
          "must be object if parent array's x-kubernetes-list-type is map",
        ),
      );
    } else {
      const itemProps = new Map(props(items));
      const seen = new Set<string>();
      for (const k of keys) {
        const ks = itemProps.get(k);
        if (ks === undefined) {
          errs.push(
            invalid(
              p.child('x-kubernetes-list-map-keys'),
              keys,
              'entries must all be names of item properties',
            ),
          );
        } else if (str(ks, 'type') === 'array' || str(ks, 'type') === 'object') {
          errs.push(
            invalid(
              p.child('items', 'properties').key(k).child('type'),
              str(items, 'type'),
              "must be a scalar type if parent array's x-kubernetes-list-type is map",
            ),
          );
        }
        if (seen.has(k))
          errs.push(
            invalid(p.child('x-kubernetes-list-map-keys'), keys, 'must not contain duplicate entries'),
          );
        seen.add(k);
      }
    }
  }
  mapListKeyChecks(s, p, errs);
  listOf(s['x-kubernetes-validations']).forEach((rule, i) => {
    const rp = p.child('x-kubernetes-validations').index(i);
    const message = str(rule, 'message');
    if (str(rule, 'rule').trim() === '') errs.push(required(rp.child('rule'), 'rule is not specified'));
    else if (message !== '' && message.trim() === '')
      errs.push(invalid(rp.child('message'), message, 'must be non-empty if specified'));
    else if (/[\n\r]/.test(message.trim()))
      errs.push(invalid(rp.child('message'), message, 'must not contain line breaks'));
  });
}

// Items of set and map lists may not be null, and map keys must always be present.
function mapListKeyChecks(s: JsonObject, p: FieldPath, errs: FieldError[]): void {
  const items = itemsSchema(s);
  const listType = s['x-kubernetes-list-type'];
  if (items === undefined || (listType !== 'set' && listType !== 'map')) return;
  if (items['nullable'] === true) {
    errs.push(
      forbidden(
        p.child('items', 'nullable'),
        `cannot be nullable when x-kubernetes-list-type is ${listType}`,
      ),
    );
  }
  if (listType !== 'map') return;
  const requiredKeys = Array.isArray(items['required']) ? items['required'] : [];
  const itemProps = new Map(props(items));
  const keys = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  for (const k of keys) {
    if (typeof k !== 'string') continue;
    const ks = itemProps.get(k);
    if (ks === undefined) continue;
    const kp = p.child('items', 'properties').key(k);
    if (!requiredKeys.includes(k) && (ks['default'] === undefined || ks['default'] === null)) {
      errs.push(
        required(
          kp.child('default'),
          'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
        ),
      );
    }
    if (ks['nullable'] === true) {
      errs.push(
        forbidden(
          kp.child('nullable'),
          'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
        ),
      );
    }
  }
}

/**
 * The OpenAPI-level checks of one schema node and its children (properties in sorted order,
 * where upstream's order follows Go map iteration). Appends to `errs`.
 */
export function validateOpenAPISchema(
  s: JsonObject,
  p: FieldPath,
  root: boolean,
  w: Walk,
  errs: FieldError[],
): void {
  standardChecks(s, p, w, errs);
  if (s['uniqueItems'] === true) {
    errs.push(
      forbidden(
        p.child('uniqueItems'),
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  }
  const ap = s['additionalProperties'];
  if (ap !== undefined && ap !== null) {
    if (props(s).length > 0 && ap !== true) {
      errs.push(
        forbidden(
          p.child('additionalProperties'),
          'additionalProperties and properties are mutual exclusive',
        ),
      );
    }
    if (isObj(ap)) {
      const sub = w.insideMeta
        ? { ...w, forbidDefaults: 'inside additionalProperties applying to object metadata' }
        : w;
      validateOpenAPISchema(ap, p.child('additionalProperties'), false, sub, errs);
    }
  }
  for (const [name, ps] of props(s)) {
    let sub = w;
    if ((root || s['x-kubernetes-embedded-resource'] === true) && metaFields.includes(name)) {
      sub = { insideMeta: true, forbidDefaults: root ? `in top-level ${name}` : w.forbidDefaults };
    }
    validateOpenAPISchema(ps, p.child('properties').key(name), false, sub, errs);
  }
  if (isObj(s['not'])) validateOpenAPISchema(s['not'], p.child('not'), false, w, errs);
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    listOf(s[key]).forEach((x, i) => {
      validateOpenAPISchema(x, p.child(key).index(i), false, w, errs);
    });
  }
  const items = itemsSchema(s);
  if (items !== undefined) validateOpenAPISchema(items, p.child('items'), false, w, errs);
  extensionChecks(s, p, errs);
}

type Level = 'root' | 'item' | 'field';

function structuralInvariants(s: JsonObject, lvl: Level, p: FieldPath, errs: FieldError[]): void {
  const type = str(s, 'type');
  const items = itemsSchema(s);
  if (type === 'array' && items === undefined) errs.push(required(p.child('items'), 'must be specified'));
  if (items !== undefined) structuralInvariants(items, 'item', p.child('items'), errs);
  for (const [k, v] of props(s)) structuralInvariants(v, 'field', p.child('properties').key(k), errs);
  const ap = s['additionalProperties'];
  if (ap !== undefined && ap !== null && ap !== false) {
    if (lvl === 'root') errs.push(forbidden(p.child('additionalProperties'), 'must not be used at the root'));
    if (isObj(ap)) structuralInvariants(ap, 'field', p.child('additionalProperties'), errs);
  }
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (embedded && type !== 'object') {
    const msg = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(type === '' ? required(p.child('type'), msg) : invalid(p.child('type'), type, msg));
  } else if (type === '' && !intOrString && !preserve) {
    const msg =
      lvl === 'root'
        ? 'must not be empty at the root'
        : lvl === 'item'
          ? 'must not be empty for specified array items'
          : 'must not be empty for specified object fields';
    errs.push(required(p.child('type'), msg));
  }
  if (embedded && ap !== undefined && ap !== null) {
    errs.push(
      forbidden(p.child('additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'),
    );
  }
  if (lvl === 'root' && type !== '' && type !== 'object')
    errs.push(invalid(p.child('type'), type, 'must be object at the root'));
  const checkMeta = lvl === 'root' || embedded;
  const propMap = new Map(props(s));
  for (const key of ['kind', 'apiVersion']) {
    const ks = propMap.get(key);
    if (ks !== undefined && checkMeta && str(ks, 'type') !== 'string') {
      errs.push(invalid(p.child('properties').key(key).child('type'), str(ks, 'type'), 'must be string'));
    }
  }
  const meta = propMap.get('metadata');
  if (meta !== undefined) {
    const mp = p.child('properties').key('metadata');
    if (checkMeta && str(meta, 'type') !== 'object')
      errs.push(invalid(mp.child('type'), str(meta, 'type'), 'must be object'));
    if (lvl === 'root') {
      const allowed = new Set(['type', 'properties', 'default']);
      const names = props(meta).map(([k]) => k);
      const onlyNames = names.every((n) => n === 'name' || n === 'generateName');
      const extra = Object.keys(meta).some(
        (k) => !allowed.has(k) && meta[k] !== undefined && meta[k] !== null,
      );
      if (extra || !onlyNames) {
        errs.push(
          forbidden(
            mp,
            'must not specify anything other than name and generateName, but metadata is implicitly specified',
          ),
        );
      }
    }
  }
  if (embedded && !preserve && propMap.size === 0) {
    errs.push(
      required(
        p.child('properties'),
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  }
}

/** The structural-schema invariants, sorted by message as upstream sorts them. Pure. */
export function validateStructural(s: JsonObject, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  structuralInvariants(s, 'root', p, errs);
  return errs.sort((a, b) => {
    const x = errorString(a);
    const y = errorString(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
