import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resourceFor } from '../../api/index.js';
import { StatusError } from '../../apimachinery/errors/index.js';
import { LAST_APPLIED_ANNOTATION } from './field-manager.js';
import { fieldManagerFor } from './for-resource.js';
import type { JsonMap } from './typed.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON read back in assertions
type Loose = any;

const deployments = fieldManagerFor(resourceFor({ group: 'apps', version: 'v1', resource: 'deployments' })!);
const configmaps = fieldManagerFor(resourceFor({ group: '', version: 'v1', resource: 'configmaps' })!);

const T1 = new Date('2024-01-01T00:00:00Z');
const T2 = new Date('2024-01-02T00:00:00Z');
const T3 = new Date('2024-01-03T00:00:00Z');

// `kubectl create deployment nginx --image=nginx` as kube-apiserver holds it after decoding and
// defaulting, before the strategy runs.
function createdDeployment(): JsonMap {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' }, creationTimestamp: null },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' }, creationTimestamp: null },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'Always',
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

// The managedFields entry kube-apiserver records for it.
const UPSTREAM_CREATE_ENTRY = {
  manager: 'kubectl-create',
  operation: 'Update',
  apiVersion: 'apps/v1',
  time: '2024-01-01T00:00:00Z',
  fieldsType: 'FieldsV1',
  fieldsV1: {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:progressDeadlineSeconds': {},
      'f:replicas': {},
      'f:revisionHistoryLimit': {},
      'f:selector': {},
      'f:strategy': {
        'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
        'f:type': {},
      },
      'f:template': {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"nginx"}': {
              '.': {},
              'f:image': {},
              'f:imagePullPolicy': {},
              'f:name': {},
              'f:resources': {},
              'f:terminationMessagePath': {},
              'f:terminationMessagePolicy': {},
            },
          },
          'f:dnsPolicy': {},
          'f:restartPolicy': {},
          'f:schedulerName': {},
          'f:securityContext': {},
          'f:terminationGracePeriodSeconds': {},
        },
      },
    },
  },
};

function managed(obj: JsonMap): Record<string, Loose>[] {
  return ((obj['metadata'] as JsonMap)['managedFields'] ?? []) as Record<string, Loose>[];
}

function created(): JsonMap {
  const obj = createdDeployment();
  deployments.update(undefined, obj, 'kubectl-create', '', T1);
  return obj;
}

function withReplicas(obj: JsonMap, n: number): JsonMap {
  const next = structuredClone(obj);
  (next['spec'] as JsonMap)['replicas'] = n;
  return next;
}

function statusOf(f: () => unknown): StatusError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('update operations', () => {
  test('a create records every field the request set, as kube-apiserver does', () => {
    assert.deepEqual(managed(created()), [UPSTREAM_CREATE_ENTRY]);
  });

  test('an update takes the changed fields from other managers; the time moves only on change', () => {
    const live = created();
    const next = withReplicas(live, 3);
    deployments.update(live, next, 'kubectl-scale', '', T2);
    const [create, scale] = managed(next);
    assert.equal(create?.['manager'], 'kubectl-create');
    assert.equal(create?.['fieldsV1']['f:spec']['f:replicas'], undefined);
    assert.deepEqual(scale, {
      manager: 'kubectl-scale',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2024-01-02T00:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
    // Writing the same object again changes nothing, not even times.
    const again = structuredClone(next);
    deployments.update(next, again, 'kubectl-scale', '', T3);
    assert.deepEqual(managed(again), managed(next));
    // A manager that changes nothing gets no entry.
    const idle = structuredClone(next);
    deployments.update(next, idle, 'idle', '', T3);
    assert.deepEqual(managed(idle), managed(next));
  });

  test('removed fields leave every set; emptied entries are dropped', () => {
    const live = withReplicas(created(), 3);
    deployments.update(created(), live, 'scaler', '', T2);
    const next = structuredClone(live);
    delete (next['spec'] as JsonMap)['replicas'];
    deployments.update(live, next, 'editor', '', T3);
    assert.deepEqual(
      managed(next).map((e) => e['manager']),
      ['kubectl-create'],
    );
  });

  test('status writes record their own entry and never own spec', () => {
    const live = created();
    const next = structuredClone(live);
    next['status'] = { replicas: 1 };
    (next['spec'] as JsonMap)['replicas'] = 7;
    deployments.update(live, next, 'controller', 'status', T2);
    const entry = managed(next).find((e) => e['manager'] === 'controller');
    assert.deepEqual(entry, {
      manager: 'controller',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2024-01-02T00:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:replicas': {} } },
      subresource: 'status',
    });
  });

  test('managedFields sent by the client replace the stored ones; [{}] clears them', () => {
    const live = created();
    const reset = structuredClone(live);
    (reset['metadata'] as JsonMap)['managedFields'] = [{}];
    deployments.update(live, reset, 'editor', '', T2);
    assert.equal((reset['metadata'] as JsonMap)['managedFields'], undefined);
    const junk = structuredClone(live);
    (junk['metadata'] as JsonMap)['managedFields'] = [{ manager: 'x', operation: 'Nope' }];
    deployments.update(live, junk, 'editor', '', T2);
    assert.deepEqual(managed(junk), managed(live));
  });

  test('more than ten Update managers fold the oldest into ancient-changes', () => {
    let obj: JsonMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} };
    for (let i = 0; i < 12; i++) {
      const next = structuredClone(obj);
      (next['data'] as JsonMap)[`k${i}`] = 'v';
      configmaps.update(obj, next, `m${String(i).padStart(2, '0')}`, '', new Date(T1.getTime() + i * 1000));
      obj = next;
    }
    const names = managed(obj).map((e) => e['manager']);
    assert.equal(names.length, 10);
    assert.equal(names[0], 'ancient-changes');
    assert.deepEqual(managed(obj)[0]?.['fieldsV1'], { 'f:data': { 'f:k0': {}, 'f:k1': {}, 'f:k2': {} } });
  });
});

