import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { defaultObject } from '../../api/index.js';
import {
  decodeObject,
  encodeObject,
  hasProtobufForm,
  type JsonObject,
  ProtobufEncodeError,
} from './index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

function roundTrip(obj: JsonObject): JsonObject {
  const r = decodeObject(encodeObject(obj));
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.object;
}

/**
 * Deep equality, except that a key of `expected` may be missing from `actual` when its value is a
 * zero scalar: manifests spell out `globalDefault: false`, which Go's JSON encoding omits.
 */
function assertEqualButOmittedZeros(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null) {
    if (Array.isArray(expected) !== Array.isArray(actual)) assert.deepEqual(actual, expected, where);
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(e)])) {
      if (!(k in a) && (e[k] === false || e[k] === 0 || e[k] === '')) continue;
      assertEqualButOmittedZeros(a[k], e[k], `${where}.${k}`);
    }
    return;
  }
  assert.deepEqual(actual, expected, where);
}

describe('golden bytes', () => {
  // ConfigMap{metadata{name=cm}, data{a:b}} reasoned field by field:
  //   magic 6b387300
  //   Unknown.typeMeta (1, LEN 15): apiVersion (1) "v1", kind (2) "ConfigMap"
  //   Unknown.raw (2, LEN 14): ConfigMap.metadata (1, LEN 4){ name (1) "cm" }, data (2, LEN 6){ key (1) "a", value (2) "b" }
  //   Unknown.contentEncoding (3) "" and contentType (4) "", written empty as Go does.
  const golden = `6b387300
    0a0f 0a027631 1209436f6e6669674d6170
    120e 0a04 0a02636d 1206 0a0161 120162
    1a00 2200`;
  const cm: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } };

  it('encodes a small ConfigMap byte for byte', () => {
    assert.equal(hex(encodeObject(cm)), hex(fromHex(golden)));
  });
  it('decodes the golden bytes back', () => {
    assert.deepEqual(decodeObject(fromHex(golden)), { ok: true, object: cm });
  });
  it('writes map entries in sorted key order', () => {
    const b = encodeObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { z: '1', a: '2' } });
    assert.match(hex(b), /12060a016112013212060a017a120131/);
  });
  it('writes immutable as field 4 and binaryData as field 3 with raw bytes', () => {
    const b = encodeObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      binaryData: { k: 'AP8=' },
      immutable: true,
    });
    // raw = 1a07 (field 3) {0a016b 1202 00ff} + 2001 (field 4, true)
    assert.match(hex(b), /120b1a070a016b120200ff2001/);
  });
  it('encodes Time as seconds (field 1) and IntOrString with all three fields', () => {
    const svc = encodeObject({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { creationTimestamp: '1970-01-01T00:01:40Z' },
      spec: { ports: [{ port: 80, targetPort: 'http' }] },
    });
    // creationTimestamp is ObjectMeta field 8: {08 64} = 100 seconds.
    assert.match(hex(svc), /42020864/);
    // targetPort is ServicePort field 4: type=1, intVal=0, strVal="http".
    assert.match(hex(svc), /220a080110001a0468747470/);
  });
});

