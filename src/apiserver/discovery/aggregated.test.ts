import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { servedGroups } from '../../api/index.js';
import { type APIResourceDiscovery, aggregatedDiscovery } from './aggregated.js';
import { apiGroupList, apiResourceList } from './legacy.js';

function resource(
  root: 'api' | 'apis',
  group: string,
  version: string,
  name: string,
): APIResourceDiscovery | undefined {
  const item = aggregatedDiscovery(root).items.find((i) => (i.metadata.name ?? '') === group);
  return item?.versions.find((v) => v.version === version)?.resources.find((r) => r.resource === name);
}

const GET_PATCH_UPDATE = ['get', 'patch', 'update'];

describe('aggregated discovery golden resources', () => {
  it('pods with every subresource', () => {
    assert.deepEqual(resource('api', '', 'v1', 'pods'), {
      resource: 'pods',
      responseKind: { group: '', version: '', kind: 'Pod' },
      scope: 'Namespaced',
      singularResource: 'pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
      subresources: [
        {
          subresource: 'attach',
          responseKind: { group: '', version: '', kind: 'PodAttachOptions' },
          verbs: ['create', 'get'],
        },
        {
          subresource: 'binding',
          responseKind: { group: '', version: '', kind: 'Binding' },
          verbs: ['create'],
        },
        {
          subresource: 'ephemeralcontainers',
          responseKind: { group: '', version: '', kind: 'Pod' },
          verbs: GET_PATCH_UPDATE,
        },
        {
          subresource: 'eviction',
          responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
          verbs: ['create'],
        },
        {
          subresource: 'exec',
          responseKind: { group: '', version: '', kind: 'PodExecOptions' },
          verbs: ['create', 'get'],
        },
        { subresource: 'log', responseKind: { group: '', version: '', kind: 'Pod' }, verbs: ['get'] },
        {
          subresource: 'portforward',
          responseKind: { group: '', version: '', kind: 'PodPortForwardOptions' },
          verbs: ['create', 'get'],
        },
        {
          subresource: 'proxy',
          responseKind: { group: '', version: '', kind: 'PodProxyOptions' },
          verbs: ['create', 'delete', 'get', 'patch', 'update'],
        },
        {
          subresource: 'resize',
          responseKind: { group: '', version: '', kind: 'Pod' },
          verbs: GET_PATCH_UPDATE,
        },
        {
          subresource: 'status',
          responseKind: { group: '', version: '', kind: 'Pod' },
          verbs: GET_PATCH_UPDATE,
        },
      ],
    });
  });

  const cases: { name: string; at: ['api' | 'apis', string, string, string]; want: APIResourceDiscovery }[] =
    [
      {
        name: 'deployments with scale as autoscaling/v1 Scale',
        at: ['apis', 'apps', 'v1', 'deployments'],
        want: {
          resource: 'deployments',
          responseKind: { group: '', version: '', kind: 'Deployment' },
          scope: 'Namespaced',
          singularResource: 'deployment',
          verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
          shortNames: ['deploy'],
          categories: ['all'],
          subresources: [
            {
              subresource: 'scale',
              responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
              verbs: GET_PATCH_UPDATE,
            },
            {
              subresource: 'status',
              responseKind: { group: '', version: '', kind: 'Deployment' },
              verbs: GET_PATCH_UPDATE,
            },
          ],
        },
      },
      {
        name: 'bindings create only, no subresources field',
        at: ['api', '', 'v1', 'bindings'],
        want: {
          resource: 'bindings',
          responseKind: { group: '', version: '', kind: 'Binding' },
          scope: 'Namespaced',
          singularResource: 'binding',
          verbs: ['create'],
        },
      },
      {
        name: 'componentstatuses cluster scoped get list',
        at: ['api', '', 'v1', 'componentstatuses'],
        want: {
          resource: 'componentstatuses',
          responseKind: { group: '', version: '', kind: 'ComponentStatus' },
          scope: 'Cluster',
          singularResource: 'componentstatus',
          verbs: ['get', 'list'],
          shortNames: ['cs'],
        },
      },
      {
        name: 'events.k8s.io events share the short name ev',
        at: ['apis', 'events.k8s.io', 'v1', 'events'],
        want: {
          resource: 'events',
          responseKind: { group: '', version: '', kind: 'Event' },
          scope: 'Namespaced',
          singularResource: 'event',
          verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
          shortNames: ['ev'],
        },
      },
    ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(resource(...c.at), c.want));
  }

  it('services carry svc, category all and their subresources', () => {
    const svc = resource('api', '', 'v1', 'services');
    assert.deepEqual(svc?.shortNames, ['svc']);
    assert.deepEqual(svc?.categories, ['all']);
    assert.deepEqual(
      svc?.subresources?.map((s) => s.subresource),
      ['proxy', 'status'],
    );
  });
});

