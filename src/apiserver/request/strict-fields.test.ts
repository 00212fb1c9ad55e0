import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldValidationOutcome, strictFieldProblems } from './strict-fields.js';

const cm = { group: '', version: 'v1', kind: 'ConfigMap' };
const bytes = (s: string) => new TextEncoder().encode(s);

test('unknown and duplicate fields of a JSON body, in document order', () => {
  const body =
    '{"apiVersion":"v1","kind":"ConfigMap","foo":1,"metadata":{"name":"a","bogus":2,"name":"b"},"data":{"k":"v"}}';
  assert.deepEqual(strictFieldProblems(bytes(body), 'json', cm), [
    'unknown field "foo"',
    'unknown field "metadata.bogus"',
    'duplicate field "metadata.name"',
  ]);
});

test('unknown fields of a YAML body', () => {
  const body = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nspec: {}\n';
  assert.deepEqual(strictFieldProblems(bytes(body), 'yaml', cm), ['unknown field "spec"']);
});

test('bodies of another kind, or that do not parse, are left to other checks', () => {
  assert.deepEqual(strictFieldProblems(bytes('{"apiVersion":"v1","kind":"Secret","foo":1}'), 'json', cm), []);
  assert.deepEqual(strictFieldProblems(bytes('{"kind":'), 'json', cm), []);
  assert.deepEqual(strictFieldProblems(bytes('[1]'), 'json', cm), []);
});

test('the fieldValidation directive decides what the problems become', () => {
  const problems = ['unknown field "foo"', 'unknown field "metadata.bogus"'];
  assert.deepEqual(fieldValidationOutcome('Ignore', problems, cm), { ok: true, value: [] });
  assert.deepEqual(fieldValidationOutcome('', problems, cm), { ok: true, value: problems });
  assert.deepEqual(fieldValidationOutcome('Warn', problems, cm), { ok: true, value: problems });
  assert.deepEqual(fieldValidationOutcome('Strict', [], cm), { ok: true, value: [] });
  const strict = fieldValidationOutcome('Strict', problems, cm);
  assert.equal(strict.ok, false);
  if (!strict.ok) {
    assert.equal(strict.error.code, 400);
    assert.equal(
      strict.error.message,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "foo", unknown field "metadata.bogus"',
    );
  }
});