describe('round trip JSON → protobuf → JSON', () => {
  const cases: Array<[name: string, obj: JsonObject]> = [
    [
      'pod with probes, resources, volumes and int-or-string ports',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'web',
          namespace: 'default',
          uid: '0b7c6c5e-0000-4000-8000-000000000001',
          resourceVersion: '42',
          generation: 3,
          creationTimestamp: '2024-05-06T07:08:09Z',
          labels: { app: 'web' },
          annotations: { note: 'x' },
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u', controller: true },
          ],
          finalizers: ['a/b'],
          managedFields: [
            {
              manager: 'kubectl',
              operation: 'Apply',
              apiVersion: 'v1',
              time: '2024-05-06T07:08:09Z',
              fieldsType: 'FieldsV1',
              fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } },
            },
          ],
        },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }],
              env: [
                { name: 'A', value: 'b' },
                { name: 'E', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 1 },
              securityContext: { runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false },
              volumeMounts: [{ name: 'v', mountPath: '/data', readOnly: true }],
            },
          ],
          volumes: [
            { name: 'v', configMap: { name: 'cm', defaultMode: 420, items: [{ key: 'k', path: 'p' }] } },
            { name: 'e', emptyDir: { sizeLimit: '1Gi' } },
          ],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }],
          terminationGracePeriodSeconds: 0,
        },
        status: {
          phase: 'Running',
          podIP: '10.0.0.5',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-05-06T07:08:10Z' }],
          startTime: '2024-05-06T07:08:09Z',
        },
      },
    ],
    [
      'deployment with strategy percentages and zero replicas',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', namespace: 'ns' },
        spec: {
          replicas: 0,
          selector: {
            matchLabels: { app: 'd' },
            matchExpressions: [{ key: 'k', operator: 'In', values: ['a'] }],
          },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
          template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
        },
        status: { replicas: 2, observedGeneration: 7 },
      },
    ],
    [
      'secret with binary data',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { k: 'AAECAwT/' } },
    ],
    [
      'service with cluster IPs and session affinity',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: {
          type: 'NodePort',
          clusterIP: '10.96.0.10',
          clusterIPs: ['10.96.0.10'],
          ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53, nodePort: 30053 }],
          selector: { k: 'v' },
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        },
      },
    ],
    [
      'cluster role with rules (embedded structs and repeated strings)',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'r' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] },
      },
    ],
    [
      'validating webhook configuration (inline Rule inside RuleWithOperations)',
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'w' },
        webhooks: [
          {
            name: 'w.example.com',
            admissionReviewVersions: ['v1'],
            sideEffects: 'None',
            clientConfig: { url: 'https://x', caBundle: 'AAEC' },
            rules: [
              {
                operations: ['CREATE'],
                apiGroups: [''],
                apiVersions: ['v1'],
                resources: ['pods'],
                scope: '*',
              },
            ],
            timeoutSeconds: 10,
          },
        ],
      },
    ],
    [
      'subject access review with extra (ExtraValue wrapper message)',
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: 'u',
          groups: ['g'],
          extra: { scopes: ['a', 'b'], empty: [] },
          resourceAttributes: { verb: 'get' },
        },
      },
    ],
    [
      'event with MicroTime',
      {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'e', namespace: 'default' },
        eventTime: '2024-05-06T07:08:09.123456Z',
        reportingController: 'c',
        reportingInstance: 'i',
        action: 'Pull',
        reason: 'Pulled',
        type: 'Normal',
        regarding: { kind: 'Pod', name: 'p' },
      },
    ],
    [
      'controller revision with RawExtension data',
      {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { name: 'r' },
        revision: 2,
        data: { spec: { template: { metadata: { labels: { a: 'b' } } } } },
      },
    ],
    [
      'custom resource definition with recursive schema, OrBool and OrArray',
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'foos.example.com' },
        spec: {
          group: 'example.com',
          names: { plural: 'foos', singular: 'foo', kind: 'Foo', listKind: 'FooList' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      additionalProperties: false,
                      'x-kubernetes-preserve-unknown-fields': true,
                      properties: { size: { type: 'integer', minimum: 1, default: 3, enum: [1, 3] } },
                    },
                    list: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          ],
        },
      },
    ],
    [
      'config map list with list metadata',
      {
        apiVersion: 'v1',
        kind: 'ConfigMapList',
        metadata: { resourceVersion: '10', continue: 'abc', remainingItemCount: 5 },
        items: [
          { metadata: { name: 'a', namespace: 'x' }, data: { k: 'v' } },
          { metadata: { name: 'b', namespace: 'x' } },
        ],
      },
    ],
    [
      'status with details and causes',
      {
        apiVersion: 'v1',
        kind: 'Status',
        metadata: {},
        status: 'Failure',
        message: 'pods "x" not found',
        reason: 'NotFound',
        details: { name: 'x', kind: 'pods', causes: [{ reason: 'FieldValueInvalid', field: 'spec' }] },
        code: 404,
      },
    ],
    [
      'horizontal pod autoscaler v2 with quantities',
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' },
          minReplicas: 1,
          maxReplicas: 5,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
            },
          ],
        },
      },
    ],
  ];
  for (const [name, obj] of cases) {
    it(name, () => {
      const input = structuredClone(obj);
      defaultObject(input['apiVersion'] as string, input['kind'] as string, input);
      assert.deepEqual(roundTrip(input), input);
    });
  }

  it('every object of the valid manifest corpus, after defaulting', () => {
    const dir = new URL('../../../../test/fixtures/manifests/valid/', import.meta.url);
    let count = 0;
    for (const file of readdirSync(dir)) {
      for (const doc of parseAllDocuments(readFileSync(new URL(file, dir), 'utf8'))) {
        const obj = doc.toJSON() as JsonObject | null;
        if (obj === null) continue;
        const apiVersion = obj['apiVersion'] as string;
        const kind = obj['kind'] as string;
        if (!hasProtobufForm(apiVersion, kind)) continue;
        defaultObject(apiVersion, kind, obj);
        assertEqualButOmittedZeros(roundTrip(obj), obj, `${file}: ${kind}`);
        count++;
      }
    }
    assert.ok(count > 5, `only ${count} objects checked`);
  });
});

