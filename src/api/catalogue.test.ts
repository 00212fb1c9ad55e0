import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allResources,
  isServedGroupVersion,
  resourceFor,
  resourceForKind,
  resourcesIn,
  servedGroups,
  subresourceFor,
} from './catalogue.js';
import { resolveResource } from './resolve.js';

const gvr = (group: string, version: string, resource: string) => ({ group, version, resource });

describe('catalogue verbs and scope', () => {
  const cases: { name: string; at: ReturnType<typeof gvr>; verbs: string[]; namespaced: boolean }[] = [
    { name: 'bindings only create', at: gvr('', 'v1', 'bindings'), verbs: ['create'], namespaced: true },
    {
      name: 'componentstatuses get list',
      at: gvr('', 'v1', 'componentstatuses'),
      verbs: ['get', 'list'],
      namespaced: false,
    },
    {
      name: 'events with deletecollection',
      at: gvr('', 'v1', 'events'),
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      namespaced: true,
    },
    {
      name: 'namespaces without deletecollection',
      at: gvr('', 'v1', 'namespaces'),
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      namespaced: false,
    },
    {
      name: 'tokenreviews create',
      at: gvr('authentication.k8s.io', 'v1', 'tokenreviews'),
      verbs: ['create'],
      namespaced: false,
    },
    {
      name: 'localsubjectaccessreviews namespaced create',
      at: gvr('authorization.k8s.io', 'v1', 'localsubjectaccessreviews'),
      verbs: ['create'],
      namespaced: true,
    },
    {
      name: 'nodes cluster scoped',
      at: gvr('', 'v1', 'nodes'),
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      namespaced: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = resourceFor(c.at);
      assert.ok(r, `${c.at.resource} served`);
      assert.deepEqual(r.verbs, c.verbs);
      assert.equal(r.namespaced, c.namespaced);
    });
  }
});

describe('catalogue subresources', () => {
  const cases: {
    name: string;
    at: ReturnType<typeof gvr>;
    sub: string;
    kind: string;
    group: string;
    verbs: string[];
  }[] = [
    {
      name: 'pods/status',
      at: gvr('', 'v1', 'pods'),
      sub: 'status',
      kind: 'Pod',
      group: '',
      verbs: ['get', 'patch', 'update'],
    },
    {
      name: 'pods/binding',
      at: gvr('', 'v1', 'pods'),
      sub: 'binding',
      kind: 'Binding',
      group: '',
      verbs: ['create'],
    },
    {
      name: 'pods/eviction',
      at: gvr('', 'v1', 'pods'),
      sub: 'eviction',
      kind: 'Eviction',
      group: 'policy',
      verbs: ['create'],
    },
    { name: 'pods/log', at: gvr('', 'v1', 'pods'), sub: 'log', kind: 'Pod', group: '', verbs: ['get'] },
    {
      name: 'pods/exec',
      at: gvr('', 'v1', 'pods'),
      sub: 'exec',
      kind: 'PodExecOptions',
      group: '',
      verbs: ['create', 'get'],
    },
    {
      name: 'pods/attach',
      at: gvr('', 'v1', 'pods'),
      sub: 'attach',
      kind: 'PodAttachOptions',
      group: '',
      verbs: ['create', 'get'],
    },
    {
      name: 'pods/portforward',
      at: gvr('', 'v1', 'pods'),
      sub: 'portforward',
      kind: 'PodPortForwardOptions',
      group: '',
      verbs: ['create', 'get'],
    },
    {
      name: 'pods/proxy without head/options',
      at: gvr('', 'v1', 'pods'),
      sub: 'proxy',
      kind: 'PodProxyOptions',
      group: '',
      verbs: ['create', 'delete', 'get', 'patch', 'update'],
    },
    {
      name: 'pods/ephemeralcontainers',
      at: gvr('', 'v1', 'pods'),
      sub: 'ephemeralcontainers',
      kind: 'Pod',
      group: '',
      verbs: ['get', 'patch', 'update'],
    },
    {
      name: 'pods/resize',
      at: gvr('', 'v1', 'pods'),
      sub: 'resize',
      kind: 'Pod',
      group: '',
      verbs: ['get', 'patch', 'update'],
    },
    {
      name: 'namespaces/finalize',
      at: gvr('', 'v1', 'namespaces'),
      sub: 'finalize',
      kind: 'Namespace',
      group: '',
      verbs: ['update'],
    },
    {
      name: 'serviceaccounts/token',
      at: gvr('', 'v1', 'serviceaccounts'),
      sub: 'token',
      kind: 'TokenRequest',
      group: 'authentication.k8s.io',
      verbs: ['create'],
    },
    {
      name: 'deployments/scale',
      at: gvr('apps', 'v1', 'deployments'),
      sub: 'scale',
      kind: 'Scale',
      group: 'autoscaling',
      verbs: ['get', 'patch', 'update'],
    },
    {
      name: 'replicationcontrollers/scale',
      at: gvr('', 'v1', 'replicationcontrollers'),
      sub: 'scale',
      kind: 'Scale',
      group: 'autoscaling',
      verbs: ['get', 'patch', 'update'],
    },
    {
      name: 'certificatesigningrequests/approval',
      at: gvr('certificates.k8s.io', 'v1', 'certificatesigningrequests'),
      sub: 'approval',
      kind: 'CertificateSigningRequest',
      group: 'certificates.k8s.io',
      verbs: ['get', 'patch', 'update'],
    },
    {
      name: 'nodes/proxy',
      at: gvr('', 'v1', 'nodes'),
      sub: 'proxy',
      kind: 'NodeProxyOptions',
      group: '',
      verbs: ['create', 'delete', 'get', 'patch', 'update'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = subresourceFor(c.at, c.sub);
      assert.ok(s, `${c.name} exists`);
      assert.equal(s.kind, c.kind);
      assert.equal(s.group, c.group);
      assert.deepEqual(s.verbs, c.verbs);
    });
  }
  it('configmaps have no subresources', () => {
    assert.deepEqual(resourceFor(gvr('', 'v1', 'configmaps'))?.subresources, []);
  });
});

