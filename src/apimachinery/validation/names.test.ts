import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import * as v from './index.js';

type Case = [name: string, input: string, want: string[]];

function table(fn: (s: string) => string[], cases: Case[]): void {
  for (const [name, input, want] of cases) test(name, () => assert.deepEqual(fn(input), want));
}

const label1123 =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomain1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const label1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const qname =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValue =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('isDNS1123Label', () => {
  table(v.isDNS1123Label, [
    ['simple', 'a', []],
    ['digits first', '0', []],
    ['hyphens inside', 'a-1', []],
    ['63 chars', 'a'.repeat(63), []],
    ['64 chars', 'a'.repeat(64), ['must be no more than 63 characters']],
    ['empty', '', [label1123]],
    ['uppercase', 'A', [label1123]],
    ['leading hyphen', '-a', [label1123]],
    ['trailing hyphen', 'a-', [label1123]],
    ['underscore', 'a_b', [label1123]],
    ['dots are named', 'a.b', ['must not contain dots']],
    [
      'too long and dotted',
      `${'a'.repeat(63)}.b`,
      ['must be no more than 63 characters', 'must not contain dots'],
    ],
  ]);
});

describe('isDNS1123Subdomain', () => {
  table(v.isDNS1123Subdomain, [
    ['simple', 'example.com', []],
    ['single label', 'a', []],
    ['253 chars', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, []],
    ['254 chars', 'a'.repeat(254), ['must be no more than 253 characters']],
    ['empty', '', [subdomain1123]],
    ['double dot', 'a..b', [subdomain1123]],
    ['trailing dot', 'a.', [subdomain1123]],
    ['label ending in hyphen', 'a-.b', [subdomain1123]],
    ['uppercase', 'Example.com', [subdomain1123]],
  ]);
});

describe('isDNS1035Label', () => {
  table(v.isDNS1035Label, [
    ['simple', 'my-svc', []],
    ['digit first', '1abc', [label1035]],
    ['64 chars', 'a'.repeat(64), ['must be no more than 63 characters']],
  ]);
});

describe('isQualifiedName', () => {
  table(v.isQualifiedName, [
    ['simple', 'app', []],
    ['mixed case and dots', 'My.Name_1', []],
    ['prefixed', 'app.kubernetes.io/name', []],
    ['empty', '', ['name part must be non-empty', `name part ${qname}`]],
    ['empty prefix', '/name', ['prefix part must be non-empty']],
    ['bad prefix', 'Example.com/name', [`prefix part ${subdomain1123}`]],
    ['empty name after prefix', 'example.com/', ['name part must be non-empty', `name part ${qname}`]],
    ['name too long', 'a'.repeat(64), ['name part must be no more than 63 characters']],
    ['leading dash', '-a', [`name part ${qname}`]],
    [
      'two slashes',
      'a/b/c',
      [`a qualified name ${qname} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ],
  ]);
});

describe('isLabelKey', () => {
  table(v.isLabelKey, [
    ['prefixed', 'app.kubernetes.io/name', []],
    ['empty name', '', ['name part must be non-empty', `name part ${qname}`]],
    [
      'two slashes',
      'a/b/c',
      [
        `a valid label key ${qname} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
    ],
  ]);
});

describe('isValidLabelValue', () => {
  table(v.isValidLabelValue, [
    ['empty is fine', '', []],
    ['simple', 'v1.2_3-x', []],
    ['63 chars', 'a'.repeat(63), []],
    ['64 chars', 'a'.repeat(64), ['must be no more than 63 characters']],
    ['slash', 'a/b', [labelValue]],
    ['trailing dot', 'a.', [labelValue]],
    ['space', 'a b', [labelValue]],
  ]);
});

describe('isValidPortName', () => {
  table(v.isValidPortName, [
    ['simple', 'http', []],
    ['with digits and hyphen', 'http-8080', []],
    ['16 chars', 'a'.repeat(16), ['must be no more than 15 characters']],
    [
      'uppercase',
      'HTTP',
      [
        'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'must contain at least one letter (a-z)',
      ],
    ],
    ['digits only', '8080', ['must contain at least one letter (a-z)']],
    ['double hyphen', 'a--b', ['must not contain consecutive hyphens']],
    ['edge hyphens', '-ab-', ['must not begin or end with a hyphen']],
    [
      'empty',
      '',
      [
        'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'must contain at least one letter (a-z)',
      ],
    ],
  ]);
});

describe('other validators', () => {
  test('port numbers', () => {
    assert.deepEqual(v.isValidPortNum(1), []);
    assert.deepEqual(v.isValidPortNum(65535), []);
    assert.deepEqual(v.isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
    assert.deepEqual(v.isValidPortNum(65536), ['must be between 1 and 65535, inclusive']);
    assert.deepEqual(v.isValidPortNum(1.5), ['must be between 1 and 65535, inclusive']);
  });
  test('C identifiers', () => {
    assert.deepEqual(v.isCIdentifier('_a1'), []);
    assert.equal(v.isCIdentifier('1a').length, 1);
  });
  test('env var names', () => {
    assert.deepEqual(v.isEnvVarName('MY_ENV.NAME'), []);
    assert.deepEqual(v.isEnvVarName('..x'), ["must not start with '..'"]);
    assert.equal(v.isEnvVarName('1A').length, 1);
    assert.deepEqual(v.isRelaxedEnvVarName('1 A-b'), []);
    assert.deepEqual(v.isRelaxedEnvVarName(''), ['environment variable name must be non-empty']);
    assert.deepEqual(v.isRelaxedEnvVarName('A=B'), [
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    ]);
  });
  test('config map keys', () => {
    assert.deepEqual(v.isConfigMapKey('app.properties'), []);
    assert.deepEqual(v.isConfigMapKey('.'), ["must not be '.'"]);
    assert.equal(v.isConfigMapKey('a/b').length, 1);
  });
  test('path segment names', () => {
    assert.deepEqual(v.isValidPathSegmentName('ok'), []);
    assert.deepEqual(v.isValidPathSegmentName('..'), ["may not be '..'"]);
    assert.deepEqual(v.isValidPathSegmentName('a/b%c'), ["may not contain '/'", "may not contain '%'"]);
    assert.deepEqual(v.isValidPathSegmentName('..', true), []);
  });
});

test('fuzz: validators never throw and agree with their regexes', () => {
  const fns = [
    v.isDNS1123Label,
    v.isDNS1123Subdomain,
    v.isDNS1035Label,
    v.isQualifiedName,
    v.isValidLabelValue,
    v.isValidPortName,
    v.isConfigMapKey,
    v.isEnvVarName,
    v.isRelaxedEnvVarName,
  ];
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      for (const fn of fns) {
        const out = fn(s);
        assert.ok(Array.isArray(out) && out.every((m) => typeof m === 'string' && m.length > 0));
      }
      if (v.isDNS1123Label(s).length === 0) assert.deepEqual(v.isDNS1123Subdomain(s), []);
    }),
    { seed: 7, numRuns: 3000 },
  );
});