describe('decoding details', () => {
  it('round-trips negative int32 (10-byte varints) and large int64 values', () => {
    const obj: JsonObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { securityContext: { runAsUser: -5, supplementalGroups: [-1, Number.MAX_SAFE_INTEGER] } },
    };
    assert.deepEqual(roundTrip(obj), obj);
  });
  it('normalizes time zones to UTC and keeps MicroTime microseconds', () => {
    const out = roundTrip({
      apiVersion: 'v1',
      kind: 'Event',
      firstTimestamp: '2024-01-01T01:00:00+01:00',
      eventTime: '2024-01-01T00:00:00.5Z',
    });
    assert.equal(out['firstTimestamp'], '2024-01-01T00:00:00Z');
    assert.equal(out['eventTime'], '2024-01-01T00:00:00.500000Z');
  });
  it('drops the zero value of a non-pointer omitempty field (Go writes it, JSON omits it)', () => {
    // Container.imagePullPolicy is a value string field: kubectl sends "" when unset.
    const b = encodeObject({
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { containers: [{ name: 'c', image: 'i', imagePullPolicy: '', stdin: false }] },
    });
    const r = decodeObject(b);
    assert.ok(r.ok);
    assert.deepEqual(r.object['spec'], { containers: [{ name: 'c', image: 'i' }] });
  });
  it('keeps an explicit empty pointer string (PVC storageClassName "")', () => {
    const obj: JsonObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      spec: { storageClassName: '' },
    };
    assert.deepEqual(roundTrip(obj), obj);
  });
  it('omits a zero Time (empty message)', () => {
    const r = decodeObject(fromHex('6b387300 0a0f0a0276311209436f6e6669674d6170 1204 0a02 4200'));
    assert.deepEqual(r, { ok: true, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } });
  });
  it('fills apiVersion and kind from the defaults when the type meta is empty', () => {
    const r = decodeObject(fromHex('6b387300 0a00 1204 0a020a00'), { apiVersion: 'v1', kind: 'ConfigMap' });
    // ObjectMeta.name is a value field tagged omitempty: the empty string means unset.
    assert.deepEqual(r, { ok: true, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } });
  });
  it('skips unknown fields', () => {
    // Field 15 (varint) inside ConfigMap is not part of the message.
    const r = decodeObject(fromHex('6b387300 0a0f0a0276311209436f6e6669674d6170 1202 7801'));
    assert.deepEqual(r, { ok: true, object: { apiVersion: 'v1', kind: 'ConfigMap' } });
  });
  it('accepts packed repeated integers', () => {
    // Pod.spec (2) { securityContext (14) { supplementalGroups (4, packed) [1, 2] } }
    const r = decodeObject(fromHex('6b387300 0a090a0276311203506f64 1208 1206 7204 2202 0102'));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.object['spec'], { securityContext: { supplementalGroups: [1, 2] } });
  });
  it('accepts unpacked repeated integers, as Go writes proto2 repeated fields', () => {
    const r = decodeObject(fromHex('6b387300 0a090a0276311203506f64 1208 1206 7204 2001 2002'));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.object['spec'], { securityContext: { supplementalGroups: [1, 2] } });
  });
});

describe('errors', () => {
  const cases: Array<[name: string, bytes: string, message: string]> = [
    [
      'no magic',
      '7b7d',
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    ],
    ['no data at all', '', 'empty data'],
    ['only the magic', '6b387300', 'empty body'],
    [
      'short prefix',
      '6b38',
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    ],
    [
      'missing apiVersion',
      '6b387300 0a0b 1209436f6e6669674d6170',
      `Object 'apiVersion' is missing in 'runtime.TypeMeta{APIVersion:"", Kind:"ConfigMap"}'`,
    ],
    [
      'missing kind',
      '6b387300 0a04 0a027631',
      `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`,
    ],
    [
      'unregistered kind',
      '6b387300 0a09 0a027631 1203466f6f',
      'no kind "Foo" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    ],
    ['truncated raw length', '6b387300 0a0f0a0276311209436f6e6669674d6170 1210 0a', 'unexpected EOF'],
    ['truncated nested message', '6b387300 0a0f0a0276311209436f6e6669674d6170 1202 0a05', 'unexpected EOF'],
    [
      'wrong wire type',
      '6b387300 0a0f0a0276311209436f6e6669674d6170 1202 0801',
      'proto: wrong wireType = 0 for field Metadata',
    ],
    [
      'field number zero',
      '6b387300 0a0f0a0276311209436f6e6669674d6170 1202 0001',
      'proto: illegal tag 0 (wire type 0)',
    ],
    [
      'bad embedded JSON in RawExtension',
      '6b387300 0a1d 0a07617070732f7631 1212436f6e74726f6c6c65725265766973696f6e 1205 12030a017b',
      '',
    ],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      const r = decodeObject(fromHex(bytes));
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error.status.code, 400);
      assert.equal(r.error.status.reason, 'BadRequest');
      if (message !== '') assert.equal(r.error.message, message);
      else assert.match(r.error.message, /^embedded JSON: /);
    });
  }

  it('encodeObject refuses kinds without a protobuf form', () => {
    assert.throws(() => encodeObject({ apiVersion: 'example.com/v1', kind: 'Foo' }), ProtobufEncodeError);
  });
  it('encodeObject refuses a field of the wrong JSON type', () => {
    assert.throws(
      () => encodeObject({ apiVersion: 'v1', kind: 'ConfigMap', immutable: 'yes' }),
      (e: unknown) => e instanceof ProtobufEncodeError && /\.immutable: expected boolean/.test(e.message),
    );
  });
});
