import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import type { Attributes } from './attributes.js';
import { ruleAllows, subjectAppliesTo } from './rule-match.js';
import { pathRequest, resourceRequest as rr } from './test-helpers.js';

const cases: { name: string; rule: PolicyRule; expect: [Attributes, boolean][] }[] = [
  {
    name: 'star verb, exact match other',
    rule: { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] },
    expect: [
      [rr('verb1', { apiGroup: 'group1', resource: 'resource1' }), true],
      [rr('verb1', { apiGroup: 'group2', resource: 'resource1' }), false],
      [rr('verb1', { apiGroup: 'group1', resource: 'resource2' }), false],
      [rr('verb2', { apiGroup: 'group1', resource: 'resource1' }), true],
    ],
  },
  {
    name: 'star group, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] },
    expect: [
      [rr('verb1', { apiGroup: 'group1', resource: 'resource1' }), true],
      [rr('verb1', { apiGroup: 'group2', resource: 'resource1' }), true],
      [rr('verb1', { apiGroup: 'group1', resource: 'resource2' }), false],
      [rr('verb2', { apiGroup: 'group1', resource: 'resource1' }), false],
    ],
  },
  {
    name: 'star resource, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] },
    expect: [
      [rr('verb1', { apiGroup: 'group1', resource: 'resource1' }), true],
      [rr('verb1', { apiGroup: 'group1', resource: 'resource2' }), true],
      [rr('verb1', { apiGroup: 'group1', resource: 'resource1', subresource: 'sub' }), true],
      [rr('verb1', { apiGroup: 'group2', resource: 'resource1' }), false],
    ],
  },
  {
    name: 'tuple expansion',
    rule: {
      verbs: ['verb1', 'verb2'],
      apiGroups: ['group1', 'group2'],
      resources: ['resource1', 'resource2'],
    },
    expect: [
      [rr('verb1', { apiGroup: 'group1', resource: 'resource1' }), true],
      [rr('verb2', { apiGroup: 'group2', resource: 'resource2' }), true],
      [rr('verb1', { apiGroup: 'group2', resource: 'resource2' }), true],
      [rr('verb3', { apiGroup: 'group1', resource: 'resource1' }), false],
    ],
  },
  {
    name: 'subresource expansion',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] },
    expect: [
      [rr('verb1', { apiGroup: 'group1', resource: 'resource1', subresource: 'subresource1' }), true],
      [rr('verb1', { apiGroup: 'group2', resource: 'resource1', subresource: 'subresource2' }), false],
      [rr('verb1', { apiGroup: 'group1', resource: 'resource1' }), false],
      [rr('verb1', { apiGroup: 'group1', resource: 'resource2', subresource: 'subresource1' }), false],
    ],
  },
  {
    name: 'star/subresource matches that subresource of every resource',
    rule: { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] },
    expect: [
      [rr('get', { apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }), true],
      [rr('get', { apiGroup: '', resource: 'replicationcontrollers', subresource: 'scale' }), true],
      [rr('get', { apiGroup: 'apps', resource: 'deployments' }), false],
      [rr('get', { apiGroup: 'apps', resource: 'deployments', subresource: 'status' }), false],
      [rr('get', { apiGroup: 'apps', resource: 'deployments', subresource: 'xscale' }), false],
    ],
  },
  {
    name: 'resource/star is not a wildcard',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['pods/*'] },
    expect: [
      [rr('get', { resource: 'pods', subresource: 'log' }), false],
      [rr('get', { resource: 'pods', subresource: '*' }), true],
    ],
  },
  {
    name: 'resource names',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'] },
    expect: [
      [rr('get', { resource: 'configmaps', name: 'a' }), true],
      [rr('get', { resource: 'configmaps', name: 'b' }), true],
      [rr('get', { resource: 'configmaps', name: 'c' }), false],
      [rr('get', { resource: 'configmaps' }), false],
    ],
  },
  {
    name: 'empty apiGroups list matches no group, not the core group',
    rule: { verbs: ['get'], apiGroups: [], resources: ['pods'] },
    expect: [[rr('get', { resource: 'pods' }), false]],
  },
  {
    name: 'core group is the empty string',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    expect: [
      [rr('get', { resource: 'pods' }), true],
      [rr('get', { apiGroup: 'apps', resource: 'pods' }), false],
    ],
  },
  {
    name: 'a resource rule never matches a path',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    expect: [[pathRequest('get', '/healthz'), false]],
  },
  {
    name: 'star nonresource, exact match other',
    rule: { verbs: ['verb1'], nonResourceURLs: ['*'] },
    expect: [
      [pathRequest('verb1', '/foo'), true],
      [pathRequest('verb1', '/foo/bar'), true],
      [pathRequest('verb2', '/foo'), false],
    ],
  },
  {
    name: 'star nonresource subpath',
    rule: { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] },
    expect: [
      [pathRequest('verb1', '/foo'), false],
      [pathRequest('verb1', '/foo/'), true],
      [pathRequest('verb1', '/foo/bar'), true],
      [pathRequest('verb1', '/foo/bar/baz'), true],
      [pathRequest('verb1', '/foobar'), false],
      [pathRequest('verb1', '/bar'), false],
    ],
  },
  {
    name: 'nonresource prefix without slash',
    rule: { verbs: ['get'], nonResourceURLs: ['/api*'] },
    expect: [
      [pathRequest('get', '/api'), true],
      [pathRequest('get', '/apis/apps'), true],
      [pathRequest('get', '/ap'), false],
    ],
  },
  {
    name: 'every trailing star is trimmed',
    rule: { verbs: ['get'], nonResourceURLs: ['/foo**'] },
    expect: [
      [pathRequest('get', '/foo'), true],
      [pathRequest('get', '/foobar'), true],
    ],
  },
  {
    name: 'exact nonresource URL',
    rule: { verbs: ['get'], nonResourceURLs: ['/version', '/version/'] },
    expect: [
      [pathRequest('get', '/version'), true],
      [pathRequest('get', '/version/'), true],
      [pathRequest('get', '/version/x'), false],
      [pathRequest('post', '/version'), false],
    ],
  },
  {
    name: 'a path rule never matches a resource request',
    rule: { verbs: ['*'], nonResourceURLs: ['*'] },
    expect: [[rr('get', { resource: 'pods' }), false]],
  },
];

