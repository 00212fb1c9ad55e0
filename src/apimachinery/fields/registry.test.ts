import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  convertFieldLabel,
  convertFieldSelector,
  fieldSelectorForRequest,
  fieldsOf,
  parseFieldSelector,
  supportedFieldLabels,
} from './index.js';

const core = (resource: string) => ({ group: '', resource });

describe('convertFieldLabel', () => {
  // [name, group, resource, label, mapped field or undefined, message when rejected]
  const cases: Array<[string, string, string, string, string | undefined, string]> = [
    ['pod node name', '', 'pods', 'spec.nodeName', 'spec.nodeName', ''],
    ['pod legacy host', '', 'pods', 'spec.host', 'spec.nodeName', ''],
    ['pod host network', '', 'pods', 'spec.hostNetwork', 'spec.hostNetwork', ''],
    ['pod IPs', '', 'pods', 'status.podIPs', 'status.podIPs', ''],
    ['pod nominated node', '', 'pods', 'status.nominatedNodeName', 'status.nominatedNodeName', ''],
    [
      'pod unknown field',
      '',
      'pods',
      'status.qosClass',
      undefined,
      'field label not supported: status.qosClass',
    ],
    ['node unschedulable', '', 'nodes', 'spec.unschedulable', 'spec.unschedulable', ''],
    [
      'node namespace',
      '',
      'nodes',
      'metadata.namespace',
      undefined,
      'field label not supported: metadata.namespace',
    ],
    [
      'node case matters',
      '',
      'nodes',
      'spec.Unschedulable',
      undefined,
      'field label not supported: spec.Unschedulable',
    ],
    ['rc replicas', '', 'replicationcontrollers', 'status.replicas', 'status.replicas', ''],
    ['event reason', '', 'events', 'reason', 'reason', ''],
    ['event involved object', '', 'events', 'involvedObject.uid', 'involvedObject.uid', ''],
    ['event reporting component', '', 'events', 'reportingComponent', 'reportingComponent', ''],
    [
      'core event regarding',
      '',
      'events',
      'regarding.name',
      undefined,
      'field label not supported: regarding.name',
    ],
    ['namespace phase', '', 'namespaces', 'status.phase', 'status.phase', ''],
    ['namespace legacy name', '', 'namespaces', 'name', undefined, 'field label not supported: name'],
    ['secret type', '', 'secrets', 'type', 'type', ''],
    ['service cluster IP', '', 'services', 'spec.clusterIP', 'spec.clusterIP', ''],
    ['service type', '', 'services', 'spec.type', 'spec.type', ''],
    ['configmap name', '', 'configmaps', 'metadata.name', 'metadata.name', ''],
    [
      'configmap data',
      '',
      'configmaps',
      'data.x',
      undefined,
      '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      'replicaset replicas are not offered',
      'apps',
      'replicasets',
      'status.replicas',
      undefined,
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      'ingress unknown',
      'networking.k8s.io',
      'ingresses',
      'foo.bar',
      undefined,
      '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    ['job successful', 'batch', 'jobs', 'status.successful', 'status.successful', ''],
    [
      'job active',
      'batch',
      'jobs',
      'status.active',
      undefined,
      'field label "status.active" not supported for batchv1.Job',
    ],
    [
      'cronjob uses the default',
      'batch',
      'cronjobs',
      'status.successful',
      undefined,
      '"status.successful" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      'csr signer',
      'certificates.k8s.io',
      'certificatesigningrequests',
      'spec.signerName',
      'spec.signerName',
      '',
    ],
    [
      'csr namespace',
      'certificates.k8s.io',
      'certificatesigningrequests',
      'metadata.namespace',
      undefined,
      'field label not supported: metadata.namespace',
    ],
    ['events v1 regarding', 'events.k8s.io', 'events', 'regarding.kind', 'involvedObject.kind', ''],
    [
      'events v1 reporting controller',
      'events.k8s.io',
      'events',
      'reportingController',
      'reportingComponent',
      '',
    ],
    [
      'events v1 core names',
      'events.k8s.io',
      'events',
      'involvedObject.kind',
      undefined,
      'field label not supported: involvedObject.kind',
    ],
    ['resource slice driver', 'resource.k8s.io', 'resourceslices', 'spec.driver', 'spec.driver', ''],
    [
      'resource slice pool',
      'resource.k8s.io',
      'resourceslices',
      'spec.pool.name',
      undefined,
      'field label not supported for resource.k8s.io/v1, Kind=ResourceSlice: spec.pool.name',
    ],
    [
      'quoting of odd labels',
      'apps',
      'deployments',
      'a"b',
      undefined,
      '"a\\"b" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      'inherited names are not labels',
      '',
      'pods',
      'toString',
      undefined,
      'field label not supported: toString',
    ],
  ];
  for (const [name, group, resource, label, field, message] of cases) {
    test(name, () => {
      const r = convertFieldLabel({ group, resource }, label, 'v');
      if (field === undefined) assert.deepEqual(r, { ok: false, message });
      else assert.deepEqual(r, { ok: true, field, value: 'v' });
    });
  }

  test('supported labels', () => {
    assert.deepEqual(supportedFieldLabels(core('nodes')), ['metadata.name', 'spec.unschedulable']);
    assert.deepEqual(supportedFieldLabels(core('configmaps')), ['metadata.name', 'metadata.namespace']);
  });
});

describe('fieldsOf', () => {
  test('pod fields with defaults', () => {
    assert.deepEqual(
      fieldsOf(core('pods'), { metadata: { name: 'p', namespace: 'ns' }, spec: {}, status: {} }),
      {
        'metadata.name': 'p',
        'metadata.namespace': 'ns',
        'spec.nodeName': '',
        'spec.restartPolicy': '',
        'spec.schedulerName': '',
        'spec.serviceAccountName': '',
        'spec.hostNetwork': 'false',
        'status.phase': '',
        'status.podIP': '',
        'status.nominatedNodeName': '',
      },
    );
  });

  test('pod fields set', () => {
    const pod = {
      metadata: { name: 'p', namespace: 'ns' },
      spec: {
        nodeName: 'n1',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        hostNetwork: true,
      },
      status: {
        phase: 'Running',
        podIP: '10.0.0.9',
        podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }],
        nominatedNodeName: 'n2',
      },
    };
    const f = fieldsOf(core('pods'), pod);
    assert.equal(f['spec.nodeName'], 'n1');
    assert.equal(f['spec.hostNetwork'], 'true');
    assert.equal(f['status.podIP'], '10.0.0.1', 'the first of podIPs wins');
    assert.equal(f['status.nominatedNodeName'], 'n2');
    assert.equal(Object.hasOwn(f, 'status.podIPs'), false, 'podIPs is accepted but never has a value');
    assert.equal(fieldsOf(core('pods'), { status: { podIP: '10.1.1.1' } })['status.podIP'], '10.1.1.1');
  });

  test('cluster-scoped resources have no namespace field', () => {
    assert.deepEqual(fieldsOf(core('nodes'), { metadata: { name: 'n' }, spec: { unschedulable: true } }), {
      'metadata.name': 'n',
      'spec.unschedulable': 'true',
    });
    assert.deepEqual(
      fieldsOf(core('namespaces'), { metadata: { name: 'ns' }, status: { phase: 'Active' } }),
      {
        'metadata.name': 'ns',
        name: 'ns',
        'status.phase': 'Active',
      },
    );
  });

  test('counts', () => {
    assert.equal(
      fieldsOf(core('replicationcontrollers'), { status: { replicas: 3 } })['status.replicas'],
      '3',
    );
    assert.equal(fieldsOf(core('replicationcontrollers'), {})['status.replicas'], '0');
    assert.equal(
      fieldsOf({ group: 'batch', resource: 'jobs' }, { status: { succeeded: 2 } })['status.successful'],
      '2',
    );
    assert.equal(
      fieldsOf({ group: 'apps', resource: 'replicasets' }, { status: { replicas: 1 } })['status.replicas'],
      '1',
    );
  });

  test('core event', () => {
    const ev = {
      metadata: { name: 'e', namespace: 'ns' },
      involvedObject: {
        kind: 'Pod',
        name: 'p',
        namespace: 'ns',
        uid: 'u',
        apiVersion: 'v1',
        resourceVersion: '5',
        fieldPath: 'spec',
      },
      reason: 'Started',
      type: 'Normal',
      source: { component: 'kubelet' },
      reportingComponent: 'kubelet-r',
    };
    assert.deepEqual(fieldsOf(core('events'), ev), {
      'metadata.name': 'e',
      'metadata.namespace': 'ns',
      'involvedObject.kind': 'Pod',
      'involvedObject.namespace': 'ns',
      'involvedObject.name': 'p',
      'involvedObject.uid': 'u',
      'involvedObject.apiVersion': 'v1',
      'involvedObject.resourceVersion': '5',
      'involvedObject.fieldPath': 'spec',
      reason: 'Started',
      reportingComponent: 'kubelet-r',
      source: 'kubelet',
      type: 'Normal',
    });
    assert.equal(
      fieldsOf(core('events'), { reportingComponent: 'r' }).source,
      'r',
      'source falls back to the reporter',
    );
  });

  test('events.k8s.io event shape', () => {
    const ev = {
      regarding: { kind: 'Node', name: 'n' },
      reportingController: 'ctl',
      deprecatedSource: { component: 'c' },
    };
    const f = fieldsOf({ group: 'events.k8s.io', resource: 'events' }, ev);
    assert.equal(f['involvedObject.kind'], 'Node');
    assert.equal(f.reportingComponent, 'ctl');
    assert.equal(f.source, 'c');
  });

  test('other resources', () => {
    assert.equal(fieldsOf(core('secrets'), { type: 'Opaque' }).type, 'Opaque');
    assert.deepEqual(fieldsOf(core('services'), { spec: { clusterIP: 'None', type: 'ClusterIP' } }), {
      'metadata.name': '',
      'metadata.namespace': '',
      'spec.clusterIP': 'None',
      'spec.type': 'ClusterIP',
    });
    assert.equal(
      fieldsOf(
        { group: 'certificates.k8s.io', resource: 'certificatesigningrequests' },
        { spec: { signerName: 's' } },
      )['spec.signerName'],
      's',
    );
    assert.deepEqual(
      fieldsOf({ group: 'resource.k8s.io', resource: 'resourceslices' }, { spec: { driver: 'd' } }),
      {
        'metadata.name': '',
        'spec.nodeName': '',
        'spec.driver': 'd',
      },
    );
    assert.deepEqual(fieldsOf(core('configmaps'), { metadata: { name: 'c', namespace: 'n' } }), {
      'metadata.name': 'c',
      'metadata.namespace': 'n',
    });
  });

  test('mistyped or missing parts read as zero values', () => {
    for (const obj of [null, 5, 'x', [], { metadata: 'x', spec: [], status: { podIPs: 'x' } }]) {
      const f = fieldsOf(core('pods'), obj);
      assert.equal(f['metadata.name'], '');
      assert.equal(f['spec.hostNetwork'], 'false');
    }
  });
});

