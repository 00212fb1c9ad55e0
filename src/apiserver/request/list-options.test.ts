import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorString } from '../../apimachinery/field/index.js';
import {
  decodeListQuery,
  fieldSelectorForName,
  type ListOptions,
  listOptionsForRequest,
  setListOptionsDefaults,
  validateListOptions,
} from './list-options.js';
import { parseQuery } from './query.js';

const base: ListOptions = {
  labelSelector: undefined,
  fieldSelector: undefined,
  watch: false,
  allowWatchBookmarks: false,
  resourceVersion: '',
  resourceVersionMatch: '',
  timeoutSeconds: undefined,
  limit: 0,
  continue: '',
  sendInitialEvents: undefined,
};

describe('validateListOptions (upstream table)', () => {
  const cases: [string, Partial<ListOptions>, boolean, string[]][] = [
    ['valid default', {}, true, []],
    ['valid exact', { resourceVersion: '1', resourceVersionMatch: 'Exact' }, true, []],
    [
      'exact at 0',
      { resourceVersion: '0', resourceVersionMatch: 'Exact' },
      true,
      ['resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
    ],
    ['not older than 0', { resourceVersion: '0', resourceVersionMatch: 'NotOlderThan' }, true, []],
    [
      'unknown match',
      { resourceVersion: '0', resourceVersionMatch: 'foo' },
      true,
      ['resourceVersionMatch: Unsupported value: "foo": supported values: "Exact", "NotOlderThan", ""'],
    ],
    [
      'match without resourceVersion',
      { resourceVersionMatch: 'NotOlderThan' },
      true,
      [
        'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      ],
    ],
    [
      'match with continue',
      { resourceVersion: '5', resourceVersionMatch: 'Exact', continue: 'abc' },
      true,
      ['resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided'],
    ],
    [
      'every list problem at once, in order',
      { resourceVersionMatch: 'bad', continue: 'c', sendInitialEvents: false },
      true,
      [
        'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
        'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided',
        'resourceVersionMatch: Unsupported value: "bad": supported values: "Exact", "NotOlderThan", ""',
        'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list',
      ],
    ],
    [
      'list with sendInitialEvents',
      { sendInitialEvents: true },
      true,
      ['sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list'],
    ],
    ['valid watch', { watch: true }, true, []],
    [
      'watch with sendInitialEvents on',
      {
        watch: true,
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: true,
      },
      true,
      [],
    ],
    [
      'watch with sendInitialEvents off',
      {
        watch: true,
        sendInitialEvents: false,
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: true,
      },
      true,
      [],
    ],
    [
      'watch match without sendInitialEvents',
      { watch: true, resourceVersionMatch: 'NotOlderThan' },
      false,
      [
        'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
      ],
    ],
    [
      'watch sendInitialEvents without match, streaming lists off',
      { watch: true, sendInitialEvents: true },
      false,
      [
        'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
      ],
    ],
    [
      'watch sendInitialEvents with Exact',
      { watch: true, sendInitialEvents: true, resourceVersionMatch: 'Exact', allowWatchBookmarks: true },
      true,
      [
        'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        'resourceVersionMatch: Unsupported value: "Exact": supported values: "NotOlderThan"',
      ],
    ],
    [
      'watch sendInitialEvents off without match',
      { watch: true, sendInitialEvents: false },
      false,
      [
        'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
      ],
    ],
    [
      'watch sendInitialEvents with an incorrect match',
      { watch: true, sendInitialEvents: true, resourceVersionMatch: 'incorrect', allowWatchBookmarks: true },
      true,
      [
        'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        'resourceVersionMatch: Unsupported value: "incorrect": supported values: "NotOlderThan"',
      ],
    ],
    [
      'bookmarks are not required with sendInitialEvents',
      { watch: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
      true,
      [],
    ],
    [
      'streaming lists off',
      {
        watch: true,
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: true,
      },
      false,
      [
        'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
      ],
    ],
    [
      'watch match with continue',
      { watch: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', continue: '123' },
      true,
      ['resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided'],
    ],
    ['watch ignores Exact at 0 rules', { watch: true, resourceVersion: '0' }, true, []],
  ];
  for (const [name, over, watchList, want] of cases) {
    it(name, () => {
      assert.deepEqual(validateListOptions({ ...base, ...over }, watchList).map(errorString), want);
    });
  }
});

describe('decodeListQuery', () => {
  it('decodes every parameter', () => {
    const r = decodeListQuery(
      parseQuery(
        'labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dn1&watch=1&allowWatchBookmarks=true&resourceVersion=10' +
          '&resourceVersionMatch=NotOlderThan&timeoutSeconds=30&limit=500&continue=tok&sendInitialEvents=false',
      ),
    );
    assert.ok(r.ok);
    const v = r.value;
    assert.equal(v.labelSelector?.toString(), 'app=web');
    assert.equal(v.fieldSelector?.toString(), 'spec.nodeName=n1');
    assert.deepEqual(
      [
        v.watch,
        v.allowWatchBookmarks,
        v.resourceVersion,
        v.resourceVersionMatch,
        v.timeoutSeconds,
        v.limit,
        v.continue,
        v.sendInitialEvents,
      ],
      [true, true, '10', 'NotOlderThan', 30, 500, 'tok', false],
    );
  });
  it('defaults when nothing is given', () => {
    const r = decodeListQuery(parseQuery(''));
    assert.ok(r.ok);
    assert.deepEqual(r.value, base);
  });
  const bad: [string, string, string][] = [
    ['bad limit', 'limit=abc', 'strconv.ParseInt: parsing "abc": invalid syntax'],
    ['empty limit', 'limit=', 'strconv.ParseInt: parsing "": invalid syntax'],
    ['float limit', 'limit=1.5', 'strconv.ParseInt: parsing "1.5": invalid syntax'],
    [
      'limit out of range',
      'limit=9223372036854775808',
      'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    ],
    [
      'timeoutSeconds is checked before limit',
      'limit=x&timeoutSeconds=y',
      'strconv.ParseInt: parsing "y": invalid syntax',
    ],
    [
      'integers are checked before selectors',
      'labelSelector=a%20b&limit=x',
      'strconv.ParseInt: parsing "x": invalid syntax',
    ],
    [
      'bad label selector',
      'labelSelector=a%20b',
      "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
    ],
    ['bad field selector', 'fieldSelector=foo', "invalid selector: 'foo'; can't understand 'foo'"],
  ];
  for (const [name, q, msg] of bad) {
    it(`${name} is a 400`, () => {
      const r = decodeListQuery(parseQuery(q));
      assert.ok(!r.ok);
      assert.equal(r.error.code, 400);
      assert.equal(r.error.reason, 'BadRequest');
      assert.equal(r.error.status.message, msg);
    });
  }
  it('accepts a negative limit (no limit) and a signed timeout', () => {
    const r = decodeListQuery(parseQuery('limit=-1&timeoutSeconds=%2B5'));
    assert.ok(r.ok);
    assert.equal(r.value.limit, -1);
    assert.equal(r.value.timeoutSeconds, 5);
  });
  it('uses the first of repeated values', () => {
    const r = decodeListQuery(parseQuery('resourceVersion=1&resourceVersion=2'));
    assert.ok(r.ok);
    assert.equal(r.value.resourceVersion, '1');
  });
});

describe('setListOptionsDefaults', () => {
  const cases: [string, Partial<ListOptions>, boolean, boolean | undefined, string][] = [
    ['a watch from now streams its initial state', { watch: true }, true, true, 'NotOlderThan'],
    ['a watch from 0 too', { watch: true, resourceVersion: '0' }, true, true, 'NotOlderThan'],
    ['not from a given revision', { watch: true, resourceVersion: '5' }, true, undefined, ''],
    ['not a list', { resourceVersion: '0' }, true, undefined, ''],
    ['an explicit sendInitialEvents is kept', { watch: true, sendInitialEvents: false }, true, false, ''],
    ['an explicit match is kept', { watch: true, resourceVersionMatch: 'Exact' }, true, undefined, 'Exact'],
    ['not when streaming lists are off', { watch: true }, false, undefined, ''],
  ];
  for (const [name, over, watchList, send, match] of cases) {
    it(name, () => {
      const input = { ...base, ...over };
      const out = setListOptionsDefaults(input, watchList);
      assert.equal(out.sendInitialEvents, send);
      assert.equal(out.resourceVersionMatch, match);
      assert.equal(input.sendInitialEvents, over.sendInitialEvents, 'input unchanged');
    });
  }
  it('listOptionsForRequest applies them', () => {
    const r = listOptionsForRequest(parseQuery('watch=1'));
    assert.ok(r.ok);
    assert.equal(r.value.sendInitialEvents, true);
  });
});

describe('listOptionsForRequest', () => {
  it('invalid combinations are a 422 on ListOptions', () => {
    const r = listOptionsForRequest(parseQuery('resourceVersionMatch=Exact&resourceVersion=0'));
    assert.ok(!r.ok);
    assert.equal(r.error.code, 422);
    assert.equal(
      r.error.status.message,
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
    assert.deepEqual(r.error.status.details, {
      group: 'meta.k8s.io',
      kind: 'ListOptions',
      causes: [
        {
          reason: 'FieldValueForbidden',
          message: 'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
          field: 'resourceVersionMatch',
        },
      ],
    });
  });
  it('decode errors come before validation', () => {
    const r = listOptionsForRequest(parseQuery('limit=x&resourceVersionMatch=Exact'));
    assert.ok(!r.ok);
    assert.equal(r.error.code, 400);
  });
  it('converts field labels for the resource', () => {
    const r = listOptionsForRequest(parseQuery('fieldSelector=spec.nodeName%3Dn1'), {
      resource: { group: '', resource: 'pods' },
    });
    assert.ok(r.ok);
    assert.equal(r.value.fieldSelector?.toString(), 'spec.nodeName=n1');
  });
  it('rejects a field label the resource does not support', () => {
    const r = listOptionsForRequest(parseQuery('fieldSelector=spec.bogus%3D1'), {
      resource: { group: '', resource: 'pods' },
    });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 400);
    assert.match(r.error.status.message ?? '', /field label not supported: spec\.bogus/);
  });
});

describe('fieldSelectorForName', () => {
  it('defaults to the name', () => {
    const r = fieldSelectorForName('a', undefined);
    assert.ok(r.ok);
    assert.equal(r.value.toString(), 'metadata.name=a');
  });
  it('keeps a selector that pins the same name', () => {
    const d = decodeListQuery(parseQuery('fieldSelector=metadata.name%3Da'));
    assert.ok(d.ok);
    const r = fieldSelectorForName('a', d.value.fieldSelector);
    assert.ok(r.ok);
  });
  it('rejects a different name', () => {
    const d = decodeListQuery(parseQuery('fieldSelector=metadata.name%3Db'));
    assert.ok(d.ok);
    const r = fieldSelectorForName('a', d.value.fieldSelector);
    assert.ok(!r.ok);
    assert.equal(r.error.status.message, "fieldSelector metadata.name doesn't match requested name");
  });
  it('rejects a selector on other fields', () => {
    const d = decodeListQuery(parseQuery('fieldSelector=spec.x%3Db'));
    assert.ok(d.ok);
    assert.ok(!fieldSelectorForName('a', d.value.fieldSelector).ok);
  });
});
