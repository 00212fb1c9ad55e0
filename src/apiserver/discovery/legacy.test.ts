import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type APIResource, apiGroup, apiGroupList, apiResourceList } from './legacy.js';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function entries(group: string, version: string): readonly APIResource[] {
  const list = apiResourceList(group, version);
  assert.ok(list !== undefined, `${group}/${version} not served`);
  return list.resources;
}

function entry(group: string, version: string, name: string): APIResource | undefined {
  return entries(group, version).find((r) => r.name === name);
}

describe('APIResourceList golden entries', () => {
  const cases: { name: string; group: string; version: string; want: APIResource[] }[] = [
    {
      name: 'pods with every subresource, connect verbs and cross-group eviction',
      group: '',
      version: 'v1',
      want: [
        {
          name: 'pods',
          singularName: 'pod',
          namespaced: true,
          kind: 'Pod',
          verbs: ALL_VERBS,
          shortNames: ['po'],
          categories: ['all'],
          storageVersionHash: 'xPOwRZ+Yhw8=',
        },
        {
          name: 'pods/attach',
          singularName: '',
          namespaced: true,
          kind: 'PodAttachOptions',
          verbs: ['create', 'get'],
        },
        { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] },
        {
          name: 'pods/ephemeralcontainers',
          singularName: '',
          namespaced: true,
          kind: 'Pod',
          verbs: ['get', 'patch', 'update'],
        },
        {
          name: 'pods/eviction',
          singularName: '',
          namespaced: true,
          group: 'policy',
          version: 'v1',
          kind: 'Eviction',
          verbs: ['create'],
        },
        {
          name: 'pods/exec',
          singularName: '',
          namespaced: true,
          kind: 'PodExecOptions',
          verbs: ['create', 'get'],
        },
        { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
        {
          name: 'pods/portforward',
          singularName: '',
          namespaced: true,
          kind: 'PodPortForwardOptions',
          verbs: ['create', 'get'],
        },
        {
          name: 'pods/proxy',
          singularName: '',
          namespaced: true,
          kind: 'PodProxyOptions',
          verbs: ['create', 'delete', 'get', 'patch', 'update'],
        },
        {
          name: 'pods/resize',
          singularName: '',
          namespaced: true,
          kind: 'Pod',
          verbs: ['get', 'patch', 'update'],
        },
        {
          name: 'pods/status',
          singularName: '',
          namespaced: true,
          kind: 'Pod',
          verbs: ['get', 'patch', 'update'],
        },
      ],
    },
    {
      name: 'deployments with scale served as autoscaling/v1 Scale',
      group: 'apps',
      version: 'v1',
      want: [
        {
          name: 'deployments',
          singularName: 'deployment',
          namespaced: true,
          kind: 'Deployment',
          verbs: ALL_VERBS,
          shortNames: ['deploy'],
          categories: ['all'],
          storageVersionHash: '8aSe+NMegvE=',
        },
        {
          name: 'deployments/scale',
          singularName: '',
          namespaced: true,
          group: 'autoscaling',
          version: 'v1',
          kind: 'Scale',
          verbs: ['get', 'patch', 'update'],
        },
        {
          name: 'deployments/status',
          singularName: '',
          namespaced: true,
          kind: 'Deployment',
          verbs: ['get', 'patch', 'update'],
        },
      ],
    },
    {
      name: 'serviceaccounts with token as authentication.k8s.io TokenRequest',
      group: '',
      version: 'v1',
      want: [
        {
          name: 'serviceaccounts',
          singularName: 'serviceaccount',
          namespaced: true,
          kind: 'ServiceAccount',
          verbs: ALL_VERBS,
          shortNames: ['sa'],
          storageVersionHash: 'pbx9ZvyFpBE=',
        },
        {
          name: 'serviceaccounts/token',
          singularName: '',
          namespaced: true,
          group: 'authentication.k8s.io',
          version: 'v1',
          kind: 'TokenRequest',
          verbs: ['create'],
        },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const first = c.want[0]?.name ?? '';
      const got = entries(c.group, c.version).filter(
        (r) => r.name === first || r.name.startsWith(`${first}/`),
      );
      assert.deepEqual(got, c.want);
    });
  }
});

describe('APIResourceList single entries', () => {
  const cases: { name: string; at: [string, string, string]; want: APIResource }[] = [
    {
      name: 'bindings: create only, no storage hash, no short names',
      at: ['', 'v1', 'bindings'],
      want: {
        name: 'bindings',
        singularName: 'binding',
        namespaced: true,
        kind: 'Binding',
        verbs: ['create'],
      },
    },
    {
      name: 'componentstatuses: get and list, cluster scoped',
      at: ['', 'v1', 'componentstatuses'],
      want: {
        name: 'componentstatuses',
        singularName: 'componentstatus',
        namespaced: false,
        kind: 'ComponentStatus',
        verbs: ['get', 'list'],
        shortNames: ['cs'],
      },
    },
    {
      name: 'events: short name ev',
      at: ['', 'v1', 'events'],
      want: {
        name: 'events',
        singularName: 'event',
        namespaced: true,
        kind: 'Event',
        verbs: ALL_VERBS,
        shortNames: ['ev'],
        storageVersionHash: 'r2yiGXH7wu8=',
      },
    },
    {
      name: 'services: svc and category all',
      at: ['', 'v1', 'services'],
      want: {
        name: 'services',
        singularName: 'service',
        namespaced: true,
        kind: 'Service',
        verbs: ALL_VERBS,
        shortNames: ['svc'],
        categories: ['all'],
        storageVersionHash: '0/CO1lhkEBI=',
      },
    },
    {
      name: 'endpoints: singular equals plural',
      at: ['', 'v1', 'endpoints'],
      want: {
        name: 'endpoints',
        singularName: 'endpoints',
        namespaced: true,
        kind: 'Endpoints',
        verbs: ALL_VERBS,
        shortNames: ['ep'],
        storageVersionHash: 'fWeeMqaN/OA=',
      },
    },
    {
      name: 'namespaces: no deletecollection',
      at: ['', 'v1', 'namespaces/finalize'],
      want: {
        name: 'namespaces/finalize',
        singularName: '',
        namespaced: false,
        kind: 'Namespace',
        verbs: ['update'],
      },
    },
    {
      name: 'replicationcontrollers/scale crosses into autoscaling',
      at: ['', 'v1', 'replicationcontrollers/scale'],
      want: {
        name: 'replicationcontrollers/scale',
        singularName: '',
        namespaced: true,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(entry(...c.at), c.want);
    });
  }
});