describe('catalogue names', () => {
  const cases: {
    name: string;
    at: ReturnType<typeof gvr>;
    singular: string;
    short: string[];
    categories: string[];
    listKind?: string;
  }[] = [
    {
      name: 'pods',
      at: gvr('', 'v1', 'pods'),
      singular: 'pod',
      short: ['po'],
      categories: ['all'],
      listKind: 'PodList',
    },
    {
      name: 'crds',
      at: gvr('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'),
      singular: 'customresourcedefinition',
      short: ['crd', 'crds'],
      categories: ['api-extensions'],
    },
    {
      name: 'apiservices',
      at: gvr('apiregistration.k8s.io', 'v1', 'apiservices'),
      singular: 'apiservice',
      short: [],
      categories: ['api-extensions'],
    },
    {
      name: 'hpa v1',
      at: gvr('autoscaling', 'v1', 'horizontalpodautoscalers'),
      singular: 'horizontalpodautoscaler',
      short: ['hpa'],
      categories: ['all'],
    },
    {
      name: 'endpoints singular',
      at: gvr('', 'v1', 'endpoints'),
      singular: 'endpoints',
      short: ['ep'],
      categories: [],
    },
    {
      name: 'resourcequotas',
      at: gvr('', 'v1', 'resourcequotas'),
      singular: 'resourcequota',
      short: ['quota'],
      categories: [],
    },
    {
      name: 'jobs in all without short names',
      at: gvr('batch', 'v1', 'jobs'),
      singular: 'job',
      short: [],
      categories: ['all'],
    },
    {
      name: 'bindings not listable',
      at: gvr('', 'v1', 'bindings'),
      singular: 'binding',
      short: [],
      categories: [],
      listKind: undefined,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = resourceFor(c.at);
      assert.ok(r);
      assert.equal(r.singular, c.singular);
      assert.deepEqual(r.shortNames, c.short);
      assert.deepEqual(r.categories, c.categories);
      if ('listKind' in c) assert.equal(r.listKind, c.listKind);
    });
  }
});