describe('apply', () => {
  const config = (replicas: number | undefined, extra: JsonMap = {}): JsonMap => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', ...extra },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } },
    },
  });

  test('creates from nothing with an Apply entry of only the applied fields', () => {
    const obj = deployments.apply(undefined, config(2), 'mgr', false, '', T1);
    assert.deepEqual(managed(obj), [
      {
        manager: 'mgr',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': {
                'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
              },
            },
          },
        },
      },
    ]);
    assert.equal((obj['spec'] as JsonMap)['replicas'], 2);
  });

  test('conflicts with other managers unless forced; equal values are shared', () => {
    const live = created();
    const e = statusOf(() => deployments.apply(live, config(3), 'mgr', false, '', T2));
    assert.equal(e.status.code, 409);
    assert.equal(e.status.reason, 'Conflict');
    assert.equal(
      e.status.message,
      'Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:\n- .spec.replicas\n' +
        '- .spec.template.spec.containers[name="nginx"].image',
    );
    assert.deepEqual(e.status.details?.causes, [
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-create" using apps/v1',
        field: '.spec.replicas',
      },
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-create" using apps/v1',
        field: '.spec.template.spec.containers[name="nginx"].image',
      },
    ]);
    const one = statusOf(() =>
      deployments.apply(live, { ...config(1), spec: { replicas: 5 } }, 'mgr', false, '', T2),
    );
    assert.equal(
      one.status.message,
      'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
    );
    // The live value: no conflict, both own it.
    const shared = deployments.apply(live, { ...config(1), spec: { replicas: 1 } }, 'mgr', false, '', T2);
    const create = managed(shared).find((x) => x['manager'] === 'kubectl-create');
    assert.deepEqual(create?.['fieldsV1']['f:spec']['f:replicas'], {});
    // Forced: the applier takes the fields.
    const forced = deployments.apply(live, config(3), 'mgr', true, '', T2);
    assert.equal((forced['spec'] as JsonMap)['replicas'], 3);
    const after = managed(forced).find((x) => x['manager'] === 'kubectl-create');
    assert.equal(after?.['fieldsV1']['f:spec']['f:replicas'], undefined);
    assert.equal(
      after?.['fieldsV1']['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']['f:image'],
      undefined,
    );
  });

  test('conflict paths come in set order: members of a level before what is below it', () => {
    const live: JsonMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { x: '1' },
      immutable: false,
    };
    configmaps.update(undefined, live, 'a', '', T1);
    const e = statusOf(() =>
      configmaps.apply(
        live,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: '2' }, immutable: true },
        'b',
        false,
        '',
        T2,
      ),
    );
    assert.equal(
      e.status.message,
      'Apply failed with 2 conflicts: conflicts with "a" using v1:\n- .immutable\n- .data.x',
    );
  });

  test('a field applied before and not now is removed unless another manager owns it', () => {
    const first = deployments.apply(
      undefined,
      config(2, { labels: { a: '1', b: '2' } }),
      'mgr',
      false,
      '',
      T1,
    );
    const second = deployments.apply(first, config(undefined, { labels: { a: '1' } }), 'mgr', false, '', T2);
    assert.deepEqual((second['metadata'] as JsonMap)['labels'], { a: '1' });
    assert.equal((second['spec'] as JsonMap)['replicas'], undefined);
    // Another applier keeps what it owns alive.
    const other = deployments.apply(first, config(2), 'other', false, '', T2);
    const third = deployments.apply(other, config(undefined), 'mgr', false, '', T3);
    assert.equal((third['spec'] as JsonMap)['replicas'], 2);
    // An unchanged apply returns the live object with its times untouched.
    const same = deployments.apply(
      third,
      config(undefined),
      'mgr',
      false,
      '',
      new Date('2025-01-01T00:00:00Z'),
    );
    assert.deepEqual(same, third);
  });

  test('fields set before any apply belong to before-first-apply', () => {
    const live = createdDeployment();
    const e = statusOf(() => deployments.apply(live, config(3), 'mgr', false, '', T2));
    assert.match(e.status.message ?? '', /conflicts with "before-first-apply" using apps\/v1:/);
  });

  test('rejects configurations of another kind, with managedFields, or outside the schema', () => {
    const wrong = statusOf(() =>
      deployments.apply(undefined, { apiVersion: 'v1', kind: 'Pod' }, 'm', false, '', T1),
    );
    assert.equal(wrong.status.code, 400);
    assert.equal(wrong.status.message, 'invalid object type: /v1, Kind=Pod');
    const empty = statusOf(() => deployments.apply(undefined, {}, 'm', false, '', T1));
    assert.equal(empty.status.message, 'invalid object type: /, Kind=');
    const mf = statusOf(() =>
      deployments.apply(
        undefined,
        { ...config(1), metadata: { name: 'x', managedFields: [] } },
        'm',
        false,
        '',
        T1,
      ),
    );
    assert.equal(mf.status.code, 400);
    assert.equal(mf.status.message, 'metadata.managedFields must be nil');
    const bogus = statusOf(() =>
      deployments.apply(undefined, { ...config(1), spec: { bogus: 1 } }, 'm', false, '', T1),
    );
    assert.equal(bogus.status.code, 500);
    assert.equal(
      bogus.status.message,
      'failed to create typed patch object (/nginx; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema',
    );
  });

  test('kubectl may take over fields client-side apply set and nobody changed since', () => {
    const cfg = config(2);
    const live = deployments.apply(undefined, cfg, 'seed', false, '', T1);
    (live['metadata'] as JsonMap)['managedFields'] = [];
    (live['metadata'] as JsonMap)['annotations'] = { [LAST_APPLIED_ANNOTATION]: JSON.stringify(cfg) };
    const csa = structuredClone(live);
    deployments.update(undefined, csa, 'kubectl-client-side-apply', '', T1);
    // Another manager conflicts as usual.
    const other = statusOf(() => deployments.apply(csa, config(3), 'ci', false, '', T2));
    assert.equal(
      other.status.message,
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    // kubectl itself upgrades: replicas still hold the last-applied value.
    const upgraded = deployments.apply(csa, config(3), 'kubectl', false, '', T2);
    assert.equal((upgraded['spec'] as JsonMap)['replicas'], 3);
    // Changed since by someone else: the conflict stands.
    const scaled = withReplicas(csa, 5);
    deployments.update(csa, scaled, 'scaler', '', T2);
    const e = statusOf(() => deployments.apply(scaled, config(3), 'kubectl', false, '', T3));
    assert.equal(
      e.status.message,
      'Apply failed with 1 conflict: conflict with "scaler" using apps/v1: .spec.replicas',
    );
  });

  test('server-side apply by kubectl keeps an existing last-applied annotation in step', () => {
    const live = created();
    (live['metadata'] as JsonMap)['annotations'] = { [LAST_APPLIED_ANNOTATION]: '{}' };
    const out = deployments.apply(live, config(1), 'kubectl', true, '', T2);
    const ann = (out['metadata'] as JsonMap)['annotations'] as JsonMap;
    assert.equal(
      ann[LAST_APPLIED_ANNOTATION],
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx"},"spec":{"replicas":1,' +
        '"template":{"spec":{"containers":[{"image":"nginx:2","name":"nginx"}]}}}}',
    );
  });
});
