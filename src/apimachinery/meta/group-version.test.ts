import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  formatGroupVersion,
  fromAPIVersionAndKind,
  groupVersionKind,
  gvkString,
  MetaParseError,
  parseGroupVersion,
} from './index.js';

describe('parseGroupVersion', () => {
  const ok: Array<[string, string, string, string]> = [
    ['named group', 'apps/v1', 'apps', 'v1'],
    ['core group', 'v1', '', 'v1'],
    ['dotted group', 'rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io', 'v1'],
    ['empty is the empty group-version', '', '', ''],
    ['a lone slash is the empty group-version', '/', '', ''],
    ['empty version after a slash is kept', 'foo/', 'foo', ''],
    ['empty group before a slash is kept', '/v1', '', 'v1'],
  ];
  for (const [name, input, group, version] of ok) {
    test(name, () => assert.deepEqual(parseGroupVersion(input), { group, version }));
  }
  const bad: Array<[string, string]> = [
    ['three parts', 'a/b/c'],
    ['two slashes', '//'],
    ['trailing slashes', 'apps/v1/'],
  ];
  for (const [name, input] of bad) {
    test(name, () =>
      assert.throws(
        () => parseGroupVersion(input),
        new MetaParseError(`unexpected GroupVersion string: ${input}`),
      ),
    );
  }
  test('never crashes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        try {
          const gv = parseGroupVersion(s);
          assert.ok(!gv.group.includes('/') && !gv.version.includes('/'));
        } catch (e) {
          assert.ok(e instanceof MetaParseError);
        }
      }),
      { seed: 1, numRuns: 2000 },
    );
  });
});

describe('group-version-kind helpers', () => {
  test('format named group', () =>
    assert.equal(formatGroupVersion({ group: 'apps', version: 'v1' }), 'apps/v1'));
  test('format core group', () => assert.equal(formatGroupVersion({ group: '', version: 'v1' }), 'v1'));
  test('gvk string for core', () =>
    assert.equal(gvkString({ group: '', version: 'v1', kind: 'Event' }), '/v1, Kind=Event'));
  test('gvk string for a group', () =>
    assert.equal(
      gvkString({ group: 'apps', version: 'v1', kind: 'Deployment' }),
      'apps/v1, Kind=Deployment',
    ));
  test('unparsable apiVersion keeps only the kind', () =>
    assert.deepEqual(fromAPIVersionAndKind('a/b/c', 'Pod'), { group: '', version: '', kind: 'Pod' }));
  const objs: Array<[string, unknown, { group: string; version: string; kind: string }]> = [
    [
      'deployment',
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ],
    ['pod', { apiVersion: 'v1', kind: 'Pod' }, { group: '', version: 'v1', kind: 'Pod' }],
    ['missing members', {}, { group: '', version: '', kind: '' }],
    ['wrong member types', { apiVersion: 1, kind: ['x'] }, { group: '', version: '', kind: '' }],
    ['not an object', 'Pod', { group: '', version: '', kind: '' }],
    ['null', null, { group: '', version: '', kind: '' }],
  ];
  for (const [name, obj, want] of objs)
    test(`groupVersionKind: ${name}`, () => assert.deepEqual(groupVersionKind(obj), want));
});
