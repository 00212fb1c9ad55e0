import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { path } from '../../../apimachinery/field/index.js';
import type { FieldError } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';
import { clusterValidations } from './index.js';
import { checkCertificateRequest, pemDecode } from './pem-der.js';
import { validateWebhookService, validateWebhookURL } from './webhook-client.js';

// Field names that occur in the validated kinds, so that random objects reach deep code paths.
const keys = [
  'metadata',
  'name',
  'namespace',
  'spec',
  'status',
  'rules',
  'host',
  'http',
  'paths',
  'path',
  'pathType',
  'backend',
  'service',
  'port',
  'number',
  'resource',
  'kind',
  'apiGroup',
  'tls',
  'hosts',
  'secretName',
  'defaultBackend',
  'ingressClassName',
  'controller',
  'parameters',
  'scope',
  'podSelector',
  'ingress',
  'egress',
  'from',
  'to',
  'ports',
  'protocol',
  'endPort',
  'ipBlock',
  'cidr',
  'except',
  'policyTypes',
  'matchLabels',
  'matchExpressions',
  'key',
  'operator',
  'values',
  'verbs',
  'apiGroups',
  'resources',
  'nonResourceURLs',
  'roleRef',
  'subjects',
  'aggregationRule',
  'clusterRoleSelectors',
  'provisioner',
  'reclaimPolicy',
  'volumeBindingMode',
  'allowedTopologies',
  'matchLabelExpressions',
  'attacher',
  'source',
  'persistentVolumeName',
  'drivers',
  'nodeID',
  'topologyKeys',
  'value',
  'preemptionPolicy',
  'globalDefault',
  'leaseDurationSeconds',
  'addressType',
  'endpoints',
  'addresses',
  'hints',
  'forZones',
  'eventTime',
  'series',
  'count',
  'request',
  'signerName',
  'usages',
  'conditions',
  'type',
  'certificate',
  'handler',
  'overhead',
  'podFixed',
  'scheduling',
  'tolerations',
  'webhooks',
  'clientConfig',
  'url',
  'admissionReviewVersions',
  'sideEffects',
  'matchConditions',
  'expression',
  'group',
  'names',
  'plural',
  'singular',
  'listKind',
  'versions',
  'storage',
  'served',
  'schema',
  'openAPIV3Schema',
  'properties',
  'items',
  'additionalProperties',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-preserve-unknown-fields',
  'conversion',
  'strategy',
  'webhook',
  'version',
  'groupPriorityMinimum',
  'versionPriority',
  'caBundle',
  'matchingPrecedence',
  'priorityLevelConfiguration',
  'limited',
  'limitResponse',
  'queuing',
  'queues',
  'handSize',
  'resourceAttributes',
  'nonResourceAttributes',
  'user',
  'groups',
  'storedVersions',
  'validations',
  'matchConstraints',
  'resourceRules',
  'operations',
  'apiVersions',
  'paramRef',
  'validationActions',
  'mutations',
  'patchType',
  'annotations',
  'labels',
  'parentRef',
  'cidrs',
];

const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 70000 }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    '*',
    '/',
    'v1',
    'TCP',
    'Prefix',
    'a.b.c',
    '10.0.0.0/8',
    '1.2.3.4',
    'Webhook',
    'object',
    'array',
  ),
);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 5 }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 6 }),
})).value;
const object = fc.dictionary(fc.constantFrom(...keys), json, { maxKeys: 8 });

function checkErrors(errs: FieldError[]): void {
  assert.ok(Array.isArray(errs));
  const typeErrors = new Set<string>();
  for (const e of errs) {
    assert.equal(typeof e.field, 'string');
    assert.equal(typeof e.detail, 'string');
    if (e.detail.startsWith('must be of type')) {
      // A member of the wrong type is reported once, however many checks read it.
      assert.ok(!typeErrors.has(e.field), `type error reported twice at ${e.field}`);
      typeErrors.add(e.field);
    }
  }
}

describe('every validator accepts any JSON without throwing', () => {
  for (const [kind, kv] of Object.entries(clusterValidations)) {
    test(kind, () => {
      fc.assert(
        fc.property(object, object, (obj: JsonObject, old: JsonObject) => {
          checkErrors(kv.validate(obj));
          checkErrors(kv.validateUpdate(obj, old));
          if (kv.validateStatusUpdate !== undefined) checkErrors(kv.validateStatusUpdate(obj, old));
          if (kv.warnings !== undefined) assert.ok(Array.isArray(kv.warnings(obj, old)));
        }),
        { seed: 20240611, numRuns: 300 },
      );
    });
  }
});

describe('parsers never crash', () => {
  test('PEM and DER', () => {
    const pemish = fc.tuple(
      fc.constantFrom('', '-----BEGIN CERTIFICATE REQUEST-----\n', '-----BEGIN CERTIFICATE-----\n', 'x'),
      fc.base64String({ maxLength: 200 }),
      fc.constantFrom(
        '',
        '\n-----END CERTIFICATE REQUEST-----\n',
        '\n-----END CERTIFICATE-----',
        'Proc-Type: 4\n',
      ),
    );
    fc.assert(
      fc.property(pemish, fc.uint8Array({ maxLength: 300 }), ([a, b, c], bytes) => {
        const decoded = pemDecode(a + b + c);
        if (decoded !== undefined) checkCertificateRequest(decoded.block.bytes);
        const result = checkCertificateRequest(Buffer.from(bytes));
        assert.ok(result === undefined || typeof result === 'string');
      }),
      { seed: 99, numRuns: 2000 },
    );
  });
  test('webhook URLs and service paths', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.string({ maxLength: 40 })),
        (s) => {
          checkErrors(validateWebhookURL(path('url'), s, true));
          checkErrors(validateWebhookService(path('svc'), 'n', 'ns', s, 443));
        },
      ),
      { seed: 5, numRuns: 2000 },
    );
  });
});
