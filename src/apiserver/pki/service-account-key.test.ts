import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureServiceAccountKey } from './service-account-key.js';

test('ensureServiceAccountKey creates the pair once, then reuses it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kite-sa-key-'));
  try {
    const first = await ensureServiceAccountKey(join(dir, 'pki'));
    assert.equal(first.created, true);
    assert.match(first.privateKeyPEM, /BEGIN PRIVATE KEY/);
    assert.equal(statSync(join(dir, 'pki', 'sa.key')).mode & 0o777, 0o600);
    const second = await ensureServiceAccountKey(join(dir, 'pki'));
    assert.equal(second.created, false);
    assert.equal(second.privateKeyPEM, first.privateKeyPEM);
    assert.equal(second.publicKeyPEM, first.publicKeyPEM);
    writeFileSync(join(dir, 'pki', 'sa.key'), 'garbage');
    await assert.rejects(ensureServiceAccountKey(join(dir, 'pki')), /not a private key/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