describe('catalogue groups', () => {
  it('core first, autoscaling prefers v2', () => {
    const groups = servedGroups();
    assert.equal(groups[0]?.name, '');
    const autoscaling = groups.find((g) => g.name === 'autoscaling');
    assert.deepEqual(autoscaling?.versions, ['v2', 'v1']);
    assert.equal(autoscaling?.preferredVersion, 'v2');
  });
  it('serves exactly the stable group-versions', () => {
    assert.equal(isServedGroupVersion('apps', 'v1'), true);
    assert.equal(isServedGroupVersion('resource.k8s.io', 'v1'), false);
    assert.equal(isServedGroupVersion('storage.k8s.io', 'v1beta1'), false);
    assert.equal(
      servedGroups().reduce((n, g) => n + g.versions.length, 0),
      21,
    );
  });
  it('every resource is unique per group-version-resource', () => {
    const keys = allResources().map((r) => `${r.group}/${r.version}/${r.plural}`);
    assert.equal(new Set(keys).size, keys.length);
  });
  it('kind lookup', () => {
    assert.equal(
      resourceForKind({ group: 'apps', version: 'v1', kind: 'Deployment' })?.plural,
      'deployments',
    );
    assert.equal(resourceForKind({ group: '', version: 'v1', kind: 'Scale' }), undefined);
  });
  it('resources of a group-version', () => {
    assert.deepEqual(
      resourcesIn('coordination.k8s.io', 'v1').map((r) => r.plural),
      ['leases'],
    );
    assert.deepEqual(resourcesIn('nope', 'v1'), []);
  });
});

describe('storageVersionHash', () => {
  const cases: { name: string; at: ReturnType<typeof gvr>; want: string | undefined }[] = [
    { name: 'pods', at: gvr('', 'v1', 'pods'), want: 'xPOwRZ+Yhw8=' },
    { name: 'deployments', at: gvr('apps', 'v1', 'deployments'), want: '8aSe+NMegvE=' },
    {
      name: 'hpa v1 is stored as v2',
      at: gvr('autoscaling', 'v1', 'horizontalpodautoscalers'),
      want: 'qwQve8ut294=',
    },
    { name: 'hpa v2', at: gvr('autoscaling', 'v2', 'horizontalpodautoscalers'), want: 'qwQve8ut294=' },
    {
      name: 'events.k8s.io shares core events storage',
      at: gvr('events.k8s.io', 'v1', 'events'),
      want: 'r2yiGXH7wu8=',
    },
    {
      name: 'no storage for reviews',
      at: gvr('authorization.k8s.io', 'v1', 'subjectaccessreviews'),
      want: undefined,
    },
    { name: 'no storage for bindings', at: gvr('', 'v1', 'bindings'), want: undefined },
    { name: 'no storage for componentstatuses', at: gvr('', 'v1', 'componentstatuses'), want: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.equal(resourceFor(c.at)?.storageVersionHash, c.want));
});

describe('resolveResource', () => {
  const cases: { name: string; arg: string; want: string[] }[] = [
    { name: 'plural', arg: 'pods', want: ['/v1/pods'] },
    { name: 'singular', arg: 'pod', want: ['/v1/pods'] },
    { name: 'short name', arg: 'po', want: ['/v1/pods'] },
    { name: 'case-insensitive', arg: 'Deploy', want: ['apps/v1/deployments'] },
    {
      name: 'short name shared by two groups: core first',
      arg: 'ev',
      want: ['/v1/events', 'events.k8s.io/v1/events'],
    },
    {
      name: 'preferred version first',
      arg: 'hpa',
      want: ['autoscaling/v2/horizontalpodautoscalers', 'autoscaling/v1/horizontalpodautoscalers'],
    },
    { name: 'resource.group', arg: 'deployments.apps', want: ['apps/v1/deployments'] },
    { name: 'short.group', arg: 'ev.events.k8s.io', want: ['events.k8s.io/v1/events'] },
    {
      name: 'resource.version.group',
      arg: 'hpa.v1.autoscaling',
      want: ['autoscaling/v1/horizontalpodautoscalers'],
    },
    { name: 'unknown', arg: 'widgets', want: [] },
    { name: 'empty', arg: '', want: [] },
    { name: 'wrong group', arg: 'pods.apps', want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(
        resolveResource(c.arg).map((r) => `${r.group}/${r.version}/${r.plural}`),
        c.want,
      );
    });
  }
});
