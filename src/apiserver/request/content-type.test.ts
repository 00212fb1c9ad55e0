import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CustomResourcePatchTypes,
  inputFormat,
  MediaTypeError,
  parseMediaType,
  patchTypeFor,
} from './content-type.js';

describe('parseMediaType (Go mime.ParseMediaType)', () => {
  const ok: [string, string, [string, string][]][] = [
    ['application/json', 'application/json', []],
    ['Application/JSON', 'application/json', []],
    ['application/json; charset=utf-8', 'application/json', [['charset', 'utf-8']]],
    ['application/json;CHARSET="utf-8"', 'application/json', [['charset', 'utf-8']]],
    ['application/json;', 'application/json', []],
    ['text/plain; a="q\\"x"', 'text/plain', [['a', 'q"x']]],
    ['form-data', 'form-data', []],
  ];
  for (const [input, type, params] of ok) {
    it(`parses ${JSON.stringify(input)}`, () => {
      const r = parseMediaType(input);
      assert.equal(r.mediaType, type);
      assert.deepEqual([...r.params], params);
    });
  }
  const bad: [string, string][] = [
    ['', 'mime: no media type'],
    ['/json', 'mime: no media type'],
    ['application/', 'mime: expected token after slash'],
    ['application json', 'mime: expected slash after first token'],
    ['application/json x', 'mime: unexpected content after media subtype'],
    ['application/json; charset', 'mime: invalid media parameter'],
    ['application/json; a=1; a=2', 'mime: duplicate parameter name'],
    ['application/json; a="unterminated', 'mime: invalid media parameter'],
  ];
  for (const [input, msg] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseMediaType(input),
        (e: unknown) => e instanceof MediaTypeError && e.message === msg,
      );
    });
  }
});

describe('inputFormat', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['absent is json', undefined, 'json'],
    ['empty is json', '', 'json'],
    ['json', 'application/json', 'json'],
    ['json with charset', 'application/json; charset=utf-8', 'json'],
    ['upper case', 'APPLICATION/YAML', 'yaml'],
    ['yaml', 'application/yaml', 'yaml'],
    ['protobuf', 'application/vnd.kubernetes.protobuf', undefined],
    ['a patch type', 'application/merge-patch+json', undefined],
    ['text', 'text/plain', undefined],
    ['malformed', 'application/json; x', undefined],
  ];
  for (const [name, ct, want] of cases) {
    it(name, () => {
      const r = inputFormat(ct);
      if (want !== undefined) assert.deepEqual(r, { ok: true, value: want });
      else {
        assert.ok(!r.ok);
        assert.equal(r.error.code, 415);
        assert.equal(r.error.reason, 'UnsupportedMediaType');
        assert.equal(
          r.error.status.message,
          'the body of the request was in an unknown format - accepted media types include: ' +
            'application/json, application/yaml, application/vnd.kubernetes.protobuf',
        );
      }
    });
  }
});

describe('patchTypeFor', () => {
  const all =
    'application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml';
  const cases: [string, string | undefined, string | undefined][] = [
    ['json patch', 'application/json-patch+json', 'application/json-patch+json'],
    [
      'merge patch with charset',
      'application/merge-patch+json; charset=utf-8',
      'application/merge-patch+json',
    ],
    ['strategic merge', 'application/strategic-merge-patch+json', 'application/strategic-merge-patch+json'],
    ['apply', 'application/apply-patch+yaml', 'application/apply-patch+yaml'],
    ['plain json is not a patch', 'application/json', undefined],
    ['no content type', undefined, undefined],
    ['case is not folded', 'Application/Merge-Patch+JSON', undefined],
    ['leading space is not trimmed', ' application/merge-patch+json', undefined],
    ['a leading semicolon is not cut', ';application/merge-patch+json', undefined],
  ];
  for (const [name, ct, want] of cases) {
    it(name, () => {
      const r = patchTypeFor(ct);
      if (want !== undefined) assert.deepEqual(r, { ok: true, value: want });
      else {
        assert.ok(!r.ok);
        assert.equal(r.error.code, 415);
        assert.equal(
          r.error.status.message,
          `the body of the request was in an unknown format - accepted media types include: ${all}`,
        );
      }
    });
  }
  it('custom resources take no strategic merge patch', () => {
    const r = patchTypeFor('application/strategic-merge-patch+json', CustomResourcePatchTypes);
    assert.ok(!r.ok);
    assert.equal(
      r.error.status.message,
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });
});
