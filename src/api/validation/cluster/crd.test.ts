import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { customResourceDefinitionValidation } from './crd.js';
import { type Case, meta, runCases } from './testing.js';

const schema = (s: JsonObject): JsonObject => ({ openAPIV3Schema: s });
const okSchema = schema({
  type: 'object',
  properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } },
});
const version = (name: string, extra: JsonObject = {}): JsonObject => ({
  name,
  served: true,
  storage: true,
  schema: okSchema,
  ...extra,
});
const crd = (spec: JsonObject, name = 'widgets.example.com', extra: JsonObject = {}): JsonObject => ({
  metadata: meta(name),
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [version('v1')],
    ...spec,
  },
  status: { storedVersions: ['v1'] },
  ...extra,
});

describe('CustomResourceDefinition', () => {
  const cases: Case[] = [
    { name: 'valid', obj: crd({}), want: [] },
    {
      name: 'valid two versions with different schemas',
      obj: crd({
        versions: [version('v1'), version('v2', { storage: false, schema: schema({ type: 'object' }) })],
      }),
      want: [],
    },
    {
      name: 'name must be plural.group',
      obj: crd({}, 'gadgets.example.com'),
      want: ['metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group'],
    },
    {
      name: 'group needs a dot',
      obj: crd({ group: 'example' }, 'widgets.example'),
      want: ['spec.group: Invalid value: "example": should be a domain with at least one dot'],
    },
    {
      name: 'bad scope',
      obj: crd({ scope: 'Global' }),
      want: ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'],
    },
    {
      name: 'no storage version',
      obj: crd({ versions: [version('v1', { storage: false })] }),
      want: [
        'spec.versions: Invalid value: [{"name":"v1","schema":{"openAPIV3Schema":{"properties":{"spec":{"properties":{"a":{"type":"string"}},"type":"object"}},"type":"object"}},"served":true,"storage":false}]: must have exactly one version marked as storage version',
      ],
    },
    {
      name: 'duplicate version names',
      obj: crd({
        versions: [version('v1'), version('v1', { storage: false, schema: schema({ type: 'object' }) })],
      }),
      want: [
        'spec.versions: Invalid value: [{"name":"v1","schema":{"openAPIV3Schema":{"properties":{"spec":{"properties":{"a":{"type":"string"}},"type":"object"}},"type":"object"}},"served":true,"storage":true},{"name":"v1","schema":{"openAPIV3Schema":{"type":"object"}},"served":true,"storage":false}]: must contain unique version names',
      ],
    },
    {
      name: 'schema required',
      obj: crd({ versions: [version('v1', { schema: null })] }),
      want: ['spec.versions[0].schema.openAPIV3Schema: Required value'],
    },
    {
      name: 'names',
      obj: crd({ names: { plural: 'widgets', singular: 'Widget', kind: 'Widget', listKind: 'Widget' } }),
      want: [
        "spec.names.singular: Invalid value: \"Widget\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
      ],
    },
    {
      name: 'missing names',
      obj: crd({ names: { plural: 'widgets' } }),
      want: [
        'spec.names.singular: Required value',
        'spec.names.kind: Required value',
        'spec.names.listKind: Required value',
      ],
    },
    {
      name: 'field without type (single version reports at spec.validation)',
      obj: crd({
        versions: [version('v1', { schema: schema({ type: 'object', properties: { spec: {} } }) })],
      }),
      want: [
        'spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      ],
    },
    {
      name: 'root must be an object',
      obj: crd({ versions: [version('v1', { schema: schema({ type: 'string' }) })] }),
      want: ['spec.validation.openAPIV3Schema.type: Invalid value: "string": must be object at the root'],
    },
    {
      name: 'additionalProperties with properties',
      obj: crd({
        versions: [
          version('v1', {
            schema: schema({
              type: 'object',
              properties: {
                m: {
                  type: 'object',
                  properties: { a: { type: 'string' } },
                  additionalProperties: { type: 'string' },
                },
              },
            }),
          }),
        ],
      }),
      want: [
        'spec.validation.openAPIV3Schema.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive',
      ],
    },
    {
      name: 'preserve-unknown-fields false',
      obj: crd({
        versions: [
          version('v1', {
            schema: schema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': false }),
          }),
        ],
      }),
      want: [
        'spec.validation.openAPIV3Schema.x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined',
      ],
    },
    {
      name: 'preserve-unknown-fields lets a field have no type',
      obj: crd({
        versions: [
          version('v1', {
            schema: schema({
              type: 'object',
              properties: { spec: { 'x-kubernetes-preserve-unknown-fields': true } },
            }),
          }),
        ],
      }),
      want: [],
    },
    {
      name: 'array without items and bad list type',
      obj: crd({
        versions: [
          version('v1', {
            schema: schema({
              type: 'object',
              properties: { l: { type: 'array', 'x-kubernetes-list-type': 'bag' } },
            }),
          }),
        ],
      }),
      want: [
        'spec.validation.openAPIV3Schema.properties[l].items: Required value: must be specified',
        'spec.validation.openAPIV3Schema.properties[l].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"',
      ],
    },
    {
      name: 'map list keys must be required or defaulted',
      obj: crd({
        versions: [
          version('v1', {
            schema: schema({
              type: 'object',
              properties: {
                l: {
                  type: 'array',
                  'x-kubernetes-list-type': 'map',
                  'x-kubernetes-list-map-keys': ['name'],
                  items: { type: 'object', properties: { name: { type: 'string' } } },
                },
              },
            }),
          }),
        ],
      }),
      want: [
        'spec.validation.openAPIV3Schema.properties[l].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
      ],
    },
    {
      name: 'metadata schema may only name name and generateName',
      obj: crd({
        versions: [
          version('v1', {
            schema: schema({
              type: 'object',
              properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
            }),
          }),
        ],
      }),
      want: [
        'spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
      ],
    },
    {
      name: 'stored version missing from versions',
      obj: crd({}, 'widgets.example.com', { status: { storedVersions: ['v1', 'v0'] } }),
      want: [
        'status.storedVersions[1]: Invalid value: "v0": missing from spec.versions; v0 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v0 and removes v0 from status.storedVersions',
      ],
    },
    {
      name: 'protected group needs approval',
      obj: crd({ group: 'widgets.k8s.io' }, 'widgets.widgets.k8s.io'),
      want: [
        'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
      ],
    },
    {
      name: 'webhook conversion needs a client config',
      obj: crd({ conversion: { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'] } } }),
      want: ['spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook'],
    },
    {
      name: 'printer column',
      obj: crd({
        versions: [
          version('v1', { additionalPrinterColumns: [{ name: 'Age', type: 'time', jsonPath: 'x' }] }),
        ],
      }),
      want: [
        'spec.additionalPrinterColumns[0].type: Invalid value: "time": must be one of boolean,date,integer,number,string',
        'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "x": must be a simple json path starting with .',
      ],
    },
    {
      name: 'a stored CRD without schemas may stay so while not served',
      obj: crd({ versions: [version('v1', { schema: null, served: false })] }),
      old: crd({ versions: [version('v1', { schema: null, served: false })] }),
      want: [],
    },
    {
      name: 'a stored CRD without schemas needs one once served',
      obj: crd({ versions: [version('v1', { schema: null })] }),
      old: crd({ versions: [version('v1', { schema: null, served: false })] }),
      want: [
        'spec.versions[0].schema.openAPIV3Schema: Required value: because otherwise all fields are pruned',
      ],
    },
    {
      name: 'group and plural immutable',
      obj: crd({ names: { plural: 'gizmos', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' } }),
      old: crd({}),
      want: ['spec.names.plural: Invalid value: "gizmos": field is immutable'],
    },
    {
      name: 'scope immutable once established',
      obj: crd({ scope: 'Cluster' }),
      old: crd({}, 'widgets.example.com', {
        status: { storedVersions: ['v1'], conditions: [{ type: 'Established', status: 'True' }] },
      }),
      want: ['spec.scope: Invalid value: "Cluster": field is immutable'],
    },
  ];
  runCases(customResourceDefinitionValidation, cases, test);
});
