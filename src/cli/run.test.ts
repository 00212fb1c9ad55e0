import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const bin = fileURLToPath(new URL('./main.js', import.meta.url));

test('kite --version prints the package version and the Kubernetes version', () => {
  const out = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  assert.match(out, /^kite version v\d+\.\d+\.\d+ \(Kubernetes v1\.\d+\.\d+\)\n$/);
});

test('kite --help lists usage and exits 0', () => {
  const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  assert.match(out, /Usage: kite <command>/);
  assert.match(out, /--version/);
});

test('an unknown command fails with exit code 2 and a hint', () => {
  const r = spawnSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
});
