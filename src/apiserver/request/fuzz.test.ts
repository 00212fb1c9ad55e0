import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StatusError } from '../../apimachinery/errors/index.js';
import {
  negotiateOutput,
  negotiateOutputStream,
  parseAccept,
  resourceRestrictions,
  wantsAggregatedDiscovery,
} from './accept.js';
import { inputFormat, MediaTypeError, parseMediaType, patchTypeFor } from './content-type.js';
import { ContinueTokenError, decodeContinue, encodeContinue, listStart } from './continue-token.js';
import { deleteOptionsForRequest } from './delete-options.js';
import { GoJSONSyntaxError, scanGoJSON } from './go-json-scan.js';
import type { Parsed } from './list-options.js';
import { listOptionsForRequest } from './list-options.js';
import { parseQuery } from './query.js';
import { requestInfo } from './request-info.js';
import { createOptionsForRequest, patchOptionsForRequest } from './write-options.js';

const params = { seed: 20261123, numRuns: 2000 };

function wellFormed<T>(r: Parsed<T>): void {
  if (!r.ok) {
    assert.ok(r.error instanceof StatusError);
    assert.ok((r.error.status.message ?? '').length > 0);
  }
}

const segment = fc.oneof(
  fc.constantFrom(
    'api',
    'apis',
    'v1',
    'namespaces',
    'pods',
    'watch',
    'proxy',
    'status',
    'finalize',
    'log',
    'apps',
    '',
    '.',
    '..',
  ),
  fc.string({ maxLength: 8 }),
);
const url = fc
  .tuple(fc.array(segment, { maxLength: 8 }), fc.string({ maxLength: 40 }))
  .map(([segs, q]) => `/${segs.join('/')}${q === '' ? '' : `?${q}`}`);
const queryText = fc
  .array(
    fc
      .tuple(
        fc.constantFrom(
          'watch',
          'limit',
          'timeoutSeconds',
          'labelSelector',
          'fieldSelector',
          'resourceVersion',
          'resourceVersionMatch',
          'continue',
          'sendInitialEvents',
          'allowWatchBookmarks',
          'dryRun',
          'fieldManager',
          'fieldValidation',
          'force',
          'gracePeriodSeconds',
          'propagationPolicy',
          'orphanDependents',
          'x',
        ),
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom('0', '1', 'true', 'Exact', 'NotOlderThan', 'All', '-1', 'a=b', '%zz'),
        ),
      )
      .map(([k, v]) => `${k}=${v}`),
    { maxLength: 6 },
  )
  .map((ps) => ps.join('&'));

describe('fuzz: request parsing never crashes', () => {
  it('requestInfo', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'get'),
        fc.oneof(url, fc.string()),
        (m, u) => {
          const r = requestInfo(m, u);
          if (r.ok) assert.equal(typeof r.info.verb, 'string');
          else assert.ok(r.error instanceof StatusError);
        },
      ),
      params,
    );
  });
  it('list, write and delete options from queries', () => {
    fc.assert(
      fc.property(fc.oneof(queryText, fc.string({ maxLength: 60 })), (raw) => {
        const q = parseQuery(raw);
        wellFormed(listOptionsForRequest(q, { resource: { group: '', resource: 'pods' } }));
        wellFormed(createOptionsForRequest(q));
        wellFormed(patchOptionsForRequest(q, 'application/apply-patch+yaml'));
        wellFormed(deleteOptionsForRequest(q, undefined, undefined));
      }),
      params,
    );
  });
  it('delete options from random JSON bodies', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.json(), fc.string()),
        fc.constantFrom('application/json', 'application/yaml', undefined),
        (body, ct) => {
          wellFormed(deleteOptionsForRequest(parseQuery(''), new TextEncoder().encode(body), ct));
        },
      ),
      params,
    );
  });
  it('continue tokens: random strings', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          decodeContinue(s, '/registry/pods/');
        } catch (e) {
          assert.ok(e instanceof ContinueTokenError, String(e));
        }
        wellFormed(
          listStart({ continue: s, resourceVersion: '', resourceVersionMatch: '', limit: 0 }, '/p/'),
        );
      }),
      params,
    );
  });
  it('continue tokens: random JSON documents', () => {
    const doc = fc.oneof(
      fc.json(),
      fc
        .record({
          v: fc.oneof(fc.constant('meta.k8s.io/v1'), fc.string()),
          rv: fc.oneof(fc.integer(), fc.double(), fc.string()),
          start: fc.string(),
        })
        .map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(doc, (json) => {
        try {
          const p = decodeContinue(Buffer.from(json).toString('base64url'), '/p/');
          assert.ok(p.key.startsWith('/p/'));
          assert.ok(!p.key.slice(2).includes('/../'));
        } catch (e) {
          assert.ok(e instanceof ContinueTokenError, String(e));
        }
      }),
      params,
    );
  });
  it('continue tokens round-trip', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .string({ minLength: 1, maxLength: 6 })
            .filter((s) => !s.includes('/') && s !== '.' && s !== '..'),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (segs, rv) => {
          const key = `/p/${segs.join('/')}`;
          const wellFormedUnicode =
            !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(key);
          const back = decodeContinue(encodeContinue(key, '/p/', rv), '/p/');
          assert.equal(back.rv, rv);
          if (wellFormedUnicode) assert.equal(back.key, key);
        },
      ),
      params,
    );
  });
  it('the JSON scanner agrees with JSON.parse on validity', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.string({ maxLength: 30 }),
          fc.json().map((j) => j.slice(0, -1)),
        ),
        (text) => {
          let jsOk = true;
          try {
            JSON.parse(text);
          } catch {
            jsOk = false;
          }
          let goOk = true;
          try {
            scanGoJSON(new TextEncoder().encode(text));
          } catch (e) {
            assert.ok(e instanceof GoJSONSyntaxError, String(e));
            goOk = false;
          }
          assert.equal(goOk, jsOk, text);
        },
      ),
      params,
    );
  });
  it('Accept headers', () => {
    const header = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc
        .array(
          fc.constantFrom(
            'application/json',
            'application/yaml',
            '*/*',
            '*',
            'application/*',
            'text/html',
            ';q=0.5',
            ';as=Table',
            ';g=meta.k8s.io',
            ';v=v1',
            ';stream=watch',
            ';sv=v1',
            ',',
            ';q=x',
            ';',
          ),
          { maxLength: 10 },
        )
        .map((a) => a.join('')),
    );
    const r = resourceRestrictions();
    fc.assert(
      fc.property(header, (h) => {
        for (const c of parseAccept(h)) assert.equal(typeof c.q, 'number');
        wellFormed(negotiateOutput(h, r));
        wellFormed(negotiateOutputStream(h, r));
        assert.equal(typeof wantsAggregatedDiscovery(h), 'boolean');
      }),
      params,
    );
  });
  it('Content-Type headers', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.constantFrom('application/json; charset=utf-8', 'a/b; x="y\\"z"', 'a/b;;'),
        ),
        (ct) => {
          try {
            const m = parseMediaType(ct);
            assert.equal(m.mediaType, m.mediaType.toLowerCase());
          } catch (e) {
            assert.ok(e instanceof MediaTypeError, String(e));
          }
          wellFormed(inputFormat(ct));
          wellFormed(patchTypeFor(ct));
        },
      ),
      params,
    );
  });
});