describe('aggregated discovery shape', () => {
  it('/api holds the core group alone with an empty metadata', () => {
    const doc = aggregatedDiscovery('api');
    assert.equal(doc.kind, 'APIGroupDiscoveryList');
    assert.equal(doc.apiVersion, 'apidiscovery.k8s.io/v2');
    assert.deepEqual(doc.metadata, {});
    assert.equal(doc.items.length, 1);
    assert.deepEqual(doc.items[0]?.metadata, {});
    assert.deepEqual(
      doc.items[0]?.versions.map((v) => [v.version, v.freshness]),
      [['v1', 'Current']],
    );
  });

  it('/apis groups follow the legacy /apis order, versions by priority', () => {
    const doc = aggregatedDiscovery('apis');
    assert.deepEqual(
      doc.items.map((i) => i.metadata.name),
      apiGroupList().groups.map((g) => g.name),
    );
    const autoscaling = doc.items.find((i) => i.metadata.name === 'autoscaling');
    assert.deepEqual(
      autoscaling?.versions.map((v) => v.version),
      ['v2', 'v1'],
    );
  });

  it('field order matches upstream types', () => {
    const pods = resource('api', '', 'v1', 'pods');
    assert.deepEqual(Object.keys(pods ?? {}), [
      'resource',
      'responseKind',
      'scope',
      'singularResource',
      'verbs',
      'shortNames',
      'categories',
      'subresources',
    ]);
    assert.deepEqual(Object.keys(pods?.subresources?.[0] ?? {}), ['subresource', 'responseKind', 'verbs']);
    const v = aggregatedDiscovery('api').items[0]?.versions[0];
    assert.deepEqual(Object.keys(v ?? {}), ['version', 'resources', 'freshness']);
  });

  it('is a fresh object on every call', () => {
    const a = aggregatedDiscovery('apis');
    const b = aggregatedDiscovery('apis');
    assert.notEqual(a, b);
    assert.deepEqual(a, b);
  });
});

describe('aggregated and legacy discovery agree', () => {
  for (const g of servedGroups()) {
    for (const version of g.versions) {
      const gv = g.name === '' ? version : `${g.name}/${version}`;
      it(`${gv}: same resources, subresources, scope, verbs, names`, () => {
        const legacy = apiResourceList(g.name, version)?.resources ?? [];
        assert.ok(legacy.length > 0);
        const item = aggregatedDiscovery(g.name === '' ? 'api' : 'apis').items.find(
          (i) => (i.metadata.name ?? '') === g.name,
        );
        const aggregated = item?.versions.find((v) => v.version === version)?.resources ?? [];
        const flattened = aggregated.flatMap((r) => [
          {
            name: r.resource,
            namespaced: r.scope === 'Namespaced',
            kind: r.responseKind.kind,
            verbs: r.verbs,
            singularName: r.singularResource,
            shortNames: r.shortNames,
            categories: r.categories,
          },
          ...(r.subresources ?? []).map((s) => ({
            name: `${r.resource}/${s.subresource}`,
            namespaced: r.scope === 'Namespaced',
            kind: s.responseKind.kind,
            verbs: s.verbs,
            singularName: '',
            shortNames: undefined,
            categories: undefined,
          })),
        ]);
        assert.deepEqual(
          flattened,
          legacy.map((e) => ({
            name: e.name,
            namespaced: e.namespaced,
            kind: e.kind,
            verbs: e.verbs,
            singularName: e.singularName,
            shortNames: e.shortNames,
            categories: e.categories,
          })),
        );
      });
    }
  }
});
