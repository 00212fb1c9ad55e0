import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_MAPS, DEPLOYMENTS, NODES } from '../resources.js';
import { deleteBody, listQuery, queryString, resourcePath, watchQuery, writeQuery } from './paths.js';

describe('resourcePath', () => {
  const cases: [string, string, string][] = [
    ['core namespaced object', resourcePath(CONFIG_MAPS, 'ns', 'a'), '/api/v1/namespaces/ns/configmaps/a'],
    ['core collection, all namespaces', resourcePath(CONFIG_MAPS, ''), '/api/v1/configmaps'],
    [
      'group subresource',
      resourcePath(DEPLOYMENTS, 'ns', 'web', 'scale'),
      '/apis/apps/v1/namespaces/ns/deployments/web/scale',
    ],
    ['cluster-scoped ignores namespace', resourcePath(NODES, 'ns', 'n1'), '/api/v1/nodes/n1'],
    [
      'names are encoded',
      resourcePath(CONFIG_MAPS, 'ns', 'a b/c'),
      '/api/v1/namespaces/ns/configmaps/a%20b%2Fc',
    ],
  ];
  for (const [name, got, want] of cases) it(name, () => assert.equal(got, want));
});

describe('queries', () => {
  it('encodes list options and leaves out unset ones', () => {
    assert.equal(
      queryString(listQuery({ labelSelector: 'app in (a,b)', limit: 10, continue: 'x==' })),
      '?labelSelector=app%20in%20(a%2Cb)&limit=10&continue=x%3D%3D',
    );
    assert.equal(queryString(listQuery({})), '');
  });

  it('marks watches and passes bookmarks and timeouts', () => {
    assert.equal(
      queryString(watchQuery({ resourceVersion: '5', allowWatchBookmarks: true, timeoutSeconds: 30 })),
      '?watch=true&resourceVersion=5&allowWatchBookmarks=true&timeoutSeconds=30',
    );
  });

  it('writes dryRun=All and the field manager', () => {
    assert.equal(
      queryString(writeQuery({ dryRun: true, fieldManager: 'me' })),
      '?dryRun=All&fieldManager=me',
    );
  });

  it('builds DeleteOptions', () => {
    assert.deepEqual(
      deleteBody({ propagationPolicy: 'Foreground', preconditions: { uid: 'u' }, dryRun: true }),
      {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        preconditions: { uid: 'u' },
        propagationPolicy: 'Foreground',
        dryRun: ['All'],
      },
    );
  });
});
