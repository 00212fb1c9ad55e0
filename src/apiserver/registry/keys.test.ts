import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listKeyPrefix, objectKey, resourcePrefix } from './keys.js';

describe('resourcePrefix', () => {
  const cases: Array<[name: string, group: string, resource: string, want: string]> = [
    ['plain core resource', '', 'pods', '/registry/pods/'],
    ['nodes keep the historical name', '', 'nodes', '/registry/minions/'],
    ['services', '', 'services', '/registry/services/specs/'],
    ['endpoints live beside services', '', 'endpoints', '/registry/services/endpoints/'],
    ['replication controllers', '', 'replicationcontrollers', '/registry/controllers/'],
    ['networking ingresses', 'networking.k8s.io', 'ingresses', '/registry/ingress/'],
    ['extensions ingresses', 'extensions', 'ingresses', '/registry/ingress/'],
    ['apps resource without group', 'apps', 'deployments', '/registry/deployments/'],
    ['leases', 'coordination.k8s.io', 'leases', '/registry/leases/'],
    ['priority classes', 'scheduling.k8s.io', 'priorityclasses', '/registry/priorityclasses/'],
    ['endpoint slices', 'discovery.k8s.io', 'endpointslices', '/registry/endpointslices/'],
    ['events.k8s.io events share core events', 'events.k8s.io', 'events', '/registry/events/'],
    [
      'api services',
      'apiregistration.k8s.io',
      'apiservices',
      '/registry/apiregistration.k8s.io/apiservices/',
    ],
    [
      'custom resource definitions',
      'apiextensions.k8s.io',
      'customresourcedefinitions',
      '/registry/apiextensions.k8s.io/customresourcedefinitions/',
    ],
    ['custom resources', 'example.com', 'widgets', '/registry/example.com/widgets/'],
  ];
  for (const [name, group, resource, want] of cases) {
    it(name, () => assert.equal(resourcePrefix(group, resource), want));
  }
});

describe('objectKey', () => {
  const cases: Array<{
    name: string;
    namespaced: boolean;
    ns: string;
    obj: string;
    key?: string;
    error?: string;
  }> = [
    { name: 'namespaced', namespaced: true, ns: 'default', obj: 'a', key: '/registry/pods/default/a' },
    {
      name: 'cluster-scoped ignores the namespace',
      namespaced: false,
      ns: 'x',
      obj: 'n1',
      key: '/registry/pods/n1',
    },
    { name: 'empty name', namespaced: true, ns: 'default', obj: '', error: 'Name parameter required.' },
    { name: 'empty namespace', namespaced: true, ns: '', obj: 'a', error: 'Namespace parameter required.' },
    {
      name: 'dot',
      namespaced: true,
      ns: 'default',
      obj: '.',
      error: `Name parameter invalid: ".": may not be '.'`,
    },
    {
      name: 'dot dot',
      namespaced: false,
      ns: '',
      obj: '..',
      error: `Name parameter invalid: "..": may not be '..'`,
    },
    {
      name: 'slash and percent',
      namespaced: true,
      ns: 'default',
      obj: 'a/%b',
      error: `Name parameter invalid: "a/%b": may not contain '/';may not contain '%'`,
    },
    {
      name: 'bad namespace',
      namespaced: true,
      ns: 'a/b',
      obj: 'x',
      error: `Namespace parameter invalid: "a/b": may not contain '/'`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = objectKey('/registry/pods/', c.namespaced, c.ns, c.obj);
      if (c.key !== undefined) assert.deepEqual(got, { ok: true, key: c.key });
      else {
        assert.equal(got.ok, false);
        if (!got.ok) {
          assert.equal(got.error.code, 400);
          assert.equal(got.error.message, c.error);
        }
      }
    });
  }

  it('list prefixes', () => {
    assert.deepEqual(listKeyPrefix('/registry/pods/', true, 'ns'), { ok: true, key: '/registry/pods/ns/' });
    assert.deepEqual(listKeyPrefix('/registry/pods/', true, ''), { ok: true, key: '/registry/pods/' });
    assert.deepEqual(listKeyPrefix('/registry/minions/', false, 'ns'), {
      ok: true,
      key: '/registry/minions/',
    });
  });
});
