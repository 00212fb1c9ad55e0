import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  authenticate,
  CSVParseError,
  parseBearerHeader,
  parseCSV,
  parseImpersonationHeaders,
  parseTokenFile,
  TokenFileError,
  userFromPeerCertificate,
} from './index.js';

const RUNS = { seed: 20261123, numRuns: 2000 };

const csvish = fc
  .array(fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '#', 'é', ''), { maxLength: 40 })
  .map((cs) => cs.join(''));

test('parseCSV returns records or throws CSVParseError', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60 }), csvish), (s) => {
      try {
        const recs = parseCSV(s);
        assert.ok(recs.every((r) => r.length > 0 && r.every((f) => typeof f === 'string')));
      } catch (e) {
        assert.ok(e instanceof CSVParseError, `unexpected ${String(e)}`);
        assert.ok(e.message.length > 0);
      }
    }),
    RUNS,
  );
});

test('parseTokenFile returns tokens or throws TokenFileError', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60 }), csvish), (s) => {
      try {
        const { tokens } = parseTokenFile('/f', s);
        for (const [t, u] of tokens) assert.ok(t !== '' && typeof u.name === 'string');
      } catch (e) {
        assert.ok(e instanceof TokenFileError, `unexpected ${String(e)}`);
        assert.ok(e.message.length > 0);
      }
    }),
    RUNS,
  );
});

test('parseBearerHeader never throws', () => {
  const headerish = fc
    .array(fc.constantFrom('Bearer', 'bearer', ' ', '\t', 'tok', 'Basic', '\u00a0'), { maxLength: 8 })
    .map((cs) => cs.join(''));
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 40 }), headerish), (s) => {
      const r = parseBearerHeader(s);
      if (r.kind === 'token') assert.ok(r.token !== '' && !r.token.includes(' '));
    }),
    RUNS,
  );
});

test('parseImpersonationHeaders returns requests or a 400', () => {
  const name = fc.constantFrom(
    'impersonate-user',
    'Impersonate-Group',
    'impersonate-uid',
    'impersonate-extra-',
    'Impersonate-Extra-a%2F',
    'impersonate-extra-%',
    'x',
  );
  const value = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  );
  fc.assert(
    fc.property(fc.dictionary(name, value, { maxKeys: 5 }), (headers) => {
      const r = parseImpersonationHeaders(headers);
      if ('error' in r) assert.equal(r.error.code, 400);
      else assert.ok(Array.isArray(r.requests));
    }),
    RUNS,
  );
});

test('authenticate and userFromPeerCertificate never throw on arbitrary JSON-like input', () => {
  const subject = fc.dictionary(
    fc.constantFrom('CN', 'O', 'OU'),
    fc.oneof(fc.string({ maxLength: 6 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 })),
  );
  fc.assert(
    fc.property(subject, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (s, auth, path) => {
      userFromPeerCertificate({ subject: s });
      const r = authenticate({ path, headers: { authorization: auth }, peerCertificate: { subject: s } });
      assert.ok('user' in r || 'error' in r);
    }),
    RUNS,
  );
});