describe('converting whole selectors', () => {
  test('legacy pod host selects on node name', () => {
    const r = convertFieldSelector(core('pods'), parseFieldSelector('spec.host=n1'));
    assert.ok(r.ok);
    assert.equal(r.selector.toString(), 'spec.nodeName=n1');
    assert.equal(r.selector.matches(fieldsOf(core('pods'), { spec: { nodeName: 'n1' } })), true);
  });

  test('events.k8s.io selectors match core field names', () => {
    const gr = { group: 'events.k8s.io', resource: 'events' };
    const r = fieldSelectorForRequest(gr, 'regarding.name=p,reportingController=ctl');
    assert.ok(r.ok);
    assert.equal(
      r.selector.matches(fieldsOf(gr, { regarding: { name: 'p' }, reportingController: 'ctl' })),
      true,
    );
    assert.equal(
      r.selector.matches(fieldsOf(gr, { regarding: { name: 'q' }, reportingController: 'ctl' })),
      false,
    );
  });

  test('unsupported label answers 400 BadRequest with upstream message', () => {
    const r = fieldSelectorForRequest({ group: 'networking.k8s.io', resource: 'ingresses' }, 'foo.bar=baz');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 400);
    assert.equal(r.error.reason, 'BadRequest');
    assert.equal(
      r.error.message,
      '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  test('the first unsupported label in selector order is reported', () => {
    const r = fieldSelectorForRequest(core('nodes'), 'z.z=1,a.a=2');
    assert.ok(!r.ok);
    assert.equal(r.error.message, 'field label not supported: a.a');
  });

  test('syntax errors answer 400 too', () => {
    const r = fieldSelectorForRequest(core('pods'), 'a');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 400);
    assert.equal(r.error.message, "invalid selector: 'a'; can't understand 'a'");
  });

  test('empty selector is fine everywhere', () => {
    const r = fieldSelectorForRequest(core('nodes'), '');
    assert.ok(r.ok);
    assert.equal(r.selector.empty(), true);
  });

  test('pod status.phase filter', () => {
    const r = fieldSelectorForRequest(core('pods'), 'status.phase!=Running,spec.restartPolicy=Always');
    assert.ok(r.ok);
    const pod = (phase: string) =>
      fieldsOf(core('pods'), { spec: { restartPolicy: 'Always' }, status: { phase } });
    assert.equal(r.selector.matches(pod('Pending')), true);
    assert.equal(r.selector.matches(pod('Running')), false);
  });
});