describe('APIResourceList shape and order', () => {
  it('core list has no apiVersion; named groups say v1', () => {
    const core = apiResourceList('', 'v1');
    assert.equal(core?.kind, 'APIResourceList');
    assert.equal(core?.groupVersion, 'v1');
    assert.equal('apiVersion' in (core ?? {}), false);
    const apps = apiResourceList('apps', 'v1');
    assert.equal(apps?.apiVersion, 'v1');
    assert.equal(apps?.groupVersion, 'apps/v1');
    assert.deepEqual(Object.keys(apps ?? {}), ['kind', 'apiVersion', 'groupVersion', 'resources']);
  });

  it('entries sort by name so subresources follow their parent and precede longer names', () => {
    const names = entries('', 'v1').map((r) => r.name);
    const sorted = [...names].sort();
    assert.deepEqual(names, sorted);
    const pods = names.indexOf('pods');
    assert.equal(names[pods + 1], 'pods/attach');
    assert.ok(names.indexOf('pods/status') < names.indexOf('podtemplates'));
  });

  it('every verb list is sorted and every field in upstream order', () => {
    for (const r of entries('', 'v1')) {
      assert.deepEqual([...r.verbs], [...r.verbs].sort(), r.name);
      const order = ['name', 'singularName', 'namespaced', 'group', 'version', 'kind', 'verbs'];
      const keys = Object.keys(r).filter((k) => order.includes(k));
      assert.deepEqual(
        keys,
        order.filter((k) => k in r),
      );
    }
  });

  const missing: { name: string; group: string; version: string }[] = [
    { name: 'unknown group', group: 'example.com', version: 'v1' },
    { name: 'unknown version of a served group', group: 'apps', version: 'v1beta1' },
    { name: 'core group under a named version', group: '', version: 'v2' },
    { name: 'autoscaling v2beta2 is gone', group: 'autoscaling', version: 'v2beta2' },
  ];
  for (const c of missing) {
    it(`not served: ${c.name}`, () => {
      assert.equal(apiResourceList(c.group, c.version), undefined);
    });
  }

  it('both autoscaling versions list horizontalpodautoscalers with the v2 storage hash', () => {
    const v1 = entry('autoscaling', 'v1', 'horizontalpodautoscalers');
    const v2 = entry('autoscaling', 'v2', 'horizontalpodautoscalers');
    assert.ok(v1?.storageVersionHash !== undefined);
    assert.equal(v1?.storageVersionHash, v2?.storageVersionHash);
  });
});

describe('/apis and /apis/<group>', () => {
  it('groups in aggregator priority order, core excluded', () => {
    assert.deepEqual(
      apiGroupList().groups.map((g) => g.name),
      [
        'apiregistration.k8s.io',
        'apps',
        'events.k8s.io',
        'authentication.k8s.io',
        'authorization.k8s.io',
        'autoscaling',
        'batch',
        'certificates.k8s.io',
        'networking.k8s.io',
        'policy',
        'rbac.authorization.k8s.io',
        'storage.k8s.io',
        'admissionregistration.k8s.io',
        'apiextensions.k8s.io',
        'scheduling.k8s.io',
        'coordination.k8s.io',
        'node.k8s.io',
        'discovery.k8s.io',
        'flowcontrol.apiserver.k8s.io',
      ],
    );
  });

  it('list entries carry no kind and no server addresses', () => {
    const list = apiGroupList();
    assert.equal(list.kind, 'APIGroupList');
    assert.equal(list.apiVersion, 'v1');
    for (const g of list.groups) assert.deepEqual(Object.keys(g), ['name', 'versions', 'preferredVersion']);
  });

  it('autoscaling prefers v2 and lists it first', () => {
    assert.deepEqual(apiGroup('autoscaling'), {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'autoscaling',
      versions: [
        { groupVersion: 'autoscaling/v2', version: 'v2' },
        { groupVersion: 'autoscaling/v1', version: 'v1' },
      ],
      preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
    });
  });

  const unknown: { name: string; group: string }[] = [
    { name: 'core group has no /apis entry', group: '' },
    { name: 'unknown group', group: 'example.com' },
    { name: 'extensions was removed', group: 'extensions' },
  ];
  for (const c of unknown) {
    it(`apiGroup undefined: ${c.name}`, () => assert.equal(apiGroup(c.group), undefined));
  }
});
