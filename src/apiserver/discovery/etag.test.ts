import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { aggregatedDiscovery } from './aggregated.js';
import { discoveryCacheHeaders, discoveryETag, notModified } from './etag.js';

describe('discoveryETag', () => {
  it('is the quoted upper-case SHA-512 hex of the JSON text', () => {
    const doc = { kind: 'APIGroupDiscoveryList', items: [] };
    const hex = createHash('sha512').update('{"kind":"APIGroupDiscoveryList","items":[]}').digest('hex');
    assert.equal(discoveryETag(doc), `"${hex.toUpperCase()}"`);
  });

  it('is stable for equal documents and changes with content', () => {
    const a = discoveryETag(aggregatedDiscovery('apis'));
    assert.match(a, /^"[0-9A-F]{128}"$/);
    assert.equal(discoveryETag(aggregatedDiscovery('apis')), a);
    assert.notEqual(discoveryETag(aggregatedDiscovery('api')), a);
  });

  it('headers: ETag, Vary Accept, Cache-Control public', () => {
    assert.deepEqual(discoveryCacheHeaders('"AB"'), {
      ETag: '"AB"',
      Vary: 'Accept',
      'Cache-Control': 'public',
    });
  });
});

describe('notModified', () => {
  const etag = discoveryETag({ a: 1 });
  const cases: { name: string; header: string | undefined; want: boolean }[] = [
    { name: 'exact quoted tag', header: etag, want: true },
    { name: 'no header', header: undefined, want: false },
    { name: 'empty header', header: '', want: false },
    { name: 'unquoted tag', header: etag.slice(1, -1), want: false },
    { name: 'weak tag', header: `W/${etag}`, want: false },
    { name: 'star', header: '*', want: false },
    { name: 'list containing the tag', header: `"x", ${etag}`, want: false },
    { name: 'other tag', header: discoveryETag({ a: 2 }), want: false },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(notModified(c.header, etag), c.want));
  }
});
