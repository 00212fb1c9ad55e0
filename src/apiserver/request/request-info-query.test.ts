import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestInfo } from './request-info.js';

describe('requestInfo: non-resource requests', () => {
  const cases: [string, string, string][] = [
    ['no resource path', '/', 'get'],
    ['just api version', '/api/version/', 'get'],
    ['just prefix, group, version', '/apis/group/version/', 'get'],
    ['bad prefix', '/badprefix/version/resource', 'get'],
    ['missing api group', '/apis/version/resource', 'get'],
    ['group without enough steps', '/apis/extensions/v1beta1', 'get'],
    ['not enough steps', '/api/version', 'get'],
    ['one step', '/api', 'get'],
    ['empty', '', 'get'],
    ['healthz', '/healthz', 'get'],
    ['version', '/version', 'get'],
    ['openapi v2', '/openapi/v2', 'get'],
    ['openapi v3 group', '/openapi/v3/apis/apps/v1', 'get'],
  ];
  for (const [name, url, verb] of cases) {
    it(name, () => {
      const r = requestInfo('GET', url);
      assert.ok(r.ok);
      assert.equal(r.info.isResourceRequest, false);
      assert.equal(r.info.verb, verb);
      assert.equal(r.info.resource, '');
    });
  }
  it('keeps the lower-cased method as verb', () => {
    const r = requestInfo('POST', '/healthz');
    assert.ok(r.ok);
    assert.equal(r.info.verb, 'post');
    assert.equal(r.info.path, '/healthz');
  });
  const resourceish: [string, string][] = [
    ['simple groupless', '/api/version/resource'],
    ['simple group', '/apis/group/version/resource/name/subresource'],
    ['more steps', '/api/version/resource/name/subresource'],
    ['group list', '/apis/batch/v1/job'],
    ['group get', '/apis/batch/v1/job/foo'],
    ['group subresource', '/apis/batch/v1/job/foo/scale'],
  ];
  for (const [name, url] of resourceish) {
    it(`${name} is a resource request`, () => {
      const r = requestInfo('GET', url);
      assert.ok(r.ok);
      assert.equal(r.info.isResourceRequest, true);
    });
  }
});

describe('requestInfo: fieldSelector names the object of a list or watch', () => {
  const cases: [string, string, string, string][] = [
    ['no selector', '/apis/group/version/resource', '', 'list'],
    [
      'metadata.name selector',
      '/apis/group/version/resource?fieldSelector=metadata.name=name1',
      'name1',
      'list',
    ],
    [
      'metadata.name selector with watch',
      '/apis/group/version/resource?watch=true&fieldSelector=metadata.name=name1',
      'name1',
      'watch',
    ],
    ['double equals', '/apis/group/version/resource?fieldSelector=metadata.name%3D%3Dname1', 'name1', 'list'],
    [
      'among other terms',
      '/apis/group/version/resource?fieldSelector=spec.x=y,metadata.name=n2',
      'n2',
      'list',
    ],
    ['random selector', '/apis/group/version/resource?fieldSelector=foo=bar', '', 'list'],
    ['not-equals names nothing', '/apis/group/version/resource?fieldSelector=metadata.name!=n', '', 'list'],
    [
      'invalid selector with metadata.name',
      '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo',
      '',
      'list',
    ],
    [
      'invalid selector with watch',
      '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=true',
      '',
      'watch',
    ],
    [
      'invalid selector with watch false',
      '/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=false',
      '',
      'list',
    ],
    [
      'a name that is not a path segment',
      '/apis/group/version/resource?fieldSelector=metadata.name=..',
      '',
      'list',
    ],
    ['a name with a slash', '/apis/group/version/resource?fieldSelector=metadata.name=a/b', '', 'list'],
    [
      'another bad parameter spoils the name',
      '/apis/group/version/resource?fieldSelector=metadata.name=n&limit=x',
      '',
      'list',
    ],
    [
      'a bad label selector spoils the name',
      '/apis/g/v/r?fieldSelector=metadata.name=n&labelSelector=a%20b&watch=1',
      '',
      'watch',
    ],
    [
      'the path name wins over a selector',
      '/api/v1/namespaces/ns/pods/p1?fieldSelector=metadata.name=p2',
      'p1',
      'get',
    ],
    ['a collection GET named by its selector', '/api/v1/pods?fieldSelector=metadata.name=x', 'x', 'list'],
  ];
  for (const [name, url, objName, verb] of cases) {
    it(name, () => {
      const r = requestInfo('GET', url);
      assert.ok(r.ok);
      assert.equal(r.info.name, objName);
      assert.equal(r.info.verb, verb);
    });
  }
  it('a DELETE with a fieldSelector is still deletecollection', () => {
    const r = requestInfo('DELETE', '/api/v1/namespaces/ns/pods?fieldSelector=metadata.name=x');
    assert.ok(r.ok);
    assert.equal(r.info.verb, 'deletecollection');
    assert.equal(r.info.name, '');
  });
});

describe('requestInfo: errors', () => {
  it('watch with nothing after it is a 500 as upstream', () => {
    const r = requestInfo('GET', '/api/v1/watch');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 500);
    assert.equal(
      r.error.status.message,
      'Internal error occurred: failed to create RequestInfo: unable to determine kind and namespace from url, /api/v1/watch',
    );
  });
  it('proxy with nothing after it', () => {
    const r = requestInfo('GET', '/apis/g/v1/proxy/');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 500);
  });
  it('a malformed escape in the path is a 400', () => {
    const r = requestInfo('GET', '/api/v1/namespaces/%zz/pods');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 400);
  });
});