for (const c of cases) {
  test(`ruleAllows: ${c.name}`, () => {
    for (const [attrs, want] of c.expect) {
      assert.equal(ruleAllows(attrs, c.rule), want, JSON.stringify(attrs));
    }
  });
}

const subjects: {
  name: string;
  subject: Parameters<typeof subjectAppliesTo>[1];
  ns: string;
  want: boolean;
}[] = [
  { name: 'user by name', subject: { kind: 'User', name: 'alice' }, ns: '', want: true },
  { name: 'other user', subject: { kind: 'User', name: 'bob' }, ns: '', want: false },
  { name: 'group member', subject: { kind: 'Group', name: 'dev' }, ns: '', want: true },
  { name: 'not a member', subject: { kind: 'Group', name: 'ops' }, ns: '', want: false },
  { name: 'unknown kind', subject: { kind: 'Robot', name: 'alice' }, ns: '', want: false },
  {
    name: 'service account with its namespace',
    subject: { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' },
    ns: '',
    want: false,
  },
];

for (const c of subjects) {
  test(`subjectAppliesTo: ${c.name}`, () => {
    assert.equal(subjectAppliesTo({ name: 'alice', groups: ['dev'] }, c.subject, c.ns), c.want);
  });
}

test('subjectAppliesTo: service accounts', () => {
  const sa = { name: 'system:serviceaccount:ns:sa', groups: [] };
  assert.equal(subjectAppliesTo(sa, { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }, ''), true);
  assert.equal(subjectAppliesTo(sa, { kind: 'ServiceAccount', name: 'sa' }, 'ns'), true);
  assert.equal(subjectAppliesTo(sa, { kind: 'ServiceAccount', name: 'sa' }, ''), false);
  assert.equal(subjectAppliesTo(sa, { kind: 'ServiceAccount', name: 'sa', namespace: 'other' }, 'ns'), false);
  assert.equal(subjectAppliesTo(sa, { kind: 'ServiceAccount', name: 's', namespace: 'ns' }, ''), false);
});
