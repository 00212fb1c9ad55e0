import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensurePKI, type PKI } from './ensure.js';
import { PKIError } from './errors.js';
import { certIdentity } from './identity.js';
import { certificateAltNames } from './inspect.js';
import { createCA, issueClientCert } from './issue.js';

const files = ['ca.crt', 'ca.key', 'server.crt', 'server.key', 'admin.crt', 'admin.key'] as const;
const t0 = new Date('2026-01-10T00:00:00Z');
const at = (days: number) => () => new Date(t0.getTime() + days * 86_400_000);
const hosts = ['192.168.1.10'];

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});
async function freshDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'kite-pki-'));
  roots.push(root);
  return join(root, 'pki');
}
async function snapshot(
  dir: string,
): Promise<Record<string, { text: string; mtimeMs: number; mode: number }>> {
  const out: Record<string, { text: string; mtimeMs: number; mode: number }> = {};
  for (const f of files) {
    const st = await stat(join(dir, f));
    out[f] = { text: await readFile(join(dir, f), 'utf8'), mtimeMs: st.mtimeMs, mode: st.mode & 0o777 };
  }
  return out;
}
const written = (p: PKI) => p.written.map((w) => w.pair);

describe('ensurePKI', () => {
  it('creates the CA, the serving and the admin certificate with the right modes', async () => {
    const dir = await freshDir();
    const pki = await ensurePKI({ dir, hosts, now: at(0) });
    assert.deepEqual(written(pki), ['ca', 'server', 'admin']);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    const snap = await snapshot(dir);
    for (const f of files) assert.equal(snap[f]?.mode, f.endsWith('.key') ? 0o600 : 0o644, f);
    assert.equal(snap['ca.crt']?.text, pki.ca.certPEM);
    assert.match(snap['admin.key']?.text ?? '', /^-----BEGIN PRIVATE KEY-----/);

    const ca = new X509Certificate(pki.ca.certPEM);
    const server = new X509Certificate(pki.server.certPEM);
    const admin = new X509Certificate(pki.admin.certPEM);
    assert.ok(server.checkIssued(ca) && server.verify(ca.publicKey));
    assert.ok(admin.checkIssued(ca) && admin.verify(ca.publicKey));
    assert.deepEqual(certIdentity(admin), { user: 'kite-admin', groups: ['system:masters'] });
    assert.deepEqual(certIdentity(server), { user: 'kube-apiserver', groups: [] });
    assert.deepEqual(certificateAltNames(pki.server.certPEM), {
      dnsNames: [
        'localhost',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
      ],
      ips: ['127.0.0.1', '192.168.1.10', '10.96.0.1'],
    });
    assert.equal(new Date(server.validTo).getTime(), t0.getTime() + 365 * 86_400_000);
    assert.equal(new Date(ca.validTo).getTime(), t0.getTime() + 3650 * 86_400_000);
  });

  it('is idempotent: a second run reuses every file untouched', async () => {
    const dir = await freshDir();
    const first = await ensurePKI({ dir, hosts, extraSANs: ['api.example.com'], now: at(0) });
    const before = await snapshot(dir);
    const second = await ensurePKI({
      dir,
      hosts,
      extraSANs: ['API.example.com', '192.168.1.10'],
      now: at(100),
    });
    assert.deepEqual(second.written, []);
    assert.deepEqual(await snapshot(dir), before);
    assert.equal(second.server.certPEM, first.server.certPEM);
  });

  const reissue: {
    name: string;
    change: (dir: string, pki: PKI) => Promise<void>;
    hosts?: string[];
    days?: number;
    want: string[];
    reason?: RegExp;
  }[] = [
    {
      name: 'a new host address re-issues only the serving certificate',
      change: async () => {},
      hosts: ['192.168.1.11'],
      want: ['server'],
      reason: /subject alternative names changed/,
    },
    {
      name: 'a removed host address re-issues only the serving certificate',
      change: async () => {},
      hosts: [],
      want: ['server'],
    },
    {
      name: 'leaves expiring within 30 days are re-issued, the CA kept',
      change: async () => {},
      days: 336,
      want: ['server', 'admin'],
      reason: /expires within 30 days/,
    },
    { name: '31 days before expiry nothing is re-issued', change: async () => {}, days: 334, want: [] },
    {
      name: 'a missing serving key',
      change: (dir) => unlink(join(dir, 'server.key')),
      want: ['server'],
      reason: /missing/,
    },
    {
      name: 'a corrupt admin certificate',
      change: (dir) => writeFile(join(dir, 'admin.crt'), 'garbage'),
      want: ['admin'],
      reason: /no PEM data/,
    },
    {
      name: 'a serving key of another pair',
      change: (dir, pki) => writeFile(join(dir, 'server.key'), pki.admin.keyPEM),
      want: ['server'],
      reason: /does not match/,
    },
    {
      name: 'an admin certificate from another CA',
      change: async (dir) => {
        const other = await issueClientCert(
          { ca: await createCA({ now: at(0) }) },
          { commonName: 'kite-admin', organizations: ['system:masters'], now: at(0) },
        );
        await writeFile(join(dir, 'admin.crt'), other.certPEM);
        await writeFile(join(dir, 'admin.key'), other.keyPEM);
      },
      want: ['admin'],
      reason: /not issued by the cluster CA/,
    },
    {
      name: 'an admin certificate of another identity',
      change: async (dir, pki) => {
        const other = await issueClientCert(pki, { commonName: 'someone', now: at(0) });
        await writeFile(join(dir, 'admin.crt'), other.certPEM);
        await writeFile(join(dir, 'admin.key'), other.keyPEM);
      },
      want: ['admin'],
      reason: /subject changed/,
    },
    {
      name: 'the admin certificate used as the serving one',
      change: async (dir, pki) => {
        await writeFile(join(dir, 'server.crt'), pki.admin.certPEM);
        await writeFile(join(dir, 'server.key'), pki.admin.keyPEM);
      },
      want: ['server'],
    },
  ];
  for (const c of reissue) {
    it(c.name, async () => {
      const dir = await freshDir();
      const first = await ensurePKI({ dir, hosts, now: at(0) });
      await c.change(dir, first);
      const before = await snapshot(dir).catch(() => undefined);
      const second = await ensurePKI({ dir, hosts: c.hosts ?? hosts, now: at(c.days ?? 1) });
      assert.deepEqual(written(second), c.want);
      if (c.reason !== undefined) assert.match(second.written[0]?.reason ?? '', c.reason);
      assert.equal(second.ca.certPEM, first.ca.certPEM, 'the CA is never replaced');
      assert.equal(second.ca.keyPEM, first.ca.keyPEM);
      const after = await snapshot(dir);
      for (const pair of ['ca', 'server', 'admin'] as const) {
        const changed = c.want.includes(pair);
        if (!changed && before !== undefined) {
          assert.equal(after[`${pair}.crt`]?.text, before[`${pair}.crt`]?.text, `${pair}.crt kept`);
          assert.equal(after[`${pair}.key`]?.text, before[`${pair}.key`]?.text, `${pair}.key kept`);
        }
        if (changed) {
          assert.notEqual(after[`${pair}.key`]?.text, first[pair].keyPEM, `${pair} has a new key`);
          const cert = new X509Certificate(after[`${pair}.crt`]?.text ?? '');
          assert.ok(cert.checkIssued(new X509Certificate(first.ca.certPEM)));
        }
      }
      assert.deepEqual((await ensurePKI({ dir, hosts: c.hosts ?? hosts, now: at(c.days ?? 1) })).written, []);
    });
  }

  it('re-issues for the new SANs exactly', async () => {
    const dir = await freshDir();
    await ensurePKI({ dir, hosts, now: at(0) });
    const pki = await ensurePKI({
      dir,
      hosts: ['10.0.0.2', 'fd00::2'],
      extraSANs: ['kite.example'],
      now: at(1),
    });
    const got = certificateAltNames(pki.server.certPEM);
    assert.deepEqual(got.ips, ['127.0.0.1', '10.0.0.2', 'fd00::2', '10.96.0.1']);
    assert.ok(got.dnsNames.includes('kite.example'));
  });

  it('tightens a key file left with a wider mode', async () => {
    const dir = await freshDir();
    await ensurePKI({ dir, hosts, now: at(0) });
    await chmod(join(dir, 'admin.key'), 0o644);
    await chmod(dir, 0o755);
    const pki = await ensurePKI({ dir, hosts, now: at(0) });
    assert.deepEqual(pki.written, []);
    assert.equal((await stat(join(dir, 'admin.key'))).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  });

  const refuse: { name: string; change: (dir: string) => Promise<void>; days?: number; message: RegExp }[] = [
    {
      name: 'a CA certificate without its key',
      change: (dir) => unlink(join(dir, 'ca.key')),
      message: /ca\.crt exists but .*ca\.key does not/,
    },
    {
      name: 'a CA key without its certificate',
      change: (dir) => unlink(join(dir, 'ca.crt')),
      message: /ca\.key exists but .*ca\.crt does not/,
    },
    {
      name: 'a corrupt CA certificate',
      change: (dir) => writeFile(join(dir, 'ca.crt'), 'x'),
      message: /ca\.crt: no PEM data found/,
    },
    {
      name: 'a CA key of another CA',
      change: async (dir) => writeFile(join(dir, 'ca.key'), (await createCA()).keyPEM),
      message: /ca\.key: private key does not match/,
    },
    {
      name: 'a leaf in place of the CA',
      change: async (dir) => {
        await writeFile(join(dir, 'ca.crt'), await readFile(join(dir, 'admin.crt')));
        await writeFile(join(dir, 'ca.key'), await readFile(join(dir, 'admin.key')));
      },
      message: /ca\.crt: not a CA certificate/,
    },
    { name: 'an expired CA', change: async () => {}, days: 3651, message: /the cluster CA expired at 2036-/ },
  ];
  for (const c of refuse) {
    it(`refuses ${c.name}`, async () => {
      const dir = await freshDir();
      await ensurePKI({ dir, hosts, now: at(0) });
      await c.change(dir);
      await assert.rejects(
        ensurePKI({ dir, hosts, now: at(c.days ?? 0) }),
        (e: unknown) => e instanceof PKIError && c.message.test(e.message),
      );
    });
  }

  it('finishes a first start that stopped after writing the CA key', async () => {
    const dir = await freshDir();
    await ensurePKI({ dir, hosts, now: at(0) });
    for (const f of ['ca.crt', 'server.crt', 'server.key', 'admin.crt', 'admin.key'])
      await unlink(join(dir, f));
    const pki = await ensurePKI({ dir, hosts, now: at(0) });
    assert.deepEqual(written(pki), ['ca', 'server', 'admin']);
  });

  it('rejects an invalid extra SAN before writing anything', async () => {
    const dir = await freshDir();
    await assert.rejects(
      ensurePKI({ dir, hosts, extraSANs: ['bad_name'] }),
      /invalid subject alternative name "bad_name"/,
    );
    await assert.rejects(stat(dir), { code: 'ENOENT' });
  });
});

describe('ensurePKI and the clock', () => {
  it('re-issues leaves that are not yet valid after the clock went back, keeping the CA', async () => {
    const dir = await freshDir();
    const later = await ensurePKI({ dir, hosts, now: at(10) });
    const earlier = await ensurePKI({ dir, hosts, now: at(9) });
    assert.deepEqual(
      earlier.written.map((w) => [w.pair, w.reason]),
      [
        ['server', 'not yet valid'],
        ['admin', 'not yet valid'],
      ],
    );
    assert.equal(earlier.ca.certPEM, later.ca.certPEM);
  });
});
