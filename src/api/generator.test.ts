import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { resolveResource } from './resolve.js';

// Compiled to <dist>/src/api/: the repository root is three levels up.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const reference = join(repoRoot, '../shared/reference/kubernetes-openapi-v2.json');

describe('scripts/gen-api.mjs', { skip: !existsSync(reference) && 'reference document absent' }, () => {
  it('regenerates exactly the committed catalogue and schema', () => {
    const out = mkdtempSync(join(tmpdir(), 'kite-gen-api-'));
    try {
      const r = spawnSync(
        process.execPath,
        [join(repoRoot, 'scripts/gen-api.mjs'), reference, '--out', out],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(r.status, 0, r.stderr);
      for (const file of ['resources.json', 'definitions.json']) {
        const committed = readFileSync(join(repoRoot, 'src/api/generated', file), 'utf8');
        assert.equal(
          readFileSync(join(out, file), 'utf8'),
          committed,
          `${file} differs from the generator's output`,
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('resolveResource fuzz', () => {
  it('returns a list for any argument', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const found = resolveResource(s);
        assert.ok(Array.isArray(found));
        for (const r of found) assert.equal(typeof r.plural, 'string');
      }),
      { seed: 9, numRuns: 2000 },
    );
  });
});
