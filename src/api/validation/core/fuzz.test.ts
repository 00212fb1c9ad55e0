import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { errorString, type FieldError } from '../../../apimachinery/field/index.js';
import type { JsonObject } from '../types.js';
import { decodeGoBase64 } from './data-maps.js';
import { goUnmarshalMapError } from './go-json-check.js';
import { coreValidations } from './index.js';
import { parseCIDRSloppy, parseIPSloppy } from './ip.js';

// Every validator must take any decoded JSON without throwing and return well-formed errors.
function checkErrors(errs: readonly FieldError[]): void {
  assert.ok(Array.isArray(errs));
  for (const e of errs) {
    assert.equal(typeof e.field, 'string');
    assert.equal(typeof errorString(e), 'string');
  }
}

function runAll(obj: JsonObject, old: JsonObject): void {
  for (const v of Object.values(coreValidations)) {
    checkErrors(v.validate(obj));
    checkErrors(v.validateUpdate(obj, old));
    if (v.validateStatusUpdate) checkErrors(v.validateStatusUpdate(obj, old));
    if (v.warnings) for (const w of v.warnings(obj, old)) assert.equal(typeof w, 'string');
  }
}

// Values that steer validators into their branches: field names they read and values they test.
const words = [
  'None',
  'ClusterIP',
  'NodePort',
  'LoadBalancer',
  'ExternalName',
  'Local',
  'Cluster',
  'ClientIP',
  'TCP',
  'In',
  'Exists',
  'Gt',
  'Pod',
  'Container',
  'PersistentVolumeClaim',
  'storage',
  'cpu',
  '1Gi',
  '-1',
  '1.2.3.4',
  '2001::1',
  '10.0.0.0/8',
  'kubernetes.io/tls',
  'kubernetes.io/dockercfg',
  'Bound',
  'Active',
  'metadata.name',
  'e30=',
  '',
];
const leaf = fc.oneof(
  fc.constantFrom(...words),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -70000, max: 70000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);
const keys = fc.constantFrom(
  'metadata',
  'spec',
  'status',
  'data',
  'binaryData',
  'stringData',
  'type',
  'immutable',
  'ports',
  'clusterIPs',
  'ipFamilies',
  'subsets',
  'addresses',
  'limits',
  'hard',
  'scopes',
  'scopeSelector',
  'matchExpressions',
  'target',
  'name',
  'namespace',
  'selector',
  'template',
  'capacity',
  'accessModes',
  'resources',
  'requests',
  'taints',
  'podCIDRs',
  'nodeAffinity',
  'required',
  'nodeSelectorTerms',
  'involvedObject',
  'eventTime',
  'loadBalancer',
  'ingress',
  'sessionAffinityConfig',
  'clientIP',
  'timeoutSeconds',
  'hostPath',
  'csi',
  'local',
  'dataSource',
  'dataSourceRef',
  'max',
  'min',
  'default',
  'defaultRequest',
  'maxLimitRequestRatio',
);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('json'), { maxLength: 4 }),
  obj: fc.dictionary(fc.oneof(keys, fc.string({ maxLength: 4 })), tie('json'), { maxKeys: 6 }),
}));
const object = fc.dictionary(fc.oneof(keys, fc.string({ maxLength: 4 })), json, { maxKeys: 8 });

describe('fuzz: validators never throw', () => {
  test('random JSON objects', () => {
    fc.assert(
      fc.property(object, object, (a, b) => runAll(a, b)),
      { seed: 4242, numRuns: 1500 },
    );
  });

  // Valid objects with one member replaced by random JSON reach far deeper than random objects.
  const bases: JsonObject[] = [
    {
      metadata: { name: 'a', namespace: 'b', resourceVersion: '1' },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '1.2.3.4',
        clusterIPs: ['1.2.3.4'],
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } },
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 30000,
        selector: { a: 'b' },
        replicas: 1,
        template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Always' } },
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        hostPath: { path: '/a' },
        limits: [
          { type: 'Container', max: { cpu: '1' }, min: { cpu: '1m' }, maxLimitRequestRatio: { cpu: '2' } },
        ],
        hard: { pods: '1' },
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['a'] }] },
        taints: [{ key: 'a', effect: 'NoSchedule' }],
        podCIDRs: ['10.0.0.0/24', 'fd00::/64'],
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }],
          },
        },
      },
      status: { loadBalancer: { ingress: [{ ip: '1.1.1.1', ipMode: 'VIP' }] }, capacity: { storage: '1Gi' } },
      data: { '.dockerconfigjson': 'e30=' },
      type: 'kubernetes.io/dockerconfigjson',
      subsets: [{ addresses: [{ ip: '1.1.1.1' }], ports: [{ port: 1, protocol: 'TCP' }] }],
      involvedObject: { namespace: 'b' },
      eventTime: '2024-01-01T00:00:00.000000Z',
      target: { kind: 'Node', name: 'n' },
    },
  ];
  const pathInto = (o: unknown, depth: number): string[][] => {
    if (depth > 5 || o === null || typeof o !== 'object') return [];
    const out: string[][] = [];
    for (const [k, v] of Object.entries(o)) {
      out.push([k]);
      for (const p of pathInto(v, depth + 1)) out.push([k, ...p]);
    }
    return out;
  };
  const paths = pathInto(bases[0], 0);
  test('valid objects with one member replaced', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), json, fc.boolean(), (p, value, asOld) => {
        const obj = structuredClone(bases[0]!);
        let cur: Record<string, unknown> = obj;
        for (const k of p.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
        cur[p[p.length - 1]!] = value;
        if (asOld) runAll(bases[0]!, obj);
        else runAll(obj, bases[0]!);
      }),
      { seed: 777, numRuns: 2000 },
    );
  });
});

describe('fuzz: parsers never throw', () => {
  const text = fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEF.:/%[]- \n=+{}"\\,tnul'.split('')),
    maxLength: 24,
  });
  test('IP and CIDR parsers', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (s) => {
        parseIPSloppy(s);
        parseCIDRSloppy(s);
      }),
      { seed: 99, numRuns: 2000 },
    );
  });
  test('base64 decoder agrees with Node on what it accepts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const r = decodeGoBase64(Buffer.from(bytes).toString('base64'));
        assert.deepEqual(r, { ok: true, bytes: Uint8Array.from(bytes) });
      }),
      { seed: 5, numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (s) => {
        const r = decodeGoBase64(s);
        if (!r.ok) assert.ok(r.at >= 0 && r.at <= Buffer.byteLength(s));
      }),
      { seed: 6, numRuns: 2000 },
    );
  });
  test('Go JSON check agrees with JSON.parse on validity', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.json()), (s) => {
        const msg = goUnmarshalMapError(s);
        let parsed: unknown;
        let valid = true;
        try {
          parsed = JSON.parse(s);
        } catch {
          valid = false;
        }
        if (!valid) assert.ok(msg !== undefined && msg.length > 0);
        else {
          const isMap = parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed));
          assert.equal(msg === undefined, isMap, `${JSON.stringify(s)} → ${msg}`);
        }
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});
