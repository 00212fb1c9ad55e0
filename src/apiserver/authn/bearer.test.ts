import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BearerHeader, InvalidTokenWithSpaceWarning, parseBearerHeader } from './bearer.js';

const cases: { name: string; header: string | undefined; want: BearerHeader }[] = [
  { name: 'absent', header: undefined, want: { kind: 'none' } },
  { name: 'empty', header: '', want: { kind: 'none' } },
  { name: 'whitespace only', header: ' \t ', want: { kind: 'none' } },
  { name: 'plain', header: 'Bearer abc', want: { kind: 'token', token: 'abc' } },
  { name: 'lower-case scheme', header: 'bearer abc', want: { kind: 'token', token: 'abc' } },
  { name: 'upper-case scheme', header: 'BEARER abc', want: { kind: 'token', token: 'abc' } },
  {
    name: 'surrounding whitespace trimmed',
    header: '  Bearer abc \t',
    want: { kind: 'token', token: 'abc' },
  },
  { name: 'token ends at the next space', header: 'Bearer abc def', want: { kind: 'token', token: 'abc' } },
  { name: 'scheme without token', header: 'Bearer', want: { kind: 'none' } },
  { name: 'scheme and trailing space only', header: 'Bearer ', want: { kind: 'none' } },
  {
    name: 'extra space before the token',
    header: 'Bearer  abc',
    want: { kind: 'ignored', warning: InvalidTokenWithSpaceWarning },
  },
  { name: 'basic auth is not bearer', header: 'Basic dXNlcjpwYXNz', want: { kind: 'none' } },
  { name: 'tab is not the separator', header: 'Bearer\tabc', want: { kind: 'none' } },
  { name: 'scheme prefix only', header: 'Bearerx abc', want: { kind: 'none' } },
];

for (const c of cases) {
  test(`parseBearerHeader: ${c.name}`, () => {
    assert.deepEqual(parseBearerHeader(c.header), c.want);
  });
}
