// Realistic manifests people apply: each must decode against the schema without unknown fields
// or type errors, default, and validate cleanly on create and on an unchanged update.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { findUnknownFields, resourceForKind, typeCheck } from '../../src/api/index.js';
import { defaultObject } from '../../src/api/defaults/index.js';
import { validationFor } from '../../src/api/validation/index.js';
import { errorString } from '../../src/apimachinery/field/index.js';
import { parseGroupVersion } from '../../src/apimachinery/meta/index.js';

type Obj = Record<string, unknown> & { apiVersion: string; kind: string; metadata: Record<string, unknown> };

const dir = new URL('../../../test/fixtures/manifests/valid/', import.meta.url);

function documents(file: string): Obj[] {
  const text = readFileSync(new URL(file, dir), 'utf8');
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return d.toJS() as Obj;
  });
}

// What the server adds when it stores an object, so that an update of it is well-formed.
function asStored(obj: Obj): Obj {
  const stored = structuredClone(obj);
  stored.metadata = {
    ...stored.metadata,
    uid: '6a0b8f5e-4a7b-4a3e-9a55-6f0e7d2c1b11',
    resourceVersion: '42',
    creationTimestamp: '2026-01-02T03:04:05Z',
    generation: 1,
  };
  return stored;
}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  describe(file, () => {
    for (const obj of documents(file)) {
      const label = `${obj.kind} ${String(obj.metadata.name)}`;
      test(label, () => {
        const { group, version } = parseGroupVersion(obj.apiVersion);
        const gvk = { group, version, kind: obj.kind };
        assert.ok(resourceForKind(gvk), `${obj.apiVersion} ${obj.kind} is in the catalogue`);
        assert.equal(typeCheck(gvk, obj), undefined, 'no type errors');
        assert.deepEqual(findUnknownFields(gvk, obj), [], 'no unknown fields');

        defaultObject(obj.apiVersion, obj.kind, obj);
        const v = validationFor(obj.apiVersion, obj.kind);
        assert.ok(v, `validation exists for ${obj.apiVersion}/${obj.kind}`);
        assert.deepEqual(v.validate(obj).map(errorString), [], 'valid on create');

        const stored = asStored(obj);
        assert.deepEqual(
          v.validateUpdate(structuredClone(stored), stored).map(errorString),
          [],
          'valid on update',
        );
      });
    }
  });
}
