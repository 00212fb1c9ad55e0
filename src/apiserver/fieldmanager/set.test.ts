import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { elementKey, field, key, parseElementKey, type Path, pathString } from './path.js';
import { FieldSet } from './set.js';

const f = field;
const c = (name: string) => key([['name', name]]);

// The fieldsV1 of `kubectl create deployment nginx --image=nginx` on kube-apiserver, as upstream
// serialises it (compact JSON, upstream's key order).
const CREATE_DEPLOYMENT =
  '{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:progressDeadlineSeconds":{},"f:replicas":{},' +
  '"f:revisionHistoryLimit":{},"f:selector":{},"f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},' +
  '"f:maxUnavailable":{}},"f:type":{}},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},' +
  '"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},' +
  '"f:name":{},"f:resources":{},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},' +
  '"f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},' +
  '"f:terminationGracePeriodSeconds":{}}}}}';

// A Service's ports and a pod's finalizers as upstream encodes set and multi-key elements.
const SERVICE_AND_FINALIZERS =
  '{"f:metadata":{"f:finalizers":{".":{},"v:\\"example.com/a\\"":{}}},"f:spec":{"f:ports":{".":{},' +
  '"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{},"f:protocol":{},"f:targetPort":{}}}}}';

describe('FieldSet', () => {
  test('FieldsV1 round trip keeps upstream samples byte for byte', () => {
    for (const sample of [CREATE_DEPLOYMENT, SERVICE_AND_FINALIZERS]) {
      const set = FieldSet.fromFieldsV1(JSON.parse(sample));
      assert.equal(JSON.stringify(set.toFieldsV1()), sample);
    }
  });

  test('members and children: `.` only where a path is both', () => {
    const s = FieldSet.of(
      [f('spec'), f('replicas')],
      [f('metadata'), f('labels')],
      [f('metadata'), f('labels'), f('app')],
    );
    assert.deepEqual(s.toFieldsV1(), {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:replicas': {} },
    });
    assert.equal(s.has([f('metadata'), f('labels')]), true);
    assert.equal(s.has([f('metadata')]), false);
    assert.equal(s.has([f('spec'), f('replicas')]), true);
  });

  test('element order: fields, then keys, values, indexes', () => {
    const s = FieldSet.of(
      [{ type: 'index', index: 2 }],
      [{ type: 'value', value: 'x' }],
      [c('b')],
      [c('a')],
      [f('z')],
      [f('a')],
    );
    assert.deepEqual(Object.keys(s.toFieldsV1()), [
      'f:a',
      'f:z',
      'k:{"name":"a"}',
      'k:{"name":"b"}',
      'v:"x"',
      'i:2',
    ]);
  });

  test('keys are encoded with sorted names whatever order they were given in', () => {
    const pe = key([
      ['protocol', 'TCP'],
      ['containerPort', 80],
    ]);
    assert.equal(elementKey(pe), 'k:{"containerPort":80,"protocol":"TCP"}');
    assert.deepEqual(parseElementKey('k:{"protocol":"TCP","containerPort":80}'), pe);
    assert.equal(parseElementKey('x:1'), undefined);
    assert.equal(parseElementKey('k:[1]'), undefined);
    assert.equal(parseElementKey('i:-1'), undefined);
    assert.throws(() => FieldSet.fromFieldsV1({ 'q:bad': {} }), /parsing key as path element/);
  });

  test('union, difference, intersection and recursive difference', () => {
    const a = FieldSet.of(
      [f('spec'), f('replicas')],
      [f('spec'), f('paused')],
      [f('spec'), f('template'), f('x')],
    );
    const b = FieldSet.of([f('spec'), f('replicas')], [f('spec'), f('template')], [f('status')]);
    assert.deepEqual(a.union(b).toFieldsV1(), {
      'f:spec': { 'f:paused': {}, 'f:replicas': {}, 'f:template': { '.': {}, 'f:x': {} } },
      'f:status': {},
    });
    // Difference only removes members: spec.template.x stays though spec.template is in b.
    assert.deepEqual(a.difference(b).toFieldsV1(), {
      'f:spec': { 'f:paused': {}, 'f:template': { 'f:x': {} } },
    });
    assert.deepEqual(a.recursiveDifference(b).toFieldsV1(), { 'f:spec': { 'f:paused': {} } });
    assert.deepEqual(a.intersection(b).toFieldsV1(), { 'f:spec': { 'f:replicas': {} } });
    assert.equal(a.difference(a).isEmpty(), true);
    assert.equal(a.union(b).equals(b.union(a)), true);
    assert.equal(a.equals(b), false);
  });

  test('paths iterate members before children and print as upstream', () => {
    const s = FieldSet.of(
      [f('spec'), f('template'), f('spec'), f('containers'), c('main'), f('image')],
      [f('spec'), f('replicas')],
      [f('metadata'), f('finalizers'), { type: 'value', value: 'a/b' }],
    );
    assert.deepEqual(
      s.paths().map((p: Path) => pathString(p)),
      ['.metadata.finalizers[="a/b"]', '.spec.replicas', '.spec.template.spec.containers[name="main"].image'],
    );
    assert.equal(
      pathString([
        f('spec'),
        f('ports'),
        key([
          ['port', 80],
          ['protocol', 'TCP'],
        ]),
      ]),
      '.spec.ports[port=80,protocol="TCP"]',
    );
  });
});
